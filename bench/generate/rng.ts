// Seeded pseudo-random numbers for the synthetic world generator and the property tests:
// mulberry32, plus a few helpers. Same seed → same sequence, on every platform.

/** mulberry32: a tiny, fast 32-bit generator; returns floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Mixes a seed with a label so independent streams do not shift when one of them changes. */
function mix(seed: number, label: string): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  for (let i = 0; i < label.length; i++) {
    h = Math.imul(h ^ label.charCodeAt(i), 0x85ebca6b) >>> 0;
    h = (h ^ (h >>> 13)) >>> 0;
  }
  h = Math.imul(h ^ (h >>> 16), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

export class Rng {
  private readonly f: () => number;
  readonly seed: number;

  constructor(seed: number) {
    this.seed = seed >>> 0;
    this.f = mulberry32(this.seed);
  }

  /** An independent stream derived from this generator's seed and a label. */
  fork(label: string): Rng {
    return new Rng(mix(this.seed, label));
  }

  /** A float in [0, 1). */
  next(): number {
    return this.f();
  }

  float(): number {
    return this.f();
  }

  /** An integer in [lo, hi] (both inclusive). */
  int(lo: number, hi: number): number {
    if (hi <= lo) return lo;
    return lo + Math.floor(this.f() * (hi - lo + 1));
  }

  chance(p: number): boolean {
    return this.f() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(this.f() * items.length)] as T;
  }

  /** Picks by weight (weights need not sum to 1). */
  weighted<T>(items: readonly T[], weights: readonly number[]): T {
    let total = 0;
    for (const w of weights) total += w;
    let x = this.f() * total;
    for (let i = 0; i < items.length; i++) {
      x -= weights[i] as number;
      if (x < 0) return items[i] as T;
    }
    return items[items.length - 1] as T;
  }

  /** Fisher–Yates, in place; returns the array. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.f() * (i + 1));
      const t = items[i] as T;
      items[i] = items[j] as T;
      items[j] = t;
    }
    return items;
  }

  /** Each item independently with probability p, in their original order. */
  subset<T>(items: readonly T[], p = 0.5): T[] {
    return items.filter(() => this.f() < p);
  }

  /** Up to k distinct items, in their original order. */
  sample<T>(items: readonly T[], k: number): T[] {
    if (k >= items.length) return items.slice();
    if (k <= 0) return [];
    const idx = items.map((_, i) => i);
    // partial shuffle
    for (let i = 0; i < k; i++) {
      const j = i + Math.floor(this.f() * (idx.length - i));
      const t = idx[i] as number;
      idx[i] = idx[j] as number;
      idx[j] = t;
    }
    return idx
      .slice(0, k)
      .sort((a, b) => a - b)
      .map((i) => items[i] as T);
  }

  /** Four lower-case hex digits. */
  hex4(): string {
    return Math.floor(this.f() * 0x10000)
      .toString(16)
      .padStart(4, '0');
  }
}
