// The customer API's contracts as the browser client reads them: the routes (with their answer
// schemas) and the error body. Kept apart from api.ts so that zod and every schema are fetched as a
// chunk of their own when the first call is made, instead of with each page's first-load scripts.
import * as z from "zod/mini";
import { customerRoutes } from "@/lib/contracts/customer-routes";
import { errorBodySchema, type ErrorBody } from "@/lib/contracts/errors";

export { customerRoutes };
export { withPointObjects } from "@/lib/contracts/metrics";

/** The answer parsed by `schema`, or null when it is not what the contract describes. */
export function parsedAnswer<S extends z.ZodMiniType>(schema: S, payload: unknown): { data: z.output<S> } | null {
  const parsed = z.safeParse(schema, payload);
  return parsed.success ? { data: parsed.data } : null;
}

/** The API's refusal, when the body is one. */
export function parsedRefusal(payload: unknown): ErrorBody["error"] | null {
  const parsed = z.safeParse(errorBodySchema, payload);
  return parsed.success ? parsed.data.error : null;
}
