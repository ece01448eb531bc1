import { customerRoute, json } from "@/lib/api/route.ts";
import { listActions } from "@/lib/actions/list-actions.ts";
import { methodNotAllowed } from "@/lib/api/methods.ts";

export const GET = customerRoute({}, async ({ actor, params }) => json({ actions: await listActions({ actor, serverId: params.id ?? "" }) }));

const refused = methodNotAllowed("GET");
export { refused as POST, refused as PUT, refused as PATCH, refused as DELETE };
