import { customerRoute, json } from "@/lib/api/route.ts";
import { listServers } from "@/lib/servers/list-servers.ts";
import { toServerView } from "@/lib/servers/server-view.ts";

export const GET = customerRoute({}, async ({ actor }) => {
  const servers = await listServers({ actor });
  return json({ servers: servers.map(toServerView) });
});
