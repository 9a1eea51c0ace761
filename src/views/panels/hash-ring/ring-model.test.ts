/** The ring view's arithmetic: shares, owners, replicas, words; and the summary's lookup. */
import { describe, expect, it } from 'vitest';
import { placer, ringArcs } from '../../../engine/protocols/hash-ring/placement';
import type { InvariantStatus } from '../../../engine/check/monitor';
import type { Json } from '../../../engine/protocol';
import { fixtureSummary } from './fixture';
import {
  arcIndexAt,
  arcLength,
  colourSlot,
  preferenceList,
  ringShares,
  RING_SIZE,
  serverState,
  sharesSentence,
  sortedArcs,
} from './ring-model';
import { isHashRingSummary, ringSummaryOf } from './ring-summary';

const servers = ['n1', 'n2', 'n3', 'n4', 'n5'];

describe('ring model', () => {
  it('shares of the ring add up to one, whatever the virtual nodes', () => {
    for (const vnodes of [1, 3, 64]) {
      const shares = ringShares(ringArcs({ scheme: 'ring-vnodes', servers, vnodes }));
      const total = [...shares.values()].reduce((a, b) => a + b, 0);
      expect(total).toBeCloseTo(1, 9);
      expect([...shares.keys()].sort()).toEqual(servers);
    }
  });

  it('a lone server with one point owns the whole ring', () => {
    const arcs = ringArcs({ scheme: 'ring', servers: ['n1'], vnodes: 1 });
    expect(arcs).toHaveLength(1);
    const [only] = arcs;
    expect(only && arcLength(only, 1)).toBe(RING_SIZE);
    expect(sharesSentence(ringShares(arcs))).toBe('n1 owns 100.0\u00a0% of the ring.');
  });

  it('finds the same owner and replicas as the engine’s placement, for every key', () => {
    const config = { scheme: 'ring-vnodes' as const, servers, vnodes: 16 };
    const sorted = sortedArcs(ringArcs(config));
    const engine = placer(config);
    for (let k = 0; k < 500; k++) {
      const position = (Math.imul(k + 1, 2654435761) >>> 0) % RING_SIZE;
      const mine = preferenceList(sorted, position, 3);
      expect(mine).toEqual(engine.replicas(position, 3));
      expect(new Set(mine).size).toBe(3);
    }
  });

  it('wraps a position past the last point to the first arc, and edges belong to the arc ending there', () => {
    const sorted = sortedArcs(ringArcs({ scheme: 'ring', servers, vnodes: 1 }));
    const last = sorted[sorted.length - 1]?.end ?? 0;
    expect(arcIndexAt(sorted, last + 1)).toBe(0);
    expect(arcIndexAt(sorted, sorted[2]?.end ?? -1)).toBe(2);
    expect(arcIndexAt([], 5)).toBe(-1);
    expect(preferenceList(sorted, 0, 9)).toHaveLength(servers.length);
  });

  it('says a server’s state in words and keeps its colour slot by its place in the list', () => {
    const s = fixtureSummary({ servers: 14 });
    expect(colourSlot('n13', s.servers)).toBe(0);
    expect(colourSlot('n2', s.servers)).toBe(1);
    const row = { node: 'n9', up: true, member: false, keys: 0, requestsPerSec: 0, hitRate: null };
    expect(serverState(row)).toBe('not in the ring');
    expect(serverState({ ...row, member: true, up: false })).toBe('down');
  });
});

describe('ring summary lookup', () => {
  const status = (data: Json | undefined): InvariantStatus => ({
    id: 'x',
    title: 'x',
    description: '',
    violation: null,
    ...(data === undefined ? {} : { summary: { data } }),
  });

  it('finds the summary among the checks by its shape, and nothing in another lab', () => {
    const s = fixtureSummary();
    expect(isHashRingSummary(s)).toBe(true);
    const found = ringSummaryOf([
      status(undefined),
      status({ value: 'A' }),
      status(s as unknown as Json),
    ]);
    expect(found?.vnodes).toBe(s.vnodes);
    expect(ringSummaryOf([status({ value: 'A' })])).toBeNull();
    expect(ringSummaryOf(undefined)).toBeNull();
    expect(isHashRingSummary({ ...s, keys: null })).toBe(false);
  });
});
