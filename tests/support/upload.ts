import http from "node:http";

// Uploads to a running dashboard over plain node:http, which hands over an answer the moment it
// arrives, even while the body is still being sent: tests can see a server refuse a body early.

export type Upload = {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  /** Bytes handed to the socket before the answer came. */
  sentBeforeAnswer: number;
  ms: number;
  /** With `awaitClose`: when the server closed the connection, counted from the start. */
  closedMs?: number;
};

const CHUNK = Buffer.alloc(64 * 1024, 0x20);

type Options = { total: number; declareLength: boolean; headers?: Record<string, string>; timeoutMs?: number; awaitClose?: boolean };

/**
 * POSTs `total` bytes (forever when Infinity), with a Content-Length when `declareLength`, else
 * chunked. Resolves with the answer once it is complete (with `awaitClose`, once the server has
 * also closed the connection); rejects if that does not happen within `timeoutMs`.
 */
export function upload(url: string, { total, declareLength, headers = {}, timeoutMs = 20_000, awaitClose = false }: Options): Promise<Upload> {
  const started = Date.now();
  let sent = 0;
  let answered = false;
  return new Promise((resolve, reject) => {
    const request = http.request(url, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers, ...(declareLength ? { "content-length": String(total) } : {}) },
    });
    const timer = setTimeout(() => {
      request.destroy();
      reject(new Error(`no answer within ${timeoutMs} ms after sending ${sent} bytes`));
    }, timeoutMs);
    request.on("response", (response) => {
      answered = true;
      const sentBeforeAnswer = sent;
      let text = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (text += chunk));
      response.on("end", () => {
        const answer = { status: response.statusCode ?? 0, headers: response.headers, text, sentBeforeAnswer, ms: Date.now() - started };
        const settle = () => {
          clearTimeout(timer);
          resolve(awaitClose ? { ...answer, closedMs: Date.now() - started } : answer);
        };
        if (!awaitClose) {
          request.destroy();
          return settle();
        }
        const socket = request.socket;
        if (!socket || socket.destroyed) settle();
        else socket.once("close", settle);
      });
    });
    // Once the server has answered and closed, writes fail: that is the server refusing the rest.
    request.on("error", (error) => {
      if (answered) return;
      clearTimeout(timer);
      reject(error);
    });
    const pump = () => {
      while (!answered && !request.destroyed && sent < total) {
        const chunk = total - sent < CHUNK.length ? CHUNK.subarray(0, total - sent) : CHUNK;
        sent += chunk.length;
        if (!request.write(chunk)) return void request.once("drain", pump);
      }
      if (sent >= total && !request.destroyed) request.end();
    };
    pump();
  });
}
