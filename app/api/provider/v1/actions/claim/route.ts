import { json } from "@/lib/api/route.ts";
import { providerRoute } from "@/lib/api/provider-route.ts";
import { claimBody } from "@/lib/api/provider-schemas.ts";
import { claimWithWait } from "@/lib/actions/claim-with-wait.ts";

export const POST = providerRoute({ body: claimBody }, async ({ host, body }) =>
  json({ actions: await claimWithWait({ hostId: host.id, max: body.max ?? 1, waitMs: body.waitMs ?? 0 }) }),
);
