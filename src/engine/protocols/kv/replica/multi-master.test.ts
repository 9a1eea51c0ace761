/** multi-master: last-writer-wins under clock skew, and siblings kept then merged. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Sibling } from '../messages';
import { lwwBeats } from './multi-master';
import { kvCluster } from '../nemesis';
import { describeVector, mergeSiblings, sameSiblings, writeOver } from './siblings';
import { act, factsOf, historyOf, replicaView, startKv } from './testing';

function cluster(resolution: 'lww' | 'siblings') {
  return startKv(
    kvCluster({
      options: {
        mode: 'multi-master',
        resolution,
        replicationDelayMs: 50,
        antiEntropyEveryMs: 400,
      },
      clients: 2,
      loadEveryMs: null,
    }),
  );
}

describe('last writer wins', () => {
  it('a newer write loses to an older one from a node whose clock runs ahead', () => {
    const sim = cluster('lww');
    sim.actSync({ type: 'clock', node: 'n1', skewMs: 1000, drift: 0 });
    act(sim, 'c1', 'write', { key: 'x', value: 'old' });
    sim.runUntilSync(300);
    // c2 writes later in real time, at n2, whose clock is right.
    act(sim, 'c2', 'write', { key: 'x', value: 'new' });
    sim.runUntilSync(400);
    act(sim, 'c2', 'read', { key: 'x' });
    sim.runUntilSync(1000);
    expect(historyOf(sim)).toEqual([
      'c1 invoke write x="old"',
      'c1 ok write x="old"',
      'c2 invoke write x="new"',
      'c2 ok write x="new"',
      'c2 invoke read x',
      'c2 ok read x="old"',
    ]);
    expect(factsOf(sim, 'lww-discarded')).toContainEqual(
      expect.objectContaining({ node: 'n2', key: 'x', lost: 'new', kept: 'old' }),
    );
    for (const n of ['n1', 'n2', 'n3']) {
      expect(replicaView(sim, n).store.x?.values, n).toEqual(['old']);
      expect(replicaView(sim, n).store.x?.version, n).toMatch(/^t=10\d\d by n1$/);
    }
  });

  it('orders stamps by time, then node, then value: one winner everywhere', () => {
    expect(lwwBeats({ value: 'a', t: 2, node: 'n1' }, { value: 'b', t: 1, node: 'n9' })).toBe(true);
    expect(lwwBeats({ value: 'a', t: 1, node: 'n2' }, { value: 'b', t: 1, node: 'n1' })).toBe(true);
    expect(lwwBeats({ value: 'b', t: 1, node: 'n1' }, { value: 'a', t: 1, node: 'n1' })).toBe(true);
    expect(lwwBeats({ value: 'a', t: 1, node: 'n1' }, { value: 'a', t: 1, node: 'n1' })).toBe(
      false,
    );
  });
});

describe('siblings', () => {
  it('keeps concurrent writes as siblings, returns them all, and a later write merges them', () => {
    const sim = cluster('siblings');
    sim.actSync({ type: 'partition', groups: [['n1'], ['n2', 'n3']] });
    act(sim, 'c1', 'write', { key: 'x', value: 'a' });
    act(sim, 'c2', 'write', { key: 'x', value: 'b' });
    sim.runUntilSync(300);
    sim.actSync({ type: 'heal' });
    sim.runUntilSync(900);
    for (const n of ['n1', 'n2', 'n3'])
      expect(replicaView(sim, n).store.x, n).toEqual({
        values: ['a', 'b'],
        version: '{n1:1} | {n2:1}',
      });
    expect(factsOf(sim, 'conflict')).toContainEqual(
      expect.objectContaining({ key: 'x', values: ['a', 'b'] }),
    );
    act(sim, 'c2', 'read', { key: 'x' });
    sim.runUntilSync(1000);
    expect(historyOf(sim)).toContain('c2 ok read x=["a","b"]');
    // c1's next write at n1 supersedes both siblings n1 holds.
    act(sim, 'c1', 'write', { key: 'x', value: 'c' });
    sim.runUntilSync(1400);
    for (const n of ['n1', 'n2', 'n3'])
      expect(replicaView(sim, n).store.x, n).toEqual({ values: ['c'], version: '{n1:2, n2:1}' });
  });

  const vector = fc.dictionary(fc.constantFrom('n1', 'n2', 'n3'), fc.integer({ min: 1, max: 4 }));
  // A version vector names one write: the same vector always carries the same value.
  const siblings = fc
    .array(vector, { maxLength: 4 })
    .map((vvs) => vvs.map((vv): Sibling => ({ value: describeVector(vv), vv })));

  it('merging is commutative, associative and idempotent (so replicas converge)', () => {
    fc.assert(
      fc.property(siblings, siblings, siblings, (a, b, c) => {
        const ab = mergeSiblings(a, b);
        expect(sameSiblings(ab, mergeSiblings(b, a))).toBe(true);
        expect(sameSiblings(mergeSiblings(ab, c), mergeSiblings(a, mergeSiblings(b, c)))).toBe(
          true,
        );
        expect(sameSiblings(mergeSiblings(ab, ab), ab)).toBe(true);
      }),
    );
  });

  it('a write over the siblings a replica holds supersedes every one of them', () => {
    fc.assert(
      fc.property(siblings, (held) => {
        const merged = mergeSiblings(held, []);
        const next = writeOver(merged, 'n2', 'z');
        expect(mergeSiblings(merged, [next])).toEqual([next]);
      }),
    );
  });
});
