/**
 * A small seeded pseudo-random generator for the demo data. Math.random cannot be seeded, and the
 * demo must produce the same records for the same seed on every machine and every run.
 */

/** Mixes 32-bit words into one well-scrambled 32-bit word (a murmur3-style finaliser per word). */
export function hash32(...words: number[]): number {
  let h = 0x811c9dc5;
  for (const word of words) {
    h = Math.imul(h ^ (word >>> 0), 0x01000193);
    h ^= h >>> 15;
    h = Math.imul(h, 0x2c1b3c6d);
    h ^= h >>> 12;
    h = Math.imul(h, 0x297a2d39);
    h ^= h >>> 15;
  }
  return h >>> 0;
}

/** A deterministic stream of numbers; independent sub-streams come from `hash32(seed, ...)`. */
export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    this.state = hash32(seed) | 0;
  }

  /** A float in [0, 1): a Weyl sequence step followed by an avalanche mix (mulberry32 layout). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** A float in [min, max). */
  between(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** One element of a non-empty list, uniformly. */
  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }

  /** One value, each with its relative weight. */
  weighted<T>(options: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, weight] of options) total += weight;
    let r = this.next() * total;
    for (const [value, weight] of options) {
      r -= weight;
      if (r < 0) return value;
    }
    const last = options[options.length - 1];
    if (last === undefined) throw new Error('weighted pick from an empty list');
    return last[0];
  }

  /** A Poisson-distributed count with the given mean (Knuth's method: means here are small). */
  poisson(mean: number): number {
    const limit = Math.exp(-mean);
    let count = 0;
    let product = this.next();
    while (product > limit) {
      count += 1;
      product *= this.next();
    }
    return count;
  }
}
