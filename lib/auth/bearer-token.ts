// The one reading of a request's `Authorization` header, for every caller that takes tokens
// (customers, operators, host agents): whether a header was sent, and its bearer token.

/** `sent`: a non-empty header came; `token`: its token when it reads `Bearer <token>`, else null. */
export function bearerToken(request: Request): { sent: boolean; token: string | null } {
  const authorization = request.headers.get("authorization");
  if (!authorization) return { sent: false, token: null };
  const [scheme, token] = authorization.split(" ");
  return { sent: true, token: scheme?.toLowerCase() === "bearer" && token ? token : null };
}
