import { domainSummary, isBallooning, readBalloon } from "../domain-xml.ts";
import type { DomainMemoryStats, DomainVirtualization } from "../types.ts";
import { pick, smoothNoise } from "./seeded-random.ts";

// How the simulated guests use memory, as a pure function of the time and the domain's name, so
// that figures are believable on a chart and exactly predictable in a test with a fixed clock.
//
// Inside a guest: a working set that follows the day (busy afternoons, quiet nights, UTC) with a
// little noise; page cache filling part of the rest after boot; the remainder free. Around it: a
// balloon the host inflates when the running domains hold more than the host has, taking back only
// what the guest does not use, and deflating again once the pressure is gone.

export type RunningGuest = {
  name: string;
  virtualization: DomainVirtualization;
  /** `<memory>` of the running definition; for LXC, the cgroup limit. */
  memoryKiB: number;
  /** `<currentMemory>`: the balloon's resting size, what the guest has when the host is at ease. */
  currentMemoryKiB: number;
  /** A domain whose XML names no balloon gets a virtio one from libvirt, so only `none` is off. */
  balloon: "virtio" | "none";
  /** Seconds between guest reports; null means the guest reports nothing. */
  statsPeriodSeconds: number | null;
  startedAtMs: number;
  /** When the guest has booted and its balloon driver starts reporting. */
  bootedAtMs: number;
};

/** What the model needs of a running domain, read from the definition it was started with. */
export function runningGuest(name: string, liveXml: string, power: { startedAtMs: number; bootedAtMs: number }): RunningGuest {
  const summary = domainSummary(liveXml);
  const balloon = readBalloon(liveXml);
  const memoryKiB = summary.memoryKiB ?? 0;
  return {
    name,
    virtualization: summary.virtualization,
    memoryKiB,
    currentMemoryKiB: summary.currentMemoryKiB ?? memoryKiB,
    balloon: isBallooning(balloon) ? "virtio" : "none",
    statsPeriodSeconds: balloon.supported ? balloon.statsPeriod : null,
    startedAtMs: power.startedAtMs,
    bootedAtMs: power.bootedAtMs,
  };
}

type GuestInside = { availableKiB: number; usedKiB: number; diskCachesKiB: number; unusedKiB: number; usableKiB: number };

const HOUR_MS = 3_600_000;
const NOISE_STEP_MS = 15 * 60_000;
const CACHE_FILL_MS = 20 * 60_000;
/** Share of its free memory a guest has touched once and QEMU therefore still holds. */
const TOUCHED_FREE_SHARE = 0.3;

/** 0 in the quietest hour of the night, 1 at the domain's busiest hour of the afternoon. */
export function dailyLoad(name: string, timeMs: number): number {
  const peakHour = pick(13.5, 16.5, name, "peak-hour");
  const hour = (((timeMs / HOUR_MS) % 24) + 24) % 24;
  return ((1 + Math.cos((2 * Math.PI * (hour - peakHour)) / 24)) / 2) ** 2;
}

/** What the guest's programs need right now (anonymous memory and kernel), before any limit. */
export function workingSetKiB(name: string, memoryKiB: number, timeMs: number): number {
  const base = pick(0.18, 0.32, name, "base");
  const swing = pick(0.25, 0.4, name, "swing");
  const share = base + swing * dailyLoad(name, timeMs) + 0.03 * smoothNoise(name, timeMs, NOISE_STEP_MS);
  return Math.round(memoryKiB * Math.min(0.9, Math.max(0.05, share)));
}

/** Memory the guest kernel keeps for itself, so the guest sees less than its balloon holds. */
export const kernelReservedKiB = (memoryKiB: number) => Math.round(Math.min(memoryKiB * 0.1, 32_768 + memoryKiB * 0.015));

/** Headroom the host always leaves above a guest's use when it inflates the balloon. */
export const balloonMarginKiB = (memoryKiB: number) => Math.max(131_072, Math.round(memoryKiB * 0.1));

/** QEMU's own memory on the host, on top of what the guest has touched. */
const qemuOverheadKiB = (memoryKiB: number) => 65_536 + Math.round(memoryKiB * 0.01);

/** What a guest that sees `availableKiB` reports: used + caches + unused = available, usable = unused + caches. */
function guestInside(guest: RunningGuest, availableKiB: number, timeMs: number): GuestInside {
  const usedKiB = Math.min(workingSetKiB(guest.name, guest.memoryKiB, timeMs), Math.floor(availableKiB * 0.95));
  const uptimeMs = Math.max(0, timeMs - guest.bootedAtMs);
  const cacheShare = pick(0.35, 0.7, guest.name, "cache") * (1 - Math.exp(-uptimeMs / CACHE_FILL_MS));
  const diskCachesKiB = Math.round((availableKiB - usedKiB) * cacheShare);
  const unusedKiB = availableKiB - usedKiB - diskCachesKiB;
  return { availableKiB, usedKiB, diskCachesKiB, unusedKiB, usableKiB: unusedKiB + diskCachesKiB };
}

/** A KVM guest sees its balloon minus what its kernel keeps. */
const insideKvmGuest = (guest: RunningGuest, actualKiB: number, timeMs: number) =>
  guestInside(guest, actualKiB - kernelReservedKiB(guest.memoryKiB), timeMs);

const isBooted = (guest: RunningGuest, timeMs: number) => timeMs >= guest.bootedAtMs;
const reportsFigures = (guest: RunningGuest) =>
  guest.virtualization !== "lxc" && guest.balloon === "virtio" && guest.statsPeriodSeconds !== null;

/** What the domain holds when the host does not squeeze it. */
function restingSizeKiB(guest: RunningGuest): number {
  if (guest.virtualization === "lxc" || guest.balloon === "none") return guest.memoryKiB;
  return Math.min(guest.currentMemoryKiB, guest.memoryKiB);
}

/** Running domains' resting memory over the host's capacity; above 1 the host has promised too much. */
export function hostPressure(guests: RunningGuest[], hostMemoryKiB: number): number {
  return guests.reduce((sum, guest) => sum + restingSizeKiB(guest), 0) / hostMemoryKiB;
}

/**
 * How much the host may take from a guest: only from booted guests whose usage it can see (virtio
 * with a stats period), and never below their use plus a margin.
 */
function reclaimableKiB(guest: RunningGuest, timeMs: number): number {
  if (!reportsFigures(guest) || !isBooted(guest, timeMs)) return 0;
  const resting = restingSizeKiB(guest);
  const { usedKiB } = insideKvmGuest(guest, resting, timeMs);
  const floor = usedKiB + kernelReservedKiB(guest.memoryKiB) + balloonMarginKiB(guest.memoryKiB);
  return Math.max(0, resting - floor);
}

/** The balloon size of every guest: resting size, minus its share of what the host must take back. */
export function balloonSizesKiB(guests: RunningGuest[], hostMemoryKiB: number, timeMs: number): Map<string, number> {
  const excess = Math.max(0, (hostPressure(guests, hostMemoryKiB) - 1) * hostMemoryKiB);
  const room = guests.map((guest) => reclaimableKiB(guest, timeMs));
  const totalRoom = room.reduce((sum, value) => sum + value, 0);
  return new Map(
    guests.map((guest, index) => {
      const own = room[index] ?? 0;
      const share = totalRoom === 0 ? 0 : Math.min(own, Math.round((excess * own) / totalRoom));
      return [guest.name, restingSizeKiB(guest) - share];
    }),
  );
}

/** Seconds since the epoch of the guest's latest report: one every stats period since boot. */
function lastUpdateSeconds(guest: RunningGuest, periodSeconds: number, timeMs: number): number {
  const periodMs = periodSeconds * 1000;
  const reports = Math.floor((timeMs - guest.bootedAtMs) / periodMs);
  return Math.floor((guest.bootedAtMs + reports * periodMs) / 1000);
}

/** Resident memory of the QEMU process: it grows while the guest boots, then follows what it touched. */
function qemuRssKiB(guest: RunningGuest, actualKiB: number, timeMs: number): number {
  const overhead = qemuOverheadKiB(guest.memoryKiB);
  if (!isBooted(guest, timeMs)) {
    const progress = (timeMs - guest.startedAtMs) / Math.max(1, guest.bootedAtMs - guest.startedAtMs);
    return overhead + Math.round(guest.memoryKiB * 0.15 * Math.min(1, Math.max(0, progress)));
  }
  const inside = insideKvmGuest(guest, actualKiB, timeMs);
  return overhead + inside.usedKiB + inside.diskCachesKiB + Math.round(inside.unusedKiB * TOUCHED_FREE_SHARE);
}

const NO_GUEST_FIGURES = { unusedKiB: null, availableKiB: null, usableKiB: null, diskCachesKiB: null, lastUpdate: null };

/** One domain's figures, reporting exactly what libvirt would for its kind of domain. */
function domainStats(guest: RunningGuest, actualKiB: number, timeMs: number): DomainMemoryStats {
  if (guest.virtualization === "lxc") {
    // The LXC driver reports the cgroup limit as `actual` and the cgroup's usage as `rss`.
    const inside = guestInside(guest, guest.memoryKiB, timeMs);
    const usage = isBooted(guest, timeMs) ? inside.usedKiB + inside.diskCachesKiB : Math.round(guest.memoryKiB * 0.02);
    return { name: guest.name, actualKiB: guest.memoryKiB, maximumKiB: null, rssKiB: usage, ...NO_GUEST_FIGURES };
  }
  const host = { name: guest.name, actualKiB, maximumKiB: guest.memoryKiB, rssKiB: qemuRssKiB(guest, actualKiB, timeMs) };
  if (!reportsFigures(guest) || guest.statsPeriodSeconds === null || !isBooted(guest, timeMs)) {
    return { ...host, ...NO_GUEST_FIGURES };
  }
  const inside = insideKvmGuest(guest, actualKiB, timeMs);
  return {
    ...host,
    unusedKiB: inside.unusedKiB,
    availableKiB: inside.availableKiB,
    usableKiB: inside.usableKiB,
    diskCachesKiB: inside.diskCachesKiB,
    lastUpdate: lastUpdateSeconds(guest, guest.statsPeriodSeconds, timeMs),
  };
}

/** The figures `virsh domstats --balloon` would give for every running domain of the host. */
export function hostMemoryStats(guests: RunningGuest[], hostMemoryKiB: number, timeMs: number): DomainMemoryStats[] {
  const balloons = balloonSizesKiB(guests, hostMemoryKiB, timeMs);
  return guests.map((guest) => domainStats(guest, balloons.get(guest.name) ?? restingSizeKiB(guest), timeMs));
}
