import { json } from "@/lib/api/route.ts";
import { providerRoute } from "@/lib/api/provider-route.ts";
import { reportBody } from "@/lib/api/provider-schemas.ts";
import { recordReport } from "@/lib/hosts/record-report.ts";

export const POST = providerRoute({ body: reportBody }, async ({ host, body }) => json(await recordReport({ hostId: host.id, domains: body.domains })));
