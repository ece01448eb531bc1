/** What ballooning is, why it is the default, and when to turn it off, in the customer's terms. */
export function BallooningExplanation() {
  return (
    <div className="space-y-4 text-sm text-slate-700">
      <div className="space-y-3">
        <p>
          Ballooning lets the host move memory between servers while they run. A small driver inside your server hands memory it
          is not using back to the host, and takes it back the moment your server needs it.
        </p>
        <p>
          <span className="font-medium text-slate-900">It is on by default, and we recommend keeping it on.</span> It keeps the
          whole host stable under changing load, and it lets your server report its own memory figures: what programs use, what is
          cache, what is still available.
        </p>
      </div>
      <div>
        <h3 className="font-medium text-slate-900">When to disable it</h3>
        <p className="mt-1">Some workloads want fixed, guaranteed memory with no adjustment at all:</p>
        <ul className="mt-2 list-disc space-y-1 pl-5 marker:text-slate-400">
          <li>real-time databases that must always find their memory in place;</li>
          <li>low-latency services, which cannot wait while memory is handed back to them.</li>
        </ul>
        <p className="mt-2">With ballooning disabled, your server keeps its full plan memory at all times.</p>
      </div>
    </div>
  );
}
