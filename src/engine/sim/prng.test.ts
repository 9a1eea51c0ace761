import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRng, hashString, seedState, streamFor } from './prng';

const draw = (seed: number, purpose: string, n: number) => {
  const rng = streamFor(seed, purpose);
  return Array.from({ length: n }, () => rng.next());
};

describe('seeded streams', () => {
  it('repeat exactly for the same seed and purpose', () => {
    fc.assert(
      fc.property(fc.integer(), fc.string(), (seed, purpose) => {
        expect(draw(seed, purpose, 20)).toEqual(draw(seed, purpose, 20));
      }),
    );
  });

  it('differ for nearby seeds and for different purposes', () => {
    expect(draw(1, 'net', 8)).not.toEqual(draw(2, 'net', 8));
    expect(draw(1, 'link:a>b', 8)).not.toEqual(draw(1, 'link:b>a', 8));
    expect(hashString('ab')).not.toBe(hashString('ba'));
  });

  it('resume identically from a saved state', () => {
    const rng = streamFor(5, 'x');
    for (let i = 0; i < 100; i++) rng.next();
    const saved = rng.state();
    const ahead = Array.from({ length: 10 }, () => rng.next());
    const copy = createRng(saved);
    expect(Array.from({ length: 10 }, () => copy.next())).toEqual(ahead);
    rng.setState(saved);
    expect(rng.next()).toBe(ahead[0]);
  });

  it('stay in [0, 1) and spread evenly (chi-square over 10 buckets, 100,000 draws)', () => {
    const rng = streamFor(123, 'uniformity');
    const buckets = new Array<number>(10).fill(0);
    const n = 100_000;
    for (let i = 0; i < n; i++) {
      const x = rng.next();
      expect(x >= 0 && x < 1).toBe(true);
      const b = Math.floor(x * 10);
      buckets[b] = (buckets[b] ?? 0) + 1;
    }
    const expected = n / 10;
    const chi2 = buckets.reduce((sum, b) => sum + (b - expected) ** 2 / expected, 0);
    // 9 degrees of freedom: the 99.9th percentile is 27.9.
    expect(chi2).toBeLessThan(27.9);
  });

  it('draw integers, ranges and chances within their bounds', () => {
    const rng = streamFor(9, 'helpers');
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1000 }), (n) => {
        const k = rng.int(n);
        expect(Number.isInteger(k) && k >= 0 && k < n).toBe(true);
      }),
    );
    for (let i = 0; i < 1000; i++) {
      const x = rng.between(-5, 5);
      expect(x >= -5 && x < 5).toBe(true);
    }
    expect(rng.chance(0)).toBe(false);
    expect(rng.chance(1)).toBe(true);
    expect(seedState(0, '').some((w) => w !== 0)).toBe(true);
  });
});
