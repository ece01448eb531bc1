import { afterEach, describe, expect, it, vi } from "vitest";
import { API_POLICY, HSTS, pagePolicy, servedOverHttps, withApiSecurityHeaders } from "@/lib/http/security-headers.ts";

// When an answer counts as served over HTTPS (and so carries Strict-Transport-Security), and how
// API answers get their headers. The running app's headers are tested in tests/e2e/security-headers.

const request = (url: string, headers: Record<string, string> = {}) => new Request(url, { headers });

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("servedOverHttps", () => {
  it("is true for an https request, for X-Forwarded-Proto https, and wherever NEXTAUTH_URL is https", () => {
    vi.stubEnv("NEXTAUTH_URL", "");
    expect(servedOverHttps(request("https://panel.example.com/servers"))).toBe(true);
    expect(servedOverHttps(request("http://10.0.0.5:3000/servers", { "x-forwarded-proto": "https" }))).toBe(true);
    expect(servedOverHttps(request("http://10.0.0.5:3000/servers", { "x-forwarded-proto": "HTTPS, http" }))).toBe(true);
    vi.stubEnv("NEXTAUTH_URL", "https://panel.example.com");
    expect(servedOverHttps(request("http://10.0.0.5:3000/servers"))).toBe(true);
  });

  it("is false over plain HTTP, also behind a proxy that says http", () => {
    vi.stubEnv("NEXTAUTH_URL", "http://localhost:3000");
    expect(servedOverHttps(request("http://localhost:3000/servers"))).toBe(false);
    expect(servedOverHttps(request("http://localhost:3000/servers", { "x-forwarded-proto": "http" }))).toBe(false);
  });
});

describe("pagePolicy", () => {
  it("allows eval and inline <style> only to the development server, which needs them", () => {
    expect(pagePolicy("N", false, false)).not.toMatch(/unsafe-eval|style-src [^;]*unsafe-inline/);
    expect(pagePolicy("N", false, true)).toContain("script-src 'self' 'nonce-N' 'strict-dynamic' 'unsafe-eval'");
    expect(pagePolicy("N", false, true)).toContain("style-src 'self' 'unsafe-inline'");
  });
});

describe("withApiSecurityHeaders", () => {
  it("sets the API's policy, and Strict-Transport-Security only over HTTPS", () => {
    vi.stubEnv("NEXTAUTH_URL", "");
    const plain = withApiSecurityHeaders(request("http://localhost/api/v1/servers"), Response.json({}));
    expect(plain.headers.get("content-security-policy")).toBe(API_POLICY);
    expect(plain.headers.get("strict-transport-security")).toBeNull();
    const secure = withApiSecurityHeaders(request("https://panel.example.com/api/v1/servers"), Response.json({}));
    expect(secure.headers.get("strict-transport-security")).toBe(HSTS);
  });

  it("copies an answer whose headers cannot change, keeping its status and headers", () => {
    const redirect = withApiSecurityHeaders(request("http://localhost/api/auth/signin"), Response.redirect("http://localhost/login", 302));
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get("location")).toBe("http://localhost/login");
    expect(redirect.headers.get("content-security-policy")).toBe(API_POLICY);
  });
});
