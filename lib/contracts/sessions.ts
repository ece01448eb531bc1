import * as z from "zod/mini";

export const revokeSessionsResponse = z.object({
  revoked: z.int().check(z.minimum(0), z.describe("How many browser sessions were ended, this one included.")),
});
