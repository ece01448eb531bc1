// The retention policy: raw samples for a day, five-minute roll-ups for 30 days. Apart from the
// pruning job, so the provider API's contract (which the host agent imports) can read it.

export const RAW_RETENTION_MS = 24 * 60 * 60_000;
export const ROLLUP_RETENTION_MS = 30 * 24 * 60 * 60_000;
