/**
 * The sharding family's pure parts: the key hash, key sets as intervals, the routing rules and
 * rebalancing, and the workloads. Figures from Kleppmann, "Designing Data-Intensive
 * Applications" (2017), ch. 6: under hash mod N a server joining moves about N/(N+1) of the
 * keys ("the problem with hash mod N"); ranges and directory blocks move only what the new
 * server takes over. Spanner §2.1: a directory (a set of keys) is the unit of placement, moved
 * whole. DeCandia et al., "Dynamo" (SOSP 2007) §4.2: naive placement moves keys on every
 * membership change, which is what the mod N figure below measures.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bucketOf, hashKey } from './hash';
import { contains, fromKeys, intersect, normalise, sizeOf, subtract, union } from './intervals';
import { addServer, moveSlice, removeServer, splitAt } from './rebalance';
import { assignmentOf, initialRule, membersOf, ownerOf, slicesOf, type Rule } from './rule';
import { keyOfRank, nextKey, timestampKey, zipfRank } from './workload';

const K = 10_000;
const movedFraction = (a: Rule, b: Rule) => {
  let moved = 0;
  for (let k = 0; k < a.keySpace; k++) if (ownerOf(a, k) !== ownerOf(b, k)) moved++;
  return moved / a.keySpace;
};
const ok = (c: ReturnType<typeof addServer>): Rule => {
  if (!c.ok) throw new Error(c.error);
  return c.rule;
};

describe('the key hash (murmur3 fmix32)', () => {
  it('is the murmur3 finalizer: fixed values, unsigned 32-bit, spread evenly over buckets', () => {
    expect(hashKey(0)).toBe(0); // fmix32 maps 0 to 0 (smhasher MurmurHash3.cpp)
    expect(hashKey(1)).toBe(0x514e28b7);
    expect(hashKey(-1)).toBe(hashKey(0xffffffff));
    const counts = [0, 0, 0, 0];
    for (let k = 0; k < K; k++) counts[bucketOf(k, 4)] = (counts[bucketOf(k, 4)] ?? 0) + 1;
    for (const c of counts) expect(Math.abs(c - K / 4)).toBeLessThan(K / 4 / 10);
  });
});

describe('key sets as intervals', () => {
  const keys = fc.uniqueArray(fc.integer({ min: 0, max: 200 }), { maxLength: 60 });
  it('union, intersection and difference agree with sets of keys', () => {
    fc.assert(
      fc.property(keys, keys, (a, b) => {
        const A = fromKeys(a);
        const B = fromKeys(b);
        const U = union(A, B);
        const I = intersect(A, B);
        const D = subtract(A, B);
        let agrees = sizeOf(A) === a.length;
        for (let k = 0; k <= 201; k++) {
          const inA = a.includes(k);
          const inB = b.includes(k);
          agrees &&=
            contains(U, k) === (inA || inB) &&
            contains(I, k) === (inA && inB) &&
            contains(D, k) === (inA && !inB);
        }
        return agrees;
      }),
      { numRuns: 100 },
    );
    expect(
      normalise([
        [5, 9],
        [0, 5],
        [12, 12],
      ]),
    ).toEqual([[0, 9]]);
  });
});

describe('routing rules and rebalancing (DDIA ch. 6)', () => {
  const three = ['s1', 's2', 's3'];
  it('each kind gives every key exactly one owner, and the assignments partition the space', () => {
    for (const kind of ['range', 'hash', 'directory'] as const) {
      const rule = initialRule(kind, three, 1000);
      const sizes = three.map((s) => sizeOf(assignmentOf(rule, s)));
      expect(sizes.reduce((a, b) => a + b)).toBe(1000);
      for (const s of three) expect(slicesOf(rule, s).length).toBeGreaterThan(0);
      expect(membersOf(rule)).toEqual(three);
    }
  });

  it('a fourth server under mod N moves about N/(N+1) = 3/4 of the keys; under range and directory only what it takes', () => {
    const hash = initialRule('hash', three, K);
    expect(movedFraction(hash, ok(addServer(hash, 's4')))).toBeCloseTo(3 / 4, 1);
    const range = initialRule('range', three, K);
    const r4 = ok(addServer(range, 's4'));
    // Half of the widest range (a third of the space): a sixth, all of it to the newcomer.
    expect(movedFraction(range, r4)).toBeCloseTo(1 / 6, 2);
    for (let k = 0; k < K; k++)
      if (ownerOf(range, k) !== ownerOf(r4, k)) expect(ownerOf(r4, k)).toBe('s4');
    const dir = initialRule('directory', three, K);
    const d4 = ok(addServer(dir, 's4'));
    expect(movedFraction(dir, d4)).toBeLessThanOrEqual(0.26);
    expect(sizeOf(assignmentOf(d4, 's4'))).toBeGreaterThan(0);
  });

  it('removing a server hands only its keys to the others; the last server cannot leave', () => {
    for (const kind of ['range', 'hash', 'directory'] as const) {
      const rule = initialRule(kind, three, 1200);
      const out = ok(removeServer(rule, 's2', 's2'));
      expect(membersOf(out)).not.toContain('s2');
      if (kind !== 'hash')
        for (let k = 0; k < 1200; k++)
          if (ownerOf(rule, k) !== 's2') expect(ownerOf(out, k)).toBe(ownerOf(rule, k));
    }
    const one = initialRule('range', ['s1'], 10);
    expect(removeServer(one, 's1', 's1')).toEqual({
      ok: false,
      error: 's1 is the only server left',
    });
  });

  it('a split cuts one range at a point; moving a slice carves it out; bad input is refused in words', () => {
    const range = initialRule('range', three, 900);
    const split = ok(splitAt(range, 750, 's4', 's3'));
    expect(ownerOf(split, 749)).toBe('s3');
    expect(ownerOf(split, 750)).toBe('s4');
    expect(split.version).toBe(2);
    expect(splitAt(range, 600, null, 's1')).toMatchObject({ ok: false });
    expect(splitAt(initialRule('hash', three, 900), 10, null, 's1')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/not by range/),
    });
    const moved = ok(moveSlice(range, 100, 200, 's3', 's1'));
    expect([
      ownerOf(moved, 99),
      ownerOf(moved, 100),
      ownerOf(moved, 199),
      ownerOf(moved, 200),
    ]).toEqual(['s1', 's3', 's3', 's1']);
    expect(moveSlice(range, 200, 100, 's3', 's1')).toMatchObject({ ok: false });
  });
});

describe('workloads', () => {
  it('celebrity: one key, the Zipf hot key, takes 30% of the draws; the rest spread evenly', () => {
    const n = 20_000;
    const counts = new Map<number, number>();
    for (let i = 0; i < n; i++) {
      const k = nextKey('celebrity', 1000, (i + 0.5) / n, 0, true);
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    expect((counts.get(keyOfRank(0, 1000)) ?? 0) / n).toBeCloseTo(0.3, 2);
    expect(counts.size).toBe(1000);
    const others = [...counts].filter(([k]) => k !== keyOfRank(0, 1000)).map(([, c]) => c);
    expect(Math.max(...others)).toBeLessThanOrEqual(Math.ceil((0.7 * n) / 1000) + 1);
  });

  it('Zipf: the hottest key takes about a sixth of the draws over 1000 keys', () => {
    let hot = 0;
    const n = 20_000;
    for (let i = 0; i < n; i++) if (zipfRank((i + 0.5) / n, 1000) === 0) hot++;
    expect(hot / n).toBeGreaterThan(0.12);
    expect(hot / n).toBeLessThan(0.2);
    const keys = new Set(Array.from({ length: 1000 }, (_, r) => keyOfRank(r, 1000)));
    expect(keys.size).toBe(1000); // a bijection
  });

  it('monotonic: timestamps rise with the clock and stay in the last quarter of the key space', () => {
    expect(timestampKey(0, 1000)).toBe(750);
    expect(timestampKey(1000, 1000)).toBe(800);
    expect(timestampKey(4999, 1000)).toBe(999);
    // Past the last slot they go round the quarter again, not pile onto key 999 (which made
    // the monotonic workload one hot key after five seconds, even under hash).
    expect(timestampKey(5000, 1000)).toBe(750);
    const later = new Set<number>();
    for (let t = 5000; t < 60_000; t += 20) later.add(nextKey('monotonic', 1000, 0.3, t, false));
    expect(later.size).toBe(250);
    const range = initialRule('range', ['s1', 's2', 's3'], 1000);
    for (let t = 0; t < 60_000; t += 37)
      expect(ownerOf(range, nextKey('monotonic', 1000, 0.3, t, false))).toBe('s3');
  });
});
