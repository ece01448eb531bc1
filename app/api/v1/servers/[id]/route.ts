import { customerRoute, json } from "@/lib/api/route.ts";
import { getServer } from "@/lib/servers/get-server.ts";
import { toServerView } from "@/lib/servers/server-view.ts";
import { methodNotAllowed } from "@/lib/api/methods.ts";

export const GET = customerRoute({}, async ({ actor, params }) => {
  const server = await getServer({ actor, serverId: params.id ?? "" });
  return json({ server: toServerView(server) });
});

const refused = methodNotAllowed("GET");
export { refused as POST, refused as PUT, refused as PATCH, refused as DELETE };
