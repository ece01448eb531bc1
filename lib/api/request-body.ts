import { ApiError } from "./errors.ts";

// How much of a request body the dashboard will read, and the reader that keeps to it. A body over
// its limit is refused with 413 before it is read whole: a declared Content-Length is checked before
// any byte is read, and a body without one (chunked) is counted as it streams in and abandoned at
// the limit. Pages read no bodies: the app has no Server Actions, and Next refuses unknown ones
// before reading.

const KiB = 1024;
const MiB = 1024 * KiB;

/** The largest request body each kind of route reads, in bytes. */
export const BODY_LIMITS = {
  /** Customer API (/api/v1): settings and actions are a few hundred bytes of JSON. */
  customer: 64 * KiB,
  /** Sign-in and the rest of next-auth (/api/auth): an email, a password and a CSRF token. */
  auth: 64 * KiB,
  /** Admin API: a host, a customer, or an import naming up to 500 domains. */
  admin: 64 * KiB,
  /** Provider API: a host's report lists up to 5,000 domains (about 2.5 MB at its largest). */
  provider: 4 * MiB,
} as const;

export function payloadTooLarge(limit: number): ApiError {
  return new ApiError("payload_too_large", `The request body is larger than this endpoint accepts (${formatBytes(limit)}).`, { limitBytes: limit });
}

/** Refuses a body whose declared length is over `limit`, without touching the body. */
export function refuseDeclaredOversize(request: Request, limit: number): void {
  const declared = request.headers.get("content-length");
  if (declared !== null && Number(declared) > limit) throw payloadTooLarge(limit);
}

/** The body as text, read chunk by chunk; throws payload_too_large as soon as it passes `limit`. */
export async function readBodyText(request: Request, limit: number): Promise<string> {
  refuseDeclaredOversize(request, limit);
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let received = 0;
  try {
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      received += chunk.value.byteLength;
      if (received > limit) throw payloadTooLarge(limit);
      chunks.push(chunk.value);
    }
  } finally {
    // Not cancel(): on Node that destroys the socket before the 413 can be written. The unread rest
    // stays on the wire; Node closes the idle connection after its keep-alive timeout (5 s).
    reader.releaseLock();
  }
  return Buffer.concat(chunks).toString("utf8");
}

function formatBytes(bytes: number): string {
  return bytes >= MiB ? `${bytes / MiB} MiB` : `${bytes / KiB} KiB`;
}
