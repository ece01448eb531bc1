import http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * An HTTP server on a free port of 127.0.0.1, answering with `handler`, for tests that stand in for
 * the dashboard in front of a real agent. `close` ends it and every connection it holds, so a test's
 * clean-up never waits on an agent's long poll.
 */
export async function localHttpServer(handler: http.RequestListener): Promise<{ baseUrl: string; close: () => Promise<void> }> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
