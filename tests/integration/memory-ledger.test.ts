import { beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { db } from "@/lib/db/client.ts";
import { hostMemoryLedger, memoryLedgers } from "@/lib/hosts/memory-ledger.ts";
import { defaultHeadroomMiB } from "@/lib/hosts/memory-headroom.ts";
import { createHost, createServer, createUser } from "@/tests/support/factories.ts";

// A host's memory ledger, as the operator's pages will read it: physical memory, headroom, what is
// reserved (KVM servers whose desired ballooning is off), what is sold (every plan), and the ratio.

const GiB = 1024;
const kib = (mib: number) => BigInt(mib) * 1024n;

let ownerId: string;
beforeAll(async () => {
  ownerId = (await createUser()).id;
});

describe("hostMemoryLedger", () => {
  it("counts KVM servers whose desired ballooning is off as reserved, and every plan as sold", async () => {
    const host = await createHost({ memoryKiB: kib(16 * GiB), memoryHeadroomMiB: GiB });
    const other = await createHost();
    await createServer({ ownerId, hostId: host.id, memoryMiB: 4 * GiB, ballooningEnabled: false }); // runs without a balloon
    const pending = await createServer({ ownerId, hostId: host.id, memoryMiB: 2 * GiB }); // chosen off, restart pending
    await db().server.update({ where: { id: pending.id }, data: { ballooningEnabled: false } });
    const back = await createServer({ ownerId, hostId: host.id, memoryMiB: 8 * GiB, ballooningEnabled: false }); // chosen on again, restart pending
    await db().server.update({ where: { id: back.id }, data: { ballooningEnabled: true } });
    await createServer({ ownerId, hostId: host.id, memoryMiB: 8 * GiB }); // ballooning
    await createServer({ ownerId, hostId: host.id, memoryMiB: 2 * GiB, virtualization: "lxc", ballooningEnabled: false }); // no balloon at all
    await createServer({ ownerId, hostId: other.id, memoryMiB: 4 * GiB, ballooningEnabled: false });

    expect(await hostMemoryLedger(host.id)).toStrictEqual({
      hostId: host.id,
      hostName: host.name,
      physicalMiB: 16 * GiB,
      headroomMiB: GiB,
      capacityMiB: 15 * GiB,
      reservedMiB: 6 * GiB,
      availableMiB: 9 * GiB,
      soldMiB: 24 * GiB,
      overcommitRatio: 1.5,
    });
  });

  it("knows no capacity and no ratio while the host has not reported its memory, and takes the default headroom", async () => {
    const host = await createHost({ memoryKiB: null });
    await createServer({ ownerId, hostId: host.id, memoryMiB: 2 * GiB, ballooningEnabled: false });
    expect(await hostMemoryLedger(host.id)).toMatchObject({
      physicalMiB: null,
      headroomMiB: defaultHeadroomMiB(),
      capacityMiB: null,
      reservedMiB: 2 * GiB,
      availableMiB: null,
      soldMiB: 2 * GiB,
      overcommitRatio: null,
    });
  });

  it("rounds physical memory down to whole MiB, keeps capacity at 0 or more, and shows an over-reserved host below 0", async () => {
    const host = await createHost({ memoryKiB: kib(3 * GiB) + 1023n, memoryHeadroomMiB: 4 * GiB });
    await createServer({ ownerId, hostId: host.id, memoryMiB: GiB, ballooningEnabled: false });
    expect(await hostMemoryLedger(host.id)).toMatchObject({ physicalMiB: 3 * GiB, capacityMiB: 0, reservedMiB: GiB, availableMiB: -GiB });
  });

  it("has an empty ledger for a host without servers, and none for a host that does not exist", async () => {
    const host = await createHost({ memoryKiB: kib(8 * GiB), memoryHeadroomMiB: 0 });
    expect(await hostMemoryLedger(host.id)).toMatchObject({ capacityMiB: 8 * GiB, reservedMiB: 0, availableMiB: 8 * GiB, soldMiB: 0, overcommitRatio: 0 });
    expect(await hostMemoryLedger(randomUUID())).toBeNull();
    expect(await hostMemoryLedger("not-an-id")).toBeNull();
  });
});

describe("memoryLedgers", () => {
  it("has every host's ledger, by host name, each as hostMemoryLedger reads it", async () => {
    const hosts = await Promise.all([createHost(), createHost({ memoryKiB: null })]);
    await createServer({ ownerId, hostId: hosts[0].id, memoryMiB: GiB, ballooningEnabled: false });
    const ledgers = await memoryLedgers();
    // Other test files add hosts meanwhile: the ones listed are in the database's own order by name.
    const listed = new Set(ledgers.map((ledger) => ledger.hostId));
    const byName = await db().host.findMany({ orderBy: { name: "asc" }, select: { id: true } });
    expect(ledgers.map((ledger) => ledger.hostId)).toStrictEqual(byName.map((host) => host.id).filter((id) => listed.has(id)));
    for (const host of hosts) expect(ledgers.find((ledger) => ledger.hostId === host.id)).toStrictEqual(await hostMemoryLedger(host.id));
  });
});
