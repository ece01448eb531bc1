/** What ballooning is and when to turn it off, in the customer's terms. */
export function BallooningExplainer() {
  return (
    <div className="space-y-3 text-sm text-slate-700">
      <p>
        Ballooning lets the host move memory between servers while they run. A small driver inside your server hands memory it
        is not using back to the host, and takes it back the moment your server needs it. It is the recommended default: it keeps
        the whole host stable under changing load.
      </p>
      <p>
        Some workloads want fixed, guaranteed memory with no adjustment at all, such as real-time databases and low-latency
        services. For them, disable ballooning.
      </p>
    </div>
  );
}
