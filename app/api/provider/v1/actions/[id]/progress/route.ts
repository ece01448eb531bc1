import { providerRoute } from "@/lib/api/provider-route.ts";
import { methodNotAllowed } from "@/lib/api/methods.ts";
import { providerRoutes } from "@/lib/contracts/provider-routes.ts";
import { reportProgress } from "@/lib/actions/report-progress.ts";

export const POST = providerRoute(providerRoutes.reportProgress, async ({ host, params, body }) => {
  await reportProgress({ hostId: host.id, actionId: params.id, ...body });
  return { status: 200, body: { ok: true } as const };
});

const refused = methodNotAllowed("POST");
export { refused as GET, refused as PUT, refused as PATCH, refused as DELETE };
