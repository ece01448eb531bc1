import { z } from "zod";
import { customerRoute, json } from "@/lib/api/route.ts";
import { MEMORY_RANGES } from "@/lib/metrics/memory-ranges.ts";
import { getMemorySeries } from "@/lib/metrics/memory-series.ts";
import { methodNotAllowed } from "@/lib/api/methods.ts";

const query = z.strictObject({ range: z.enum(MEMORY_RANGES) });

export const GET = customerRoute({ query }, async ({ actor, params, query: { range } }) =>
  json(await getMemorySeries({ actor, serverId: params.id ?? "", range })),
);

const refused = methodNotAllowed("GET");
export { refused as POST, refused as PUT, refused as PATCH, refused as DELETE };
