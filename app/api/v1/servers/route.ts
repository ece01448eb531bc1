import { customerRoute, json } from "@/lib/api/route.ts";
import { listServers } from "@/lib/servers/list-servers.ts";
import { toServerView } from "@/lib/servers/server-view.ts";
import { methodNotAllowed } from "@/lib/api/methods.ts";

export const GET = customerRoute({}, async ({ actor }) => {
  const servers = await listServers({ actor });
  return json({ servers: servers.map(toServerView) });
});

const refused = methodNotAllowed("GET");
export { refused as POST, refused as PUT, refused as PATCH, refused as DELETE };
