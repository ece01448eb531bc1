import { customerReadRoute } from "@/lib/api/customer-route.ts";
import { methodNotAllowed } from "@/lib/api/methods.ts";
import { customerRoutes } from "@/lib/contracts/customer-routes.ts";
import { memorySeriesJson } from "@/lib/metrics/memory-series.ts";

export const GET = customerReadRoute(customerRoutes.getMemory, async ({ reader, params, query }) => ({
  status: 200,
  json: await memorySeriesJson({ reader, serverId: params.id, range: query.range }),
}));

const refused = methodNotAllowed("GET");
export { refused as POST, refused as PUT, refused as PATCH, refused as DELETE };
