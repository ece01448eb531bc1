import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client.ts";
import type { DomainReport } from "@/lib/contracts/provider.ts";
import { recordReport } from "@/lib/hosts/record-report.ts";
import { createHost, createServer, createUser } from "@/tests/support/factories.ts";

// A host's report stores its memory readings in the day's partition of memory_samples, whatever the
// day: one nobody prepared (the agent's clock jumped, maintenance did not run) is created on the way.
// Days in 2031 belong to this file alone; no other test prepares or drops them.

const reading = (at: Date, usedKiB: number): DomainReport["memory"] => ({
  at: at.toISOString(), source: "guest", totalKiB: 4_194_304, balloonKiB: 4_194_304, usedKiB, availableKiB: 3_000_000, cacheKiB: 500_000, rssKiB: 2_000_000,
});

async function serverOnHost() {
  const [owner, host] = await Promise.all([createUser(), createHost()]);
  const server = await createServer({ ownerId: owner.id, hostId: host.id });
  const report = (at: Date, usedKiB = 1_000_000) =>
    recordReport({ hostId: host.id, now: at, domains: [{ name: server.domainName, state: "running", virtualization: "kvm", balloon: "virtio", memory: reading(at, usedKiB) }] });
  return { server, report };
}

const partitionExists = async (name: string) =>
  (await db().$queryRaw<{ found: boolean }[]>`SELECT to_regclass(${name}) IS NOT NULL AS found`)[0]?.found;
const samplesOf = (serverId: string) => db().memorySample.findMany({ where: { serverId }, orderBy: { at: "asc" } });

describe("recording memory samples", () => {
  it("stores a sample for a day that has no partition yet, creating the day's partition", async () => {
    const { server, report } = await serverOnHost();
    const at = new Date("2031-07-04T13:00:00.000Z");
    expect(await partitionExists("memory_samples_p20310704")).toBe(false);
    expect(await report(at)).toEqual({ recorded: 1, ignored: 0 });
    expect(await partitionExists("memory_samples_p20310704")).toBe(true);
    expect(await samplesOf(server.id)).toMatchObject([{ at, usedKiB: 1_000_000n }]);
  });

  it("stores the samples of reports that meet the same missing day at once", async () => {
    const servers = await Promise.all([serverOnHost(), serverOnHost(), serverOnHost()]);
    const at = new Date("2031-07-05T00:00:00.000Z");
    await Promise.all(servers.map(({ report }) => report(at)));
    for (const { server } of servers) expect(await samplesOf(server.id)).toMatchObject([{ at }]);
  });

  it("stores a re-sent report's samples once, keeping the reading first stored", async () => {
    const { server, report } = await serverOnHost();
    const at = new Date("2031-07-04T13:00:10.000Z");
    await report(at, 1_000_000);
    await report(at, 1_000_000);
    await report(at, 1_234_567); // the same moment read again cannot change what was stored
    expect(await samplesOf(server.id)).toMatchObject([{ at, usedKiB: 1_000_000n }]);
  });
});
