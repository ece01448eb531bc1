import { json } from "@/lib/api/route.ts";
import { providerRoute } from "@/lib/api/provider-route.ts";
import { claimBody } from "@/lib/api/provider-schemas.ts";
import { claimWithWait } from "@/lib/actions/claim-with-wait.ts";
import { methodNotAllowed } from "@/lib/api/methods.ts";

// `signal` aborts when the agent hangs up: a long poll left by an agent that died must not claim work for it.
export const POST = providerRoute({ body: claimBody }, async ({ host, body, signal }) =>
  json({ actions: await claimWithWait({ hostId: host.id, max: body.max ?? 1, waitMs: body.waitMs ?? 0, signal }) }),
);

const refused = methodNotAllowed("POST");
export { refused as GET, refused as PUT, refused as PATCH, refused as DELETE };
