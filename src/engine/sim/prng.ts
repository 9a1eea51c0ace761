/**
 * Seeded pseudo-random streams. The engine owns chance: every random choice in a run
 * comes from a stream derived from (seed, purpose), so one run is reproducible exactly and
 * changing one link's settings does not disturb the randomness of another.
 *
 * The generator is sfc32 (Chris Doty-Humphrey's Small Fast Counting generator, from
 * PractRand): 128 bits of state in four uint32 words, passes BigCrush, and its state is
 * plain data, so checkpoints can save and restore it.
 *
 * Shuffles, picks and weighted choices over a stream: draws.ts (never `sort(() => r - 0.5)`).
 */

/** The whole state of a stream: four unsigned 32-bit words. */
export type RngState = [number, number, number, number];

export interface Rng {
  /** A float in [0, 1) with 32 bits of randomness. */
  next(): number;
  /** An integer in [0, n). */
  int(n: number): number;
  /** A float in [lo, hi). */
  between(lo: number, hi: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  state(): RngState;
  setState(state: RngState): void;
}

/** 32-bit FNV-1a over a string's UTF-16 code units; used only to derive seeds. */
export function hashString(text: string, basis = 0x811c9dc5): number {
  let h = basis >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** splitmix32: spreads a 32-bit seed over the state so that nearby seeds diverge at once. */
function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** The initial state of the stream named `purpose` for a run with this seed. */
export function seedState(seed: number, purpose: string): RngState {
  const mix = splitmix32(hashString(purpose, hashString(String(seed))));
  const state: RngState = [mix(), mix(), mix(), mix()];
  // sfc32's counter word must not start in a degenerate all-zero state.
  if ((state[0] | state[1] | state[2] | state[3]) === 0) state[3] = 1;
  const rng = createRng(state);
  // Discard the first outputs: sfc32's authors recommend a short warm-up.
  for (let i = 0; i < 12; i++) rng.next();
  return rng.state();
}

export function createRng(initial: RngState): Rng {
  let a = initial[0] >>> 0;
  let b = initial[1] >>> 0;
  let c = initial[2] >>> 0;
  let d = initial[3] >>> 0;
  const nextU32 = (): number => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t;
  };
  const next = (): number => nextU32() / 4294967296;
  return {
    next,
    int: (n) => Math.floor(next() * n),
    between: (lo, hi) => lo + next() * (hi - lo),
    chance: (p) => (p <= 0 ? false : p >= 1 ? true : next() < p),
    state: () => [a, b, c, d],
    setState: (s) => {
      [a, b, c, d] = s;
    },
  };
}

/** A stream for (seed, purpose), ready to draw from. */
export function streamFor(seed: number, purpose: string): Rng {
  return createRng(seedState(seed, purpose));
}
