import { customerRoute, json } from "@/lib/api/route.ts";
import { restartBody } from "@/lib/api/schemas.ts";
import { restartServer } from "@/lib/servers/restart-server.ts";
import { methodNotAllowed } from "@/lib/api/methods.ts";

export const POST = customerRoute({ body: restartBody }, async ({ actor, params, body }) => {
  const action = await restartServer({ actor, serverId: params.id ?? "", mode: body.mode });
  return json({ action }, 202);
});

const refused = methodNotAllowed("POST");
export { refused as GET, refused as PUT, refused as PATCH, refused as DELETE };
