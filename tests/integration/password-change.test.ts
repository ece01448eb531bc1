import { describe, expect, it } from "vitest";
import { POST as passwordRoute } from "@/app/api/v1/account/password/route.ts";
import { GET as listServersRoute } from "@/app/api/v1/servers/route.ts";
import { createApiToken } from "@/lib/auth/api-tokens.ts";
import { verifyPassword } from "@/lib/auth/password.ts";
import { NEW_PASSWORD_PROBLEMS, PASSWORD_PROBLEMS } from "@/lib/auth/password-rules.ts";
import { SIGN_IN_LIMITS } from "@/lib/auth/sign-in-limits.ts";
import { db } from "@/lib/db/client.ts";
import { createUser, signedInBrowser } from "@/tests/support/factories.ts";
import { apiRequest, bearer, expectError, fieldsNamed } from "@/tests/support/http.ts";

// POST /api/v1/account/password, called as Next calls it, on the real database.

type Headers = Record<string, string>;

const changePassword = (headers: Headers, body: unknown) =>
  passwordRoute(apiRequest("/api/v1/account/password", { method: "POST", headers, body: typeof body === "string" ? body : JSON.stringify(body) }));
/** What a browser with these headers is answered when it reads the API: 200 while its session counts. */
const readStatus = async (headers: Headers) => (await listServersRoute(apiRequest("/api/v1/servers", { headers }))).status;

const storedHash = async (userId: string) => (await db().user.findUniqueOrThrow({ where: { id: userId } })).passwordHash ?? "";
const passwordChanges = (userId: string) => db().auditEvent.findMany({ where: { actorId: userId, kind: "user.password_changed" } });

const NEW_PASSWORD = "a much longer passphrase";

/** A user signed in on a laptop (the browser that asks) and a phone. */
async function userWithTwoBrowsers() {
  const user = await createUser();
  const [laptop, phone] = [await signedInBrowser(user), await signedInBrowser(user)];
  return { user, laptop: laptop.headers, phone: phone.headers };
}

describe("changing the password", () => {
  it("replaces it given the right current one, ends every other session, keeps this one and records it", { timeout: 60_000 }, async () => {
    const { user, laptop, phone } = await userWithTwoBrowsers();
    const tablet = (await signedInBrowser(user)).headers;
    const someoneElse = (await signedInBrowser(await createUser())).headers;

    const answer = await changePassword(laptop, { currentPassword: user.password, newPassword: NEW_PASSWORD });
    expect({ status: answer.status, body: await answer.json() }).toEqual({ status: 200, body: { revoked: 2 } });

    const hash = await storedHash(user.id);
    expect(await verifyPassword(NEW_PASSWORD, hash)).toBe(true);
    expect(await verifyPassword(user.password, hash)).toBe(false);
    expect({ laptop: await readStatus(laptop), phone: await readStatus(phone), tablet: await readStatus(tablet), someoneElse: await readStatus(someoneElse) }).toEqual({
      laptop: 200,
      phone: 401,
      tablet: 401,
      someoneElse: 200,
    });
    expect((await passwordChanges(user.id)).map((event) => event.data)).toEqual([{ endedSessions: 2 }]);
  });

  it("leaves the account's API tokens working: they are not sessions", async () => {
    const { user, laptop } = await userWithTwoBrowsers();
    const { token } = await createApiToken({ userId: user.id, name: "script" });
    expect((await changePassword(laptop, { currentPassword: user.password, newPassword: NEW_PASSWORD })).status).toBe(200);
    expect(await readStatus(bearer(token))).toBe(200);
  });

  it("refuses a wrong current password and changes nothing", async () => {
    const { user, laptop, phone } = await userWithTwoBrowsers();
    const before = await storedHash(user.id);

    const error = await expectError(await changePassword(laptop, { currentPassword: "not the password", newPassword: NEW_PASSWORD }), 403, "wrong_password");

    expect(error.message).toMatch(/current password/i);
    expect(await storedHash(user.id)).toBe(before);
    expect([await readStatus(laptop), await readStatus(phone)]).toEqual([200, 200]);
    expect(await passwordChanges(user.id)).toEqual([]);
  });

  it.each([
    ["too short", () => "eleven char", "password_too_short"],
    ["the account's email address", (user: { email: string }) => user.email.toUpperCase(), "password_is_email"],
    ["the current password again", (user: { password: string }) => user.password, "password_unchanged"],
  ] as const)("refuses a new password that is %s, in the rules' words, and changes nothing", async (_what, newPasswordFor, reason) => {
    const { user, laptop, phone } = await userWithTwoBrowsers();
    const before = await storedHash(user.id);

    const error = await expectError(await changePassword(laptop, { currentPassword: user.password, newPassword: newPasswordFor(user) }), 422, "weak_password");

    expect(error.details).toEqual({ reason, fields: [{ field: "newPassword", message: NEW_PASSWORD_PROBLEMS[reason] }] });
    expect(await storedHash(user.id)).toBe(before);
    expect([await readStatus(laptop), await readStatus(phone)]).toEqual([200, 200]);
  });

  it("says what is wrong with a short password exactly as setting a password does", () => {
    expect(NEW_PASSWORD_PROBLEMS.password_too_short).toBe(PASSWORD_PROBLEMS.password_too_short);
    expect(NEW_PASSWORD_PROBLEMS.password_is_email).toBe(PASSWORD_PROBLEMS.password_is_email);
  });

  it("refuses an API token, even with the right password: 403, nothing changed", async () => {
    const { user, phone } = await userWithTwoBrowsers();
    const { token } = await createApiToken({ userId: user.id, name: "leaked" });
    const before = await storedHash(user.id);

    await expectError(await changePassword(bearer(token), { currentPassword: user.password, newPassword: NEW_PASSWORD }), 403, "forbidden");

    expect(await storedHash(user.id)).toBe(before);
    expect(await readStatus(phone)).toBe(200);
  });

  it("refuses a change from another site with the session cookie", async () => {
    const { user, laptop } = await userWithTwoBrowsers();
    const { origin: _origin, ...withoutOrigin } = laptop;
    await expectError(await changePassword(withoutOrigin, { currentPassword: user.password, newPassword: NEW_PASSWORD }), 403, "cross_site_request");
    await expectError(await changePassword({ ...laptop, origin: "https://evil.example" }, { currentPassword: user.password, newPassword: NEW_PASSWORD }), 403, "cross_site_request");
  });

  it.each([
    ["no fields", {}, ["currentPassword", "newPassword"]],
    ["wrong types", { currentPassword: 1, newPassword: ["x"] }, ["currentPassword", "newPassword"]],
    ["an empty current password", { currentPassword: "", newPassword: NEW_PASSWORD }, ["currentPassword"]],
    ["an unknown field", { currentPassword: "x", newPassword: NEW_PASSWORD, confirm: NEW_PASSWORD }, ["confirm"]],
    ["a NUL byte in the new password", { currentPassword: "x", newPassword: `${NEW_PASSWORD}\u0000` }, ["newPassword"]],
  ])("answers %s with 400 and every field's problem", async (_what, body, fields) => {
    const { laptop } = await userWithTwoBrowsers();
    expect(fieldsNamed(await expectError(await changePassword(laptop, body), 400, "invalid_input"))).toEqual(fields);
  });

  it("answers malformed JSON with 400", async () => {
    const { laptop } = await userWithTwoBrowsers();
    await expectError(await changePassword(laptop, '{"currentPassword":'), 400, "invalid_input");
  });

  it("lets one of two changes at once win, whole: its password, its session; the other browser's session ended", { timeout: 60_000 }, async () => {
    const { user, laptop, phone } = await userWithTwoBrowsers();
    const [fromLaptop, fromPhone] = await Promise.all([
      changePassword(laptop, { currentPassword: user.password, newPassword: "the laptop's new password" }),
      changePassword(phone, { currentPassword: user.password, newPassword: "the phone's new password" }),
    ]);
    const statuses = [fromLaptop.status, fromPhone.status];
    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    // The loser finds its session ended (401), or the password it verified replaced (403).
    expect(statuses.filter((status) => status !== 200)).toEqual([expect.toBeOneOf([401, 403])]);
    const [winner, loser, password] = fromLaptop.status === 200 ? [laptop, phone, "the laptop's new password"] : [phone, laptop, "the phone's new password"];
    expect(await verifyPassword(password, await storedHash(user.id))).toBe(true);
    expect([await readStatus(winner), await readStatus(loser)]).toEqual([200, 401]);
    expect(await passwordChanges(user.id)).toHaveLength(1);
  });
});

describe("wrong current passwords", () => {
  const { points: PER_ACCOUNT } = SIGN_IN_LIMITS.account;

  it(`are limited per account as failed sign-ins are: after ${PER_ACCOUNT}, even the right one is refused with 429 and Retry-After`, { timeout: 90_000 }, async () => {
    const { user, laptop } = await userWithTwoBrowsers();
    const before = await storedHash(user.id);
    for (let i = 0; i < PER_ACCOUNT; i++) {
      await expectError(await changePassword(laptop, { currentPassword: `guess ${i}`, newPassword: NEW_PASSWORD }), 403, "wrong_password");
    }

    const limited = await changePassword(laptop, { currentPassword: user.password, newPassword: NEW_PASSWORD });
    const retryAfter = Number(limited.headers.get("retry-after"));
    const error = await expectError(limited, 429, "rate_limited");

    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(SIGN_IN_LIMITS.account.blockSeconds);
    expect(error.details).toEqual({ retryAfterSeconds: retryAfter });
    expect(await storedHash(user.id)).toBe(before);

    // Another account is counted apart.
    const other = await userWithTwoBrowsers();
    await expectError(await changePassword(other.laptop, { currentPassword: "a guess", newPassword: NEW_PASSWORD }), 403, "wrong_password");
  });

  it("are forgotten once the right one is given", { timeout: 90_000 }, async () => {
    const { user, laptop } = await userWithTwoBrowsers();
    for (let i = 0; i < PER_ACCOUNT - 1; i++) await changePassword(laptop, { currentPassword: `guess ${i}`, newPassword: NEW_PASSWORD });
    // The right one is the limit's last attempt: counted on, the next would be refused unchecked.
    expect((await changePassword(laptop, { currentPassword: user.password, newPassword: NEW_PASSWORD })).status).toBe(200);
    await expectError(await changePassword(laptop, { currentPassword: "a guess", newPassword: "yet another passphrase" }), 403, "wrong_password");
  });
});
