// Signs in through next-auth's own endpoints, as the browser does, and returns the cookie header
// that carries the session: for tests that talk HTTP to a running dashboard without a browser.

function cookiesOf(response: Response): string[] {
  return response.headers.getSetCookie().map((cookie) => cookie.split(";")[0] ?? "");
}

export async function signInOverHttp(baseUrl: string, email: string, password: string): Promise<string | null> {
  const csrfResponse = await fetch(`${baseUrl}/api/auth/csrf`);
  const { csrfToken } = (await csrfResponse.json()) as { csrfToken: string };
  const jar = cookiesOf(csrfResponse);
  const response = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: jar.join("; ") },
    body: new URLSearchParams({ csrfToken, email, password, json: "true" }),
  });
  const session = cookiesOf(response).find((cookie) => cookie.startsWith("next-auth.session-token="));
  return session ?? null;
}
