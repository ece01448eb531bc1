import { customerRoute, json } from "@/lib/api/route.ts";
import { setBallooningBody } from "@/lib/api/schemas.ts";
import { setBallooning } from "@/lib/servers/set-ballooning.ts";
import { methodNotAllowed } from "@/lib/api/methods.ts";

export const PUT = customerRoute({ body: setBallooningBody }, async ({ actor, params, body }) => {
  const result = await setBallooning({ actor, serverId: params.id ?? "", enabled: body.enabled, restart: body.restart });
  return json(result, result.action ? 202 : 200);
});

const refused = methodNotAllowed("PUT");
export { refused as GET, refused as POST, refused as PATCH, refused as DELETE };
