import { json } from "@/lib/api/route.ts";
import { providerRoute } from "@/lib/api/provider-route.ts";
import { completeBody } from "@/lib/api/provider-schemas.ts";
import { completeAction } from "@/lib/actions/complete-action.ts";

export const POST = providerRoute({ body: completeBody }, async ({ host, params, body }) =>
  json({ action: await completeAction({ hostId: host.id, actionId: params.id ?? "", ...body }) }),
);
