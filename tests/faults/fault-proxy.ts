import http from "node:http";
import type { AddressInfo } from "node:net";

// A proxy between host agents and the dashboard that fails chosen provider API calls the way a
// provider's network does: a 503 that never reached the dashboard, or an answer lost after the
// dashboard acted on the call (the agent's time-out fires). It can also run something at a chosen
// call (kill the agent, restart PostgreSQL, break the host) before or after passing it on.

export type ProviderCall =
  | { kind: "claim" }
  | { kind: "progress"; actionId: string; step?: string; status?: string }
  | { kind: "complete"; actionId: string; status: string }
  | { kind: "report" }
  | { kind: "other" };

/** What to do with one call: pass it on (running `before`/`after` around it), answer 503, or lose the answer. */
export type Interference = {
  mode: "pass" | "unavailable" | "lose_answer";
  before?: () => Promise<void>;
  after?: () => void;
  /** Called once the interference took effect (for a claim with onlyWhenClaiming: once it handed out work). */
  fired?: () => void;
  /** For a claim whose answer is to be lost: only when it hands out work (an empty answer passes). */
  onlyWhenClaiming?: boolean;
};

/** Called for every call of an agent (identified by its token); returns undefined to pass it on untouched. */
export type Interferer = (call: ProviderCall) => Interference | undefined;

export type FaultProxy = {
  url: string;
  /** Sets (or clears, with undefined) what happens to the calls made with this agent token. */
  interfere(token: string, interferer: Interferer | undefined): void;
  close(): Promise<void>;
};

export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const interferers = new Map<string, Interferer>();
  const held = new Set<http.ServerResponse>();

  const server = http.createServer((request, response) => {
    void handle(request, response).catch(() => {
      if (!response.headersSent) response.writeHead(502).end();
    });
  });

  async function handle(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const body = await readBody(request);
    const token = (request.headers.authorization ?? "").replace(/^Bearer /i, "");
    const call = classify(request.url ?? "", body);
    const interference = interferers.get(token)?.(call);
    if (interference?.mode === "unavailable") {
      await interference.before?.();
      response.writeHead(503, { "content-type": "application/json", "retry-after": "1" });
      response.end(JSON.stringify({ error: { code: "unavailable", message: "Injected: the service is temporarily unavailable." } }));
      interference.fired?.();
      interference.after?.();
      return;
    }
    await interference?.before?.();
    // As a reverse proxy does: an agent that hangs up hangs up on the dashboard too.
    const hungUp = new AbortController();
    response.on("close", () => {
      if (!response.writableFinished) hungUp.abort();
    });
    const answer = await forward(target, request, body, hungUp.signal);
    if (hungUp.signal.aborted) return;
    const handsOutWork = call.kind === "claim" && /"id"/.test(answer.body);
    const loseIt = interference?.mode === "lose_answer" && (!interference.onlyWhenClaiming || handsOutWork);
    if (loseIt) {
      // The dashboard has acted; the agent hears nothing until its own time-out gives up.
      held.add(response);
      response.on("close", () => held.delete(response));
      interference?.fired?.();
      interference?.after?.();
      return;
    }
    response.writeHead(answer.status, { "content-type": answer.contentType });
    response.end(answer.body);
    if (interference?.mode === "pass") interference.fired?.();
    interference?.after?.();
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    interfere: (token, interferer) => {
      if (interferer) interferers.set(token, interferer);
      else interferers.delete(token);
    },
    close: async () => {
      for (const response of held) response.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function classify(url: string, body: string): ProviderCall {
  const path = url.split("?")[0] ?? "";
  if (path === "/api/provider/v1/actions/claim") return { kind: "claim" };
  if (path === "/api/provider/v1/report") return { kind: "report" };
  const match = /^\/api\/provider\/v1\/actions\/([^/]+)\/(progress|complete)$/.exec(path);
  if (!match) return { kind: "other" };
  const parsed = parseObject(body);
  const actionId = match[1] ?? "";
  const text = (key: string) => (typeof parsed[key] === "string" ? (parsed[key] as string) : undefined);
  if (match[2] === "complete") return { kind: "complete", actionId, status: text("status") ?? "" };
  return { kind: "progress", actionId, step: text("step"), status: text("step") ? (text("status") ?? "running") : undefined };
}

function parseObject(body: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(body);
    return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

async function forward(
  target: string,
  request: http.IncomingMessage,
  body: string,
  signal: AbortSignal,
): Promise<{ status: number; contentType: string; body: string }> {
  try {
    const response = await fetch(new URL(request.url ?? "/", target), {
      signal,
      method: request.method,
      headers: { authorization: request.headers.authorization ?? "", "content-type": request.headers["content-type"] ?? "application/json" },
      body: request.method === "GET" || request.method === "HEAD" ? undefined : body,
    });
    return { status: response.status, contentType: response.headers.get("content-type") ?? "application/json", body: await response.text() };
  } catch (error) {
    // The dashboard itself did not answer: the agent sees what a load balancer would send.
    return { status: 502, contentType: "application/json", body: JSON.stringify({ error: { code: "bad_gateway", message: String(error) } }) };
  }
}

function readBody(request: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = "";
    request.setEncoding("utf8");
    request.on("data", (chunk: string) => (body += chunk));
    request.on("end", () => resolve(body));
    request.on("error", reject);
  });
}
