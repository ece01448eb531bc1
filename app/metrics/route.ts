import { operatorEndpoint } from "@/lib/api/operator-endpoint.ts";
import { renderMetrics } from "@/lib/observability/prometheus.ts";

// Prometheus's scrape: every metric in its text format, for an operator's API token
// (docs/observability.md). At the root, where Prometheus looks by default; not part of the API.
export const GET = operatorEndpoint("/metrics", async () => {
  const { text, contentType } = await renderMetrics();
  return new Response(text, { headers: { "Content-Type": contentType, "Cache-Control": "no-store" } });
});
