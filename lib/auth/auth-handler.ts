import NextAuth from "next-auth";
import type { NextRequest } from "next/server";
import { SIGN_IN_ERRORS } from "./authorize.ts";
import { authOptions } from "./options.ts";
import { secureSessionCookies } from "./secret.ts";

type RouteContext = { params: Promise<{ nextauth: string[] }> };

/**
 * next-auth's route, with the session cookie named by the one rule the API reads it by, and an
 * outage told apart from a refusal: next-auth answers every failed sign-in 401, but when the
 * database cannot be reached the answer is 503 with Retry-After, as everywhere else.
 * next-auth 4 reads its options per request, so the secret is resolved at run time, not at build.
 */
export async function handleAuthRequest(request: NextRequest, context: RouteContext): Promise<Response> {
  const response = await NextAuth(authOptions({ secureCookies: secureSessionCookies(request.headers) }))(request, context);
  return response.status === 401 && (await signInErrorOf(response)) === SIGN_IN_ERRORS.unavailable ? unavailable(response) : response;
}

/** The sign-in error code in next-auth's JSON answer (`{ url: "…?error=<code>" }`), if any. */
async function signInErrorOf(response: Response): Promise<string | null> {
  if (!response.headers.get("content-type")?.includes("application/json")) return null;
  const body: unknown = await response.clone().json().catch(() => null);
  const url = body && typeof body === "object" && "url" in body && typeof body.url === "string" ? body.url : null;
  return url ? new URL(url, "http://dashboard.invalid").searchParams.get("error") : null;
}

function unavailable(response: Response): Response {
  const headers = new Headers(response.headers);
  headers.set("Retry-After", "5");
  headers.set("Cache-Control", "no-store");
  return new Response(response.body, { status: 503, headers });
}
