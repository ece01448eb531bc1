import { afterEach, describe, expect, it, vi } from "vitest";
import { readSessionCookie } from "@/lib/auth/actor.ts";

const NAME = "next-auth.session-token";

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("readSessionCookie", () => {
  it("reads the whole session cookie among other cookies", () => {
    expect(readSessionCookie(`theme=dark; ${NAME}=eyJ.header.sig; lang=en`)).toBe("eyJ.header.sig");
  });

  it("joins chunked cookies name.0, name.1, … in index order, whatever their order in the header", () => {
    expect(readSessionCookie(`${NAME}.2=ccc; theme=dark; ${NAME}.0=aaa; ${NAME}.1=bbb`)).toBe("aaabbbccc");
  });

  it("stops at the first missing chunk", () => {
    expect(readSessionCookie(`${NAME}.0=aaa; ${NAME}.2=ccc`)).toBe("aaa");
  });

  it("ignores cookies whose names only resemble the session cookie", () => {
    expect(readSessionCookie(`${NAME}-legacy=x; my-${NAME}=y; __Secure-${NAME}=z; ${NAME}.1=w`)).toBeNull();
  });

  it("answers null when there is no session cookie, or no cookie at all", () => {
    expect(readSessionCookie("theme=dark; lang=en")).toBeNull();
    expect(readSessionCookie("")).toBeNull();
    expect(readSessionCookie(`${NAME}=`)).toBeNull();
  });

  it("decodes a percent-encoded value", () => {
    expect(readSessionCookie(`${NAME}=a%2Bb%3Dc`)).toBe("a+b=c");
  });

  it("is not thrown off by another cookie whose value is not valid percent-encoding", () => {
    expect(readSessionCookie(`discount=50%; ${NAME}=eyJ.header.sig`)).toBe("eyJ.header.sig");
  });

  it("reads the __Secure- cookie when the site is served over HTTPS", () => {
    vi.stubEnv("NEXTAUTH_URL", "https://dashboard.example.com");
    expect(readSessionCookie(`${NAME}=plain; __Secure-${NAME}=secure`)).toBe("secure");
  });
});
