// The retention policy: raw samples for at least a day (they go a whole UTC day at a time, so a day's
// samples stay until that day is a full day old: between 24 and 48 hours), five-minute and hourly
// roll-ups for 30 days. Apart from the pruning job, so the provider API's contract (which the host
// agent imports) can read it.

export const RAW_RETENTION_MS = 24 * 60 * 60_000;
export const ROLLUP_RETENTION_MS = 30 * 24 * 60 * 60_000;
