// Deterministic "randomness" for the simulated host: the same inputs always give the same number,
// so a domain behaves the same after an app restart and tests can predict it with a fixed clock.

/** A number in [0, 1) derived from the parts (FNV-1a, then a final avalanche so near inputs differ). */
export function unitHash(...parts: (string | number)[]): number {
  let hash = 0x811c9dc5;
  for (const character of parts.join("\u0000")) {
    hash ^= character.codePointAt(0) ?? 0;
    hash = Math.imul(hash, 0x01000193);
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return (hash >>> 0) / 2 ** 32;
}

/** A number in [low, high) picked by the parts. */
export const pick = (low: number, high: number, ...parts: (string | number)[]) => low + (high - low) * unitHash(...parts);

/**
 * Smooth noise in [-1, 1]: random values on a grid of `stepMs`, eased between grid points, so a
 * figure wanders instead of jumping between two samples a few seconds apart.
 */
export function smoothNoise(seed: string, timeMs: number, stepMs: number): number {
  const position = timeMs / stepMs;
  const cell = Math.floor(position);
  const t = position - cell;
  const eased = t * t * (3 - 2 * t);
  const from = unitHash(seed, cell) * 2 - 1;
  const to = unitHash(seed, cell + 1) * 2 - 1;
  return from + (to - from) * eased;
}
