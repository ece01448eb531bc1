import pg from "pg";
import { RateLimiterPostgres, RateLimiterRes } from "rate-limiter-flexible";
import { databaseUrl } from "@/lib/db/client.ts";

// How many sign-ins may fail, counted in PostgreSQL so every app instance shares the counts, by
// rate-limiter-flexible: each attempt is counted in one statement *before* its password is checked,
// so attempts made at the same moment cannot slip past a limit between the check and the count.
//   - everywhere: a ceiling for the whole service, against spraying from many addresses;
//   - per address: one client trying many accounts;
//   - per account, from browsers that never signed in to it: guessing one account's password;
//   - per account and known browser: the owner's own browser keeps a limit of its own, so a
//     stranger who exhausts the account's limit does not lock its owner out.
// A successful sign-in takes its attempt back and clears the account's counts.

export type Limit = { points: number; durationSeconds: number; blockSeconds: number };

export const SIGN_IN_LIMITS = {
  everywhere: { points: 300, durationSeconds: 60, blockSeconds: 60 },
  address: { points: 25, durationSeconds: 15 * 60, blockSeconds: 15 * 60 },
  account: { points: 5, durationSeconds: 15 * 60, blockSeconds: 15 * 60 },
  knownBrowser: { points: 10, durationSeconds: 15 * 60, blockSeconds: 15 * 60 },
} as const satisfies Record<string, Limit>;

export type LimitName = keyof typeof SIGN_IN_LIMITS;

const TABLE = "rate_limits"; // created by a migration, as every table is

type Limiters = Record<LimitName, RateLimiterPostgres>;
const state = globalThis as unknown as { signInLimiters?: Map<string, Limiters> };

/** Limits other than SIGN_IN_LIMITS, counted apart from them under `scope` (tests). */
export type LimitSet = { scope: string; limits: Record<LimitName, Limit> };

/** The limiters for a set of limits (one per process and set). */
export function signInLimiters({ scope, limits }: LimitSet = { scope: "", limits: SIGN_IN_LIMITS }): Limiters {
  state.signInLimiters ??= new Map();
  const id = `${scope}
${JSON.stringify(limits)}`;
  const cached = state.signInLimiters.get(id);
  if (cached) return cached;
  const pool = new pg.Pool({ connectionString: databaseUrl(), max: 2, connectionTimeoutMillis: 5_000, query_timeout: 5_000, keepAlive: true });
  const make = (name: LimitName): RateLimiterPostgres =>
    new RateLimiterPostgres({
      storeClient: pool,
      tableName: TABLE,
      tableCreated: true,
      keyPrefix: `sign-in${scope ? `:${scope}` : ""}:${name}`,
      points: limits[name].points,
      duration: limits[name].durationSeconds,
      blockDuration: limits[name].blockSeconds,
    });
  const limiters = { everywhere: make("everywhere"), address: make("address"), account: make("account"), knownBrowser: make("knownBrowser") };
  state.signInLimiters.set(id, limiters);
  return limiters;
}

export type Counted = { limiter: RateLimiterPostgres; key: string };

/**
 * Counts one attempt against each of `checks`, in order. Over any limit: the attempts counted so far
 * are taken back (this one is refused unchecked) and the answer says when to try again.
 */
export async function countAttempt(checks: Counted[]): Promise<{ admitted: true } | { admitted: false; retryAt: Date }> {
  const counted: Counted[] = [];
  for (const check of checks) {
    try {
      await check.limiter.consume(check.key);
      counted.push(check);
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      await takeBack(counted);
      return { admitted: false, retryAt: new Date(Date.now() + rejection.msBeforeNext) };
    }
  }
  return { admitted: true };
}

export async function takeBack(counted: Counted[]): Promise<void> {
  await Promise.all(counted.map(({ limiter, key }) => limiter.reward(key, 1)));
}

export async function forget(counted: Counted[]): Promise<void> {
  await Promise.all(counted.map(({ limiter, key }) => limiter.delete(key)));
}
