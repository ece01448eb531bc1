import { customerRoute, json } from "@/lib/api/route.ts";
import { listActions } from "@/lib/actions/list-actions.ts";

export const GET = customerRoute({}, async ({ actor, params }) => json({ actions: await listActions({ actor, serverId: params.id ?? "" }) }));
