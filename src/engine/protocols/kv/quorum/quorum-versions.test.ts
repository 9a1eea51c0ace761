/** The pure pieces of kv-quorum: the ring and version vectors. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareClocks, mergeVersions, type Version } from './quorum-versions';
import { hashKey, preferenceList, standInsFor } from './ring';

const R5 = ['n1', 'n2', 'n3', 'n4', 'n5'];

describe('the ring', () => {
  it('gives each key N distinct home replicas and the rest as stand-ins, from the key alone', () => {
    expect(preferenceList('x', R5, 3)).toEqual(['n1', 'n2', 'n3']);
    expect(standInsFor('x', R5, 3)).toEqual(['n4', 'n5']);
    expect(preferenceList('post', R5, 3)).toEqual(['n5', 'n1', 'n2']); // wraps round
    fc.assert(
      fc.property(fc.string(), fc.integer({ min: 1, max: 5 }), (key, n) => {
        const home = preferenceList(key, R5, n);
        expect(new Set([...home, ...standInsFor(key, R5, n)]).size).toBe(5);
        expect(home).toHaveLength(n);
      }),
    );
  });

  it('spreads keys evenly over the replicas', () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 5000; i++) {
      const first = R5[hashKey(`key${i}`) % 5] ?? '';
      counts.set(first, (counts.get(first) ?? 0) + 1);
    }
    for (const c of counts.values()) expect(c).toBeGreaterThan(800);
  });
});

describe('version vectors', () => {
  const v = (value: string, clock: Record<string, number>): Version => ({ value, clock });

  it('orders vectors, and keeps concurrent versions as siblings', () => {
    expect(compareClocks({ n1: 1 }, { n1: 2 })).toBe('before');
    expect(compareClocks({ n1: 2, n2: 1 }, { n1: 2 })).toBe('after');
    expect(compareClocks({ n1: 1 }, { n2: 1 })).toBe('concurrent');
    const merged = mergeVersions([v('a', { n1: 1 })], [v('b', { n2: 1 })]);
    expect(merged.versions.map((x) => x.value)).toEqual(['a', 'b']);
    const resolved = mergeVersions(merged.versions, [v('c', { n1: 1, n2: 1, n3: 1 })]);
    expect(resolved.versions.map((x) => x.value)).toEqual(['c']);
    expect(mergeVersions(resolved.versions, [v('a', { n1: 1 })]).changed).toBe(false);
  });

  it('merges to the same siblings in any order, any number of times', () => {
    const version = fc
      .record({ n1: fc.nat(3), n2: fc.nat(3), n3: fc.nat(3) })
      .map((clock) => v(JSON.stringify(clock), clock));
    fc.assert(
      fc.property(fc.array(version, { maxLength: 12 }), fc.nat(), (vs, seed) => {
        const once = mergeVersions([], vs).versions;
        const shuffled = [...vs, ...vs].sort(
          (a, b) => ((hashKey(a.value) ^ seed) % 7) - ((hashKey(b.value) ^ seed) % 7),
        );
        const again = shuffled.reduce<Version[]>((acc, x) => mergeVersions(acc, [x]).versions, []);
        expect(again).toEqual(once);
      }),
    );
  });
});
