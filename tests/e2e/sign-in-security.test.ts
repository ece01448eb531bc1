import { describe, expect, it } from "vitest";
import { dashboardForAgentTests } from "../support/dashboard-process.ts";
import { createUser } from "../support/factories.ts";
import { signInOverHttp } from "../support/http-session.ts";

// Sign-in and sessions as an attacker on the internet meets them: the real app over HTTP.

const dashboard = dashboardForAgentTests("sign-in-security");

describe("after sign-in", () => {
  it.each(["/%5Cevil.example", "/%09/evil.example", "//evil.example", "https://evil.example/"])(
    "sends a signed-in visitor of /login?callbackUrl=%s to the servers list, not to another site",
    async (callbackUrl) => {
      const user = await createUser();
      const cookie = await signInOverHttp(dashboard.app.baseUrl, user.email, user.password);
      expect(cookie).not.toBeNull();
      const response = await fetch(`${dashboard.app.baseUrl}/login?callbackUrl=${callbackUrl}`, { headers: { cookie: cookie ?? "" }, redirect: "manual" });
      expect(response.status).toBe(307);
      expect(response.headers.get("location")).toBe("/servers");
    },
  );
});

describe("behind an HTTPS proxy, without NEXTAUTH_URL", () => {
  it("reads the __Secure- session cookie next-auth set, so the API answers as the pages do", async () => {
    const user = await createUser();
    const viaProxy = { "x-forwarded-proto": "https" };
    const cookie = await signInOverHttp(dashboard.app.baseUrl, user.email, user.password, viaProxy);
    expect(cookie).toMatch(/^__Secure-next-auth\.session-token=/);
    const response = await fetch(`${dashboard.app.baseUrl}/api/v1/servers`, { headers: { ...viaProxy, cookie: cookie ?? "" } });
    expect(response.status).toBe(200);
  });
});
