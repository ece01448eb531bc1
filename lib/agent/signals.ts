// AbortSignals the agent combines by hand. AbortSignal.any([stop, AbortSignal.timeout(ms)]) looks
// the same, but on Node 20 the timeout signal inside such a composite can be garbage-collected before
// it fires (nodejs/node#57736): a call whose answer never comes would then wait forever. Here the
// timer and the listeners hold the controller, and clear() lets go of them once the work is done.

export type Combined = { signal: AbortSignal; clear: () => void };

/** Aborts when any of `sources` aborts, or after `timeoutMs` (with a TimeoutError) when given. */
export function combinedSignal(sources: (AbortSignal | undefined)[], timeoutMs?: number): Combined {
  const controller = new AbortController();
  const present = sources.filter((source): source is AbortSignal => source !== undefined);
  const listeners = present.map((source) => {
    const listener = () => controller.abort(source.reason);
    source.addEventListener("abort", listener, { once: true });
    return { source, listener };
  });
  const timer = timeoutMs === undefined ? undefined : setTimeout(() => controller.abort(new DOMException(`No answer within ${timeoutMs} ms`, "TimeoutError")), timeoutMs);
  const clear = () => {
    clearTimeout(timer);
    for (const { source, listener } of listeners) source.removeEventListener("abort", listener);
  };
  const aborted = present.find((source) => source.aborted);
  if (aborted) controller.abort(aborted.reason);
  controller.signal.addEventListener("abort", clear, { once: true });
  return { signal: controller.signal, clear };
}
