import { afterEach, describe, expect, it, vi } from "vitest";
import { readSessionCookie } from "@/lib/auth/actor.ts";
import { secureSessionCookies, sessionCookieName } from "@/lib/auth/secret.ts";

const NAME = "next-auth.session-token";

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("readSessionCookie", () => {
  it("reads the whole session cookie among other cookies", () => {
    expect(readSessionCookie(`theme=dark; ${NAME}=eyJ.header.sig; lang=en`, NAME)).toBe("eyJ.header.sig");
  });

  it("joins chunked cookies name.0, name.1, … in index order, whatever their order in the header", () => {
    expect(readSessionCookie(`${NAME}.2=ccc; theme=dark; ${NAME}.0=aaa; ${NAME}.1=bbb`, NAME)).toBe("aaabbbccc");
  });

  it("stops at the first missing chunk", () => {
    expect(readSessionCookie(`${NAME}.0=aaa; ${NAME}.2=ccc`, NAME)).toBe("aaa");
  });

  it("ignores cookies whose names only resemble the session cookie", () => {
    expect(readSessionCookie(`${NAME}-legacy=x; my-${NAME}=y; __Secure-${NAME}=z; ${NAME}.1=w`, NAME)).toBeNull();
  });

  it("answers null when there is no session cookie, or no cookie at all", () => {
    expect(readSessionCookie("theme=dark; lang=en", NAME)).toBeNull();
    expect(readSessionCookie("", NAME)).toBeNull();
    expect(readSessionCookie(`${NAME}=`, NAME)).toBeNull();
  });

  it("decodes a percent-encoded value", () => {
    expect(readSessionCookie(`${NAME}=a%2Bb%3Dc`, NAME)).toBe("a+b=c");
  });

  it("is not thrown off by another cookie whose value is not valid percent-encoding", () => {
    expect(readSessionCookie(`discount=50%; ${NAME}=eyJ.header.sig`, NAME)).toBe("eyJ.header.sig");
  });

  it("reads the __Secure- cookie when the site is served over HTTPS", () => {
    vi.stubEnv("NEXTAUTH_URL", "https://dashboard.example.com");
    const name = sessionCookieName(secureSessionCookies(new Headers()));
    expect(readSessionCookie(`${NAME}=plain; __Secure-${NAME}=secure`, name)).toBe("secure");
  });
});

describe("secureSessionCookies: one rule for the cookie next-auth sets and the one the API reads", () => {
  const proto = (value?: string) => new Headers(value ? { "x-forwarded-proto": value } : {});

  it("follows NEXTAUTH_URL when it is set, whatever a request says", () => {
    vi.stubEnv("NEXTAUTH_URL", "https://dashboard.example.com");
    expect(secureSessionCookies(proto("http"))).toBe(true);
    vi.stubEnv("NEXTAUTH_URL", "http://localhost:3000");
    expect(secureSessionCookies(proto("https"))).toBe(false);
  });

  it("follows the proxy's X-Forwarded-Proto where the host is trusted, as next-auth does", () => {
    vi.stubEnv("NEXTAUTH_URL", "");
    vi.stubEnv("AUTH_TRUST_HOST", "true");
    expect(secureSessionCookies(proto("https"))).toBe(true);
    expect(secureSessionCookies(proto("http"))).toBe(false);
  });

  it("is plain HTTP where nothing says otherwise", () => {
    vi.stubEnv("NEXTAUTH_URL", "");
    vi.stubEnv("AUTH_TRUST_HOST", "");
    expect(secureSessionCookies(proto("https"))).toBe(false);
  });
});
