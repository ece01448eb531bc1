// Signs in through next-auth's own endpoints, as the browser does, and returns the cookie header
// that carries the session: for tests that talk HTTP to a running dashboard without a browser.

function cookiesOf(response: Response): string[] {
  return response.headers.getSetCookie().map((cookie) => cookie.split(";")[0] ?? "");
}

/** `headers` go with every call: a proxy's X-Forwarded-Proto, say. */
export async function signInOverHttp(baseUrl: string, email: string, password: string, headers: Record<string, string> = {}): Promise<string | null> {
  const csrfResponse = await fetch(`${baseUrl}/api/auth/csrf`, { headers });
  const { csrfToken } = (await csrfResponse.json()) as { csrfToken: string };
  const jar = cookiesOf(csrfResponse);
  const response = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { ...headers, "content-type": "application/x-www-form-urlencoded", cookie: jar.join("; ") },
    body: new URLSearchParams({ csrfToken, email, password, json: "true" }),
  });
  const session = cookiesOf(response).find((cookie) => /^(__Secure-)?next-auth\.session-token=/.test(cookie));
  return session ?? null;
}

/** Signs out through next-auth's endpoint, as the browser's "Sign out" does; `headers` as for signInOverHttp. */
export async function signOutOverHttp(baseUrl: string, sessionCookie: string, headers: Record<string, string> = {}): Promise<void> {
  const csrfResponse = await fetch(`${baseUrl}/api/auth/csrf`, { headers: { ...headers, cookie: sessionCookie } });
  const { csrfToken } = (await csrfResponse.json()) as { csrfToken: string };
  const jar = [sessionCookie, ...cookiesOf(csrfResponse)];
  const response = await fetch(`${baseUrl}/api/auth/signout`, {
    method: "POST",
    redirect: "manual",
    headers: { ...headers, "content-type": "application/x-www-form-urlencoded", cookie: jar.join("; ") },
    body: new URLSearchParams({ csrfToken, json: "true" }),
  });
  if (response.status >= 400) throw new Error(`sign-out answered ${response.status}`);
}
