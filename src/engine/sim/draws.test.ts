import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pick, shuffle, weighted } from './draws';
import { streamFor, type Rng } from './prng';

/**
 * Pearson's chi-squared statistic of observed counts against equal expected counts. With
 * fixed seeds the tests below are deterministic; the bounds are the 0.999 quantiles of the
 * chi-squared distribution, so a fair draw would fail them one time in a thousand seeds.
 */
function chiSquaredUniform(counts: readonly number[]): number {
  const total = counts.reduce((a, b) => a + b, 0);
  const expected = total / counts.length;
  return counts.reduce((sum, c) => sum + (c - expected) ** 2 / expected, 0);
}
/** 0.999 quantile of chi-squared with 23 degrees of freedom (4! orders − 1). */
const CHI2_23_P999 = 49.73;

/** How often each of the 24 orders of [0, 1, 2, 3] comes out of `order`, over `draws` draws. */
function orderCounts(rng: Rng, draws: number, order: (rng: Rng, xs: number[]) => number[]) {
  const counts = new Map<string, number>();
  for (let i = 0; i < draws; i++) {
    const key = order(rng, [0, 1, 2, 3]).join('');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

describe('shuffle', () => {
  it('gives a permutation and leaves its input alone', () => {
    fc.assert(
      fc.property(fc.integer(), fc.array(fc.integer(), { maxLength: 40 }), (seed, xs) => {
        const before = [...xs];
        const out = shuffle(streamFor(seed, 'shuffle'), xs);
        expect(xs).toEqual(before);
        expect([...out].sort((a, b) => a - b)).toEqual([...xs].sort((a, b) => a - b));
      }),
    );
  });

  it('is deterministic per seed, and seeds differ', () => {
    const items = Array.from({ length: 20 }, (_, i) => i);
    const a = shuffle(streamFor(7, 'nemesis'), items);
    expect(shuffle(streamFor(7, 'nemesis'), items)).toEqual(a);
    expect(shuffle(streamFor(8, 'nemesis'), items)).not.toEqual(a);
  });

  it('makes every order of four items equally likely (chi-squared over 48,000 draws)', () => {
    const counts = orderCounts(streamFor(2024, 'fairness'), 48_000, shuffle);
    expect(counts.size).toBe(24);
    expect(chiSquaredUniform([...counts.values()])).toBeLessThan(CHI2_23_P999);
  });

  it('puts each item in each position equally often', () => {
    const rng = streamFor(11, 'positions');
    const n = 7;
    const draws = 35_000;
    // at[item * n + position]: how often the item came out at the position.
    const at = new Array<number>(n * n).fill(0);
    const items = Array.from({ length: n }, (_, i) => i);
    for (let d = 0; d < draws; d++)
      shuffle(rng, items).forEach((x, pos) => (at[x * n + pos] = (at[x * n + pos] ?? 0) + 1));
    const rows = items.map((x) => at.slice(x * n, x * n + n));
    for (const row of rows) expect(chiSquaredUniform(row)).toBeLessThan(22.46);
  });

  it('the same test catches the biased sort(() => rng.next() - 0.5)', () => {
    const biased = (rng: Rng, xs: number[]) => xs.sort(() => rng.next() - 0.5);
    const counts = orderCounts(streamFor(2024, 'fairness'), 48_000, biased);
    const cells = Array.from({ length: 24 }, (_, i) => [...counts.values()][i] ?? 0);
    expect(chiSquaredUniform(cells)).toBeGreaterThan(CHI2_23_P999);
  });
});

describe('pick', () => {
  it('reaches every item about equally often, deterministically per seed', () => {
    const items = ['a', 'b', 'c', 'd', 'e'];
    const counts = new Map<string, number>();
    const rng = streamFor(3, 'pick');
    for (let i = 0; i < 25_000; i++) {
      const x = pick(rng, items);
      counts.set(x, (counts.get(x) ?? 0) + 1);
    }
    expect(counts.size).toBe(5);
    // 0.999 quantile of chi-squared with 4 degrees of freedom.
    expect(chiSquaredUniform([...counts.values()])).toBeLessThan(18.47);
    const again = streamFor(3, 'pick');
    const first = streamFor(3, 'pick');
    expect(Array.from({ length: 10 }, () => pick(again, items))).toEqual(
      Array.from({ length: 10 }, () => pick(first, items)),
    );
  });

  it('throws on an empty list', () => {
    expect(() => pick(streamFor(1, 'pick'), [])).toThrow(RangeError);
  });
});

describe('weighted', () => {
  it('chooses in proportion to the weights and never a zero weight', () => {
    const rng = streamFor(5, 'weighted');
    const counts = { crash: 0, never: 0, heal: 0, skew: 0 };
    const choices = [
      ['crash', 3],
      ['never', 0],
      ['heal', 1],
      ['skew', 0.5],
    ] as const;
    const draws = 45_000;
    for (let i = 0; i < draws; i++) counts[weighted(rng, choices)]++;
    expect(counts.never).toBe(0);
    expect(counts.crash / draws).toBeCloseTo(3 / 4.5, 2);
    expect(counts.heal / draws).toBeCloseTo(1 / 4.5, 2);
    expect(counts.skew / draws).toBeCloseTo(0.5 / 4.5, 2);
  });

  it('is deterministic per seed and takes one draw per call', () => {
    const choices = [
      ['a', 1],
      ['b', 2],
    ] as const;
    const one = streamFor(9, 'w');
    const two = streamFor(9, 'w');
    const seq = Array.from({ length: 50 }, () => weighted(one, choices));
    expect(Array.from({ length: 50 }, () => weighted(two, choices))).toEqual(seq);
    expect(one.next()).toBe(two.next());
  });

  it('rejects negative, non-finite and all-zero weights', () => {
    const rng = streamFor(1, 'w');
    expect(() => weighted(rng, [])).toThrow(RangeError);
    expect(() => weighted(rng, [['a', 0]])).toThrow(RangeError);
    expect(() => weighted(rng, [['a', -1]])).toThrow(RangeError);
    expect(() => weighted(rng, [['a', Number.NaN]])).toThrow(RangeError);
    expect(() => weighted(rng, [['a', Infinity]])).toThrow(RangeError);
  });
});
