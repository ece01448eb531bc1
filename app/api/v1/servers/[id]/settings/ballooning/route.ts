import { customerRoute, json } from "@/lib/api/route.ts";
import { setBallooningBody } from "@/lib/api/schemas.ts";
import { setBallooning } from "@/lib/servers/set-ballooning.ts";

export const PUT = customerRoute({ body: setBallooningBody }, async ({ actor, params, body }) => {
  const result = await setBallooning({ actor, serverId: params.id ?? "", enabled: body.enabled, restart: body.restart });
  return json(result, result.action ? 202 : 200);
});
