import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from "node:crypto";

// Passwords are stored as `scrypt$N$r$p$salt$hash` (base64url), so the cost can rise later without
// invalidating existing hashes: a hash of a lower cost is replaced at the next successful sign-in.

/** OWASP's minimum for scrypt: N=2^17, r=8, p=1 (128 MiB and about half a second per hash). */
const COST = { N: 2 ** 17, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;
// scrypt needs 128·N·r bytes (128 MiB here); node's default ceiling is 32 MiB.
const MAX_MEMORY = 256 * 1024 * 1024;
/**
 * Hashes at once per process. Each takes 128 MiB for half a second: a burst of sign-ins waits its
 * turn instead of taking the server's memory. (A few lines of queue, not a library: it is this one use.)
 */
const MAX_CONCURRENT = 4;

let running = 0;
const waiting: (() => void)[] = [];

async function inTurn<T>(work: () => Promise<T>): Promise<T> {
  if (running >= MAX_CONCURRENT) await new Promise<void>((resolve) => waiting.push(resolve));
  running += 1;
  try {
    return await work();
  } finally {
    running -= 1;
    waiting.shift()?.();
  }
}

function derive(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return inTurn(
    () =>
      new Promise((resolve, reject) =>
        scrypt(password.normalize("NFKC"), salt, KEY_LENGTH, { ...options, maxmem: MAX_MEMORY }, (error, key) => (error ? reject(error) : resolve(key))),
      ),
  );
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, COST);
  return ["scrypt", COST.N, COST.r, COST.p, salt.toString("base64url"), key.toString("base64url")].join("$");
}

type Cost = { N: number; r: number; p: number };

function parse(stored: string): { cost: Cost; salt: string; hash: string } | null {
  const [scheme, n, r, p, salt, hash, ...rest] = stored.split("$");
  if (scheme !== "scrypt" || !salt || !hash || rest.length > 0) return null;
  const cost = { N: Number(n), r: Number(r), p: Number(p) };
  return isSaneCost(cost) ? { cost, salt, hash } : null;
}

/** True only for the right password. A damaged stored hash answers false rather than throwing. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parse(stored);
  if (!parsed) return false;
  const expected = Buffer.from(parsed.hash, "base64url");
  const actual = await derive(password, Buffer.from(parsed.salt, "base64url"), parsed.cost).catch(() => null);
  return actual !== null && actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** Whether a stored hash was made at another cost than today's, so a successful sign-in should hash again. */
export function needsRehash(stored: string): boolean {
  const parsed = parse(stored);
  return !parsed || parsed.cost.N !== COST.N || parsed.cost.r !== COST.r || parsed.cost.p !== COST.p;
}

// Bounds a stored cost so a damaged row can neither crash scrypt nor make it run for minutes.
function isSaneCost({ N, r, p }: Cost): boolean {
  const powerOfTwo = Number.isInteger(N) && N >= 2 && (N & (N - 1)) === 0;
  return powerOfTwo && N <= 2 ** 17 && Number.isInteger(r) && r >= 1 && r <= 16 && Number.isInteger(p) && p >= 1 && p <= 4;
}

// A hash of a random password: verifying against it costs the same as against a real user's,
// so the response time does not reveal whether an email address has an account.
let decoyHash: Promise<string> | undefined;
export function decoyPasswordHash(): Promise<string> {
  decoyHash ??= hashPassword(randomBytes(16).toString("hex"));
  return decoyHash;
}
