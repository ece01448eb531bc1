// Request bodies that count what the server pulls from them, for tests that a body over its limit
// is refused without being read whole.

export const KiB = 1024;
export const MiB = 1024 * KiB;
const CHUNK = 64 * KiB;

export type CountedBody = { stream: ReadableStream<Uint8Array>; pulled: () => number };

/**
 * A body of `total` bytes (forever when Infinity) handed out one 64 KiB chunk per read: nothing is
 * produced ahead of the reader, so `pulled()` is exactly what the server has read.
 */
export function countedBody(total = Infinity): CountedBody {
  let pulled = 0;
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        const size = Math.min(CHUNK, total - pulled);
        if (size <= 0) return controller.close();
        pulled += size;
        controller.enqueue(new Uint8Array(size).fill(0x20));
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, pulled: () => pulled };
}

/** A POST whose body streams; without `length` it has no Content-Length, as a chunked upload. */
export function streamingPost(body: CountedBody, headers: Record<string, string> = {}, length?: number) {
  return {
    method: "POST",
    headers: { "content-type": "application/json", ...headers, ...(length === undefined ? {} : { "content-length": String(length) }) },
    body: body.stream,
    duplex: "half" as const,
  };
}

/** The answer, or a failure naming how long it did not come: a handler reading forever never answers. */
export async function answerWithin(answer: Promise<Response>, ms: number): Promise<Response> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([answer, late]);
  } finally {
    clearTimeout(timer);
  }
}
