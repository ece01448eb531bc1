import { customerRoute, json } from "@/lib/api/route.ts";
import { reinstallBody } from "@/lib/api/schemas.ts";
import { reinstallServer } from "@/lib/servers/reinstall-server.ts";
import { methodNotAllowed } from "@/lib/api/methods.ts";

export const POST = customerRoute({ body: reinstallBody }, async ({ actor, params, body }) => {
  const action = await reinstallServer({ actor, serverId: params.id ?? "", image: body.image, confirmName: body.confirmName });
  return json({ action }, 202);
});

const refused = methodNotAllowed("POST");
export { refused as GET, refused as PUT, refused as PATCH, refused as DELETE };
