import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client.ts";

describe("database", () => {
  it("is reachable through Prisma on the migrated schema", async () => {
    expect(await db().user.count()).toBeGreaterThanOrEqual(0);
  });
});
