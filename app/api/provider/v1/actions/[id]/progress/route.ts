import { json } from "@/lib/api/route.ts";
import { providerRoute } from "@/lib/api/provider-route.ts";
import { progressBody } from "@/lib/api/provider-schemas.ts";
import { reportProgress } from "@/lib/actions/report-progress.ts";
import { methodNotAllowed } from "@/lib/api/methods.ts";

export const POST = providerRoute({ body: progressBody }, async ({ host, params, body }) => {
  await reportProgress({ hostId: host.id, actionId: params.id ?? "", ...body });
  return json({ ok: true });
});

const refused = methodNotAllowed("POST");
export { refused as GET, refused as PUT, refused as PATCH, refused as DELETE };
