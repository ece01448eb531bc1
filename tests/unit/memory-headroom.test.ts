import { afterEach, describe, expect, it, vi } from "vitest";
import { DEFAULT_HEADROOM_MIB, defaultHeadroomMiB, headroomOf } from "@/lib/hosts/memory-headroom.ts";
import { appLog } from "@/lib/observability/logger.ts";

// The memory a host keeps for itself, never promised as guaranteed memory: its own, or the default.

afterEach(() => {
  vi.restoreAllMocks();
});

describe("the default headroom", () => {
  it("is 2 GiB unless GUARANTEED_MEMORY_HEADROOM_MIB says otherwise", () => {
    expect(DEFAULT_HEADROOM_MIB).toBe(2048);
    expect(defaultHeadroomMiB({})).toBe(2048);
    expect(defaultHeadroomMiB({ GUARANTEED_MEMORY_HEADROOM_MIB: "" })).toBe(2048);
    expect(defaultHeadroomMiB({ GUARANTEED_MEMORY_HEADROOM_MIB: "4096" })).toBe(4096);
    expect(defaultHeadroomMiB({ GUARANTEED_MEMORY_HEADROOM_MIB: " 1024 " })).toBe(1024);
    expect(defaultHeadroomMiB({ GUARANTEED_MEMORY_HEADROOM_MIB: "0" })).toBe(0);
  });

  it("keeps 2 GiB for a value that is not a whole number of MiB, and says so once", () => {
    const warn = vi.spyOn(appLog(), "warn").mockImplementation(() => undefined);
    for (const value of ["2G", "-1", "1.5", "1e3", "lots"]) expect(defaultHeadroomMiB({ GUARANTEED_MEMORY_HEADROOM_MIB: value })).toBe(2048);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]?.[0]).toMatch(/GUARANTEED_MEMORY_HEADROOM_MIB="2G" is not a whole number of MiB; using 2048/);
  });
});

describe("a host's headroom", () => {
  it("is its own where set, 0 included, and the default otherwise", () => {
    expect(headroomOf({ memoryHeadroomMiB: 512 })).toBe(512);
    expect(headroomOf({ memoryHeadroomMiB: 0 })).toBe(0);
    expect(headroomOf({ memoryHeadroomMiB: null })).toBe(defaultHeadroomMiB());
  });
});
