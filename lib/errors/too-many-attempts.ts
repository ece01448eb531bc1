// A refusal before anything was tried: too many attempts lately (wrong passwords, say), counted by
// the limiters of lib/auth/sign-in-limits.ts. Not a DomainError: its code is the API's own
// `rate_limited`, which lib/api answers 429 with Retry-After from `retryAt`.

export class TooManyAttempts extends Error {
  constructor(
    message: string,
    /** When an attempt will be counted again. */
    readonly retryAt: Date,
  ) {
    super(message);
    this.name = "TooManyAttempts";
  }
}

/** Whole seconds until `retryAt`, at least one: what Retry-After says. */
export const secondsUntil = (retryAt: Date, now = Date.now()) => Math.max(1, Math.ceil((retryAt.getTime() - now) / 1000));
