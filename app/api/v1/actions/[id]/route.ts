import { customerRoute, json } from "@/lib/api/route.ts";
import { getAction } from "@/lib/actions/list-actions.ts";

export const GET = customerRoute({}, async ({ actor, params }) => json({ action: await getAction({ actor, actionId: params.id ?? "" }) }));
