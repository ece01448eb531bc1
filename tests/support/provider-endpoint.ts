import http from "node:http";
import type { AddressInfo } from "node:net";
import * as z from "zod/mini";
import type { DomainReport } from "@/lib/contracts/provider.ts";
import { providerRoutes } from "@/lib/contracts/provider-routes.ts";

// The provider API over HTTP with nothing behind it, for tests and benchmarks of an agent process
// (the bundled node agent among them) that need no dashboard: it takes one host's token, parses every
// body by the provider API's contracts, keeps the reports, and answers a claim that there is no work
// once the agent's long poll has waited as long as it asked. What it refuses, it records.

export type ProviderEndpoint = {
  url: string;
  /** Every report that fit the contract, in order of arrival. */
  reports: { receivedAt: number; domains: DomainReport[] }[];
  claims: () => number;
  /** Requests answered with an error: a wrong token, an unknown route, a body the contract refuses. */
  refusals: string[];
  close: () => Promise<void>;
};

export async function startProviderEndpoint({ token }: { token: string }): Promise<ProviderEndpoint> {
  const reports: ProviderEndpoint["reports"] = [];
  const refusals: string[] = [];
  const heldClaims = new Set<() => void>();
  let claims = 0;

  const server = http.createServer((request, response) => {
    const answer = (status: number, body: unknown) => {
      if (status >= 400) refusals.push(`${request.method ?? ""} ${request.url ?? ""}: ${status} ${JSON.stringify(body)}`);
      response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    };
    const refuse = (status: number, code: string, message: string) => answer(status, { error: { code, message } });
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      if (request.headers.authorization !== `Bearer ${token}`) return refuse(401, "unauthorized", "Not this host's token");
      let json: unknown;
      try {
        json = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      } catch {
        return refuse(400, "invalid_input", "The body is not JSON");
      }
      const route = Object.values(providerRoutes).find((candidate) => candidate.method === request.method && candidate.path === request.url);
      if (route === providerRoutes.report) {
        const body = z.safeParse(route.body, json);
        if (!body.success) return refuse(400, "invalid_input", z.prettifyError(body.error));
        reports.push({ receivedAt: Date.now(), domains: body.data.domains });
        return answer(200, { recorded: body.data.domains.length, ignored: 0 });
      }
      if (route === providerRoutes.claimActions) {
        const body = z.safeParse(route.body, json);
        if (!body.success) return refuse(400, "invalid_input", z.prettifyError(body.error));
        claims += 1;
        const release = () => {
          clearTimeout(timer);
          heldClaims.delete(release);
          if (!response.headersSent && !response.destroyed) answer(200, { actions: [] });
        };
        const timer = setTimeout(release, body.data.waitMs ?? 0);
        heldClaims.add(release);
        response.once("close", release); // the agent gave up waiting (it is stopping)
        return;
      }
      refuse(404, "not_found", "No such route here");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    reports,
    claims: () => claims,
    refusals,
    close: async () => {
      for (const release of [...heldClaims]) release();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
