import { randomUUID } from "node:crypto";
import { encode } from "next-auth/jwt";
import { db, Prisma } from "@/lib/db/client.ts";
import { baseVolumes } from "@/lib/images/catalogue.ts";
import { hashPassword } from "@/lib/auth/password.ts";
import { sessionCookieName } from "@/lib/auth/secret.ts";
import { createSession } from "@/lib/auth/sessions.ts";
import type { Role, Virtualization } from "@/lib/db/generated/enums.ts";

// Test data with unique names, so test files can share one database and run in parallel.

export const unique = (label: string) => `${label}-${randomUUID().slice(0, 8)}`;

// A hash costs half a second and 128 MiB: users with the same password share one.
const hashes = new Map<string, Promise<string>>();
const hashOf = (password: string) => hashes.get(password) ?? hashes.set(password, hashPassword(password)).get(password) ?? hashPassword(password);

export async function createUser({ role = "customer" as Role, password = "correct horse battery" } = {}) {
  const email = `${unique("user")}@example.test`;
  const user = await db().user.create({
    data: { email, name: "Test User", role, passwordHash: await hashOf(password) },
  });
  return { ...user, password };
}

/** 1 TiB: room for every server a test puts on a host to have its memory guaranteed. */
export const GENEROUS_HOST_MEMORY_KIB = 1024n * 1024n * 1024n;

/**
 * A host as if its agent had reported a node of `memoryKiB` (null: not reported yet) whose image pool
 * has `imageVolumes` (every catalogue base volume unless told; null: not reported yet);
 * `memoryHeadroomMiB` null is the default headroom.
 */
export async function createHost({
  memoryKiB = GENEROUS_HOST_MEMORY_KIB,
  memoryHeadroomMiB = null,
  imageVolumes = baseVolumes(),
}: { memoryKiB?: bigint | null; memoryHeadroomMiB?: number | null; imageVolumes?: string[] | null } = {}) {
  const name = unique("host");
  return db().host.create({ data: { name, hypervisorUri: `simulated:///${name}`, memoryKiB, memoryHeadroomMiB, imageVolumes: imageVolumes ?? Prisma.DbNull } });
}

export async function createServer({
  ownerId,
  hostId,
  virtualization = "kvm" as Virtualization,
  ballooningEnabled = true,
  memoryMiB = 4096,
  diskGiB = null,
}: {
  ownerId: string;
  hostId: string;
  virtualization?: Virtualization;
  ballooningEnabled?: boolean;
  memoryMiB?: number;
  diskGiB?: number | null;
}) {
  return db().server.create({
    data: {
      ownerId,
      hostId,
      name: unique("server"),
      domainName: unique("dom"),
      virtualization,
      memoryMiB,
      diskGiB,
      vcpus: 2,
      image: "debian-12",
      status: "running",
      ballooningEnabled,
      observedBalloon: virtualization === "kvm" ? (ballooningEnabled ? "virtio" : "none") : null,
      ranWithBalloon: virtualization === "kvm" ? (ballooningEnabled ? "virtio" : "none") : null,
    },
  });
}

/** A session cookie exactly as next-auth issues it after a successful sign-in, with its server-side session. */
export async function sessionCookieFor(user: { id: string; role: Role; email: string; name: string }) {
  // A user that exists only in the token (no row) gets no session row either: its cookie is refused, as it should be.
  const exists = (await db().user.count({ where: { id: user.id } })) > 0;
  const sid = exists ? await createSession({ userId: user.id }) : randomUUID();
  const token = await encode({
    token: { uid: user.id, role: user.role, email: user.email, name: user.name, sub: user.id, sid },
    secret: process.env.NEXTAUTH_SECRET ?? "",
  });
  return `${sessionCookieName(false)}=${token}`;
}

/** Request headers of a signed-in browser on the dashboard's own site (cookie and a same-site Origin). */
export async function browserHeadersFor(user: { id: string; role: Role; email: string; name: string }) {
  return { cookie: await sessionCookieFor(user), origin: "http://localhost", host: "localhost" };
}

/** Two customers, for tests of what one may do to the other's servers. */
export async function customerAndOutsider() {
  const [owner, outsider] = await Promise.all([createUser(), createUser()]);
  return { ownerId: owner.id, owner: await browserHeadersFor(owner), outsider: await browserHeadersFor(outsider) };
}

/**
 * A browser signed in as `user`, as sessionCookieFor makes it, with what signed in (User-Agent and
 * address) and the session's id: for tests of the account's sessions.
 */
export async function signedInBrowser(user: { id: string; role: Role; email: string; name: string }, { userAgent = null, ip = null }: { userAgent?: string | null; ip?: string | null } = {}) {
  const sessionId = await createSession({ userId: user.id, userAgent, ip });
  const token = await encode({
    token: { uid: user.id, role: user.role, email: user.email, name: user.name, sub: user.id, sid: sessionId },
    secret: process.env.NEXTAUTH_SECRET ?? "",
  });
  return { sessionId, headers: { cookie: `${sessionCookieName(false)}=${token}`, origin: "http://localhost", host: "localhost" } };
}
