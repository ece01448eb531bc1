import { json } from "@/lib/api/route.ts";
import { providerRoute } from "@/lib/api/provider-route.ts";
import { reportBody } from "@/lib/api/provider-schemas.ts";
import { recordReport } from "@/lib/hosts/record-report.ts";
import { methodNotAllowed } from "@/lib/api/methods.ts";

export const POST = providerRoute({ body: reportBody }, async ({ host, body }) => json(await recordReport({ hostId: host.id, domains: body.domains })));

const refused = methodNotAllowed("POST");
export { refused as GET, refused as PUT, refused as PATCH, refused as DELETE };
