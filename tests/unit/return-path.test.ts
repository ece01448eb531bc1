import { describe, expect, it } from "vitest";
import { safeReturnPath } from "@/lib/auth/return-path.ts";

// Where sign-in may send someone: only to a path of this site, whatever a browser would make of it.

describe("safeReturnPath", () => {
  it.each(["/servers", "/servers/0b9d1c3a-8f59-4a47-9a55-2b9c1b9e7d11/settings", "/servers?range=7d#memory"])("keeps the path %s", (path) => {
    expect(safeReturnPath(path)).toBe(path);
  });

  it.each([
    ["a backslash browsers read as a slash", "/\\evil.example"],
    ["a tab browsers drop", "/\t/evil.example"],
    ["a newline browsers drop", "/\n/evil.example"],
    ["a protocol-relative URL", "//evil.example"],
    ["an absolute URL", "https://evil.example/servers"],
    ["a javascript: URL", "javascript:alert(1)"],
    ["a relative path", "servers"],
    ["nothing", undefined],
    ["a repeated parameter", ["/servers", "/x"]],
  ])("refuses %s", (_label, value) => {
    expect(safeReturnPath(value)).toBe("/servers");
  });
});
