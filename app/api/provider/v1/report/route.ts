import { providerRoute } from "@/lib/api/provider-route.ts";
import { methodNotAllowed } from "@/lib/api/methods.ts";
import { providerRoutes } from "@/lib/contracts/provider-routes.ts";
import { recordReport } from "@/lib/hosts/record-report.ts";

export const POST = providerRoute(providerRoutes.report, async ({ host, body }) => ({
  status: 200,
  body: await recordReport({ hostId: host.id, domains: body.domains, node: body.node, imageVolumes: body.imageVolumes }),
}));

const refused = methodNotAllowed("POST");
export { refused as GET, refused as PUT, refused as PATCH, refused as DELETE };
