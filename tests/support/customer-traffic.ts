import { setTimeout as sleep } from "node:timers/promises";

// A signed-in customer's browser driving the customer API over HTTP, through whichever dashboard
// instance each request reaches: ballooning changes and restarts of one server after the other, as
// the API's rules allow, with every accepted action and every refusal counted.

export type Endpoint = { name: string; baseUrl: string; requests: number; queued: number };
export type ActionRequest = { kind: "ballooning" | "restart"; via: Endpoint; watcher: Endpoint; mode?: "graceful" | "force" };
export type Accepted = { id: string; serverId: string; kind: ActionRequest["kind"]; via: string };

const POLL_MS = 400;
/** An action that has not ended by then is reported as stuck, and the customer moves on. */
const ACTION_ENDS_WITHIN_MS = 120_000;

export class CustomerTraffic {
  readonly accepted = new Map<string, Accepted>();
  /** Every answer that was not the one asked for, in words. */
  readonly refused: string[] = [];

  constructor(private readonly headers: Record<string, string>) {}

  async call(endpoint: Endpoint, method: string, urlPath: string, body?: unknown) {
    endpoint.requests++;
    const response = await fetch(`${endpoint.baseUrl}${urlPath}`, {
      method,
      headers: body === undefined ? this.headers : { ...this.headers, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  /**
   * Queues one action for the server and waits until it ended (watching it through `watcher`). A 409
   * action_in_progress is counted, then the request is made again once the action in the way ended.
   * `server.ballooning` is the customer's choice, flipped by every accepted ballooning change.
   */
  async request(server: { id: string; ballooning: boolean }, { kind, via, watcher, mode = "graceful" }: ActionRequest): Promise<void> {
    for (;;) {
      const { status, body } =
        kind === "ballooning"
          ? await this.call(via, "PUT", `/api/v1/servers/${server.id}/settings/ballooning`, { enabled: !server.ballooning, restart: "now" })
          : await this.call(via, "POST", `/api/v1/servers/${server.id}/actions/restart`, { mode });
      const action = body.action as { id: string } | null | undefined;
      if (status === 202 && action) {
        if (this.accepted.has(action.id)) this.refused.push(`${kind} through ${via.name} joined ${action.id}, accepted before`);
        this.accepted.set(action.id, { id: action.id, serverId: server.id, kind, via: via.name });
        via.queued++;
        if (kind === "ballooning") server.ballooning = !server.ballooning;
        await this.untilEnded(watcher, action.id);
        return;
      }
      const error = body.error as { code: string; details?: { actionId?: string } } | undefined;
      this.refused.push(`${kind} through ${via.name}: ${status} ${error?.code ?? JSON.stringify(body)}`);
      if (status === 409 && error?.code === "action_in_progress" && error.details?.actionId) await this.untilEnded(watcher, error.details.actionId);
      else await sleep(500);
    }
  }

  private async untilEnded(endpoint: Endpoint, actionId: string): Promise<void> {
    const deadline = Date.now() + ACTION_ENDS_WITHIN_MS;
    for (;;) {
      const { status, body } = await this.call(endpoint, "GET", `/api/v1/actions/${actionId}`);
      const action = body.action as { status: string } | undefined;
      if (status !== 200) this.refused.push(`action ${actionId} through ${endpoint.name}: ${status} ${JSON.stringify(body)}`);
      else if (action?.status === "success" || action?.status === "error") return;
      if (Date.now() > deadline) {
        this.refused.push(`action ${actionId} still ${action?.status ?? "unknown"} after ${ACTION_ENDS_WITHIN_MS / 1000} s`);
        return;
      }
      await sleep(POLL_MS);
    }
  }
}
