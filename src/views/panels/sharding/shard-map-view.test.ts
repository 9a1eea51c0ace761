/** The shard map's words and strip, from fixture summaries (no page). */
import { describe, expect, it } from 'vitest';
import type { InvariantStatus } from '../../../engine/check/monitor';
import { directorySummary, hashSummary, rangeSummary, zipfRangeSummary } from './fixtures';
import {
  busiest,
  directoryWords,
  figureLines,
  heaviestEntry,
  hotKeyWords,
  isBucketStrip,
  isShardMapSummary,
  loadWords,
  movedWords,
  moveWords,
  percent,
  shardSummaryOf,
  sliceWords,
  stripSegments,
  windowWords,
} from './shard-map-view';
import { entryDragData, moverOf, readEntryDrag } from './move-action';

const check = (id: string, data: unknown): InvariantStatus =>
  ({ id, title: id, description: '', violation: null, summary: { data } }) as InvariantStatus;

describe('shardSummaryOf', () => {
  it('finds the summary by its shape among the checks, whatever the checker is called', () => {
    const checks = [check('other', { value: 'x' }), check('sharding-anything', rangeSummary)];
    expect(shardSummaryOf(checks)).toBe(rangeSummary);
  });
  it('is null with no checks, or none shaped like a shard map', () => {
    expect(shardSummaryOf(undefined)).toBeNull();
    expect(shardSummaryOf([check('x', { partitioning: 'range' })])).toBeNull();
    expect(isShardMapSummary(null)).toBe(false);
  });
});

describe('the strip', () => {
  it('lays range slices end to end in key order, each as wide as its keys', () => {
    const s = stripSegments(rangeSummary);
    expect(s.map((p) => [p.node, p.x, p.width])).toEqual([
      ['n1', 0, 0.25],
      ['n2', 0.25, 0.25],
      ['n3', 0.5, 0.25],
      ['n4', 0.75, 0.25],
    ]);
    expect(s[2]?.up).toBe(false);
    expect(s.map((p) => p.ownerClass)).toEqual(['owner-0', 'owner-1', 'owner-2', 'owner-3']);
    expect(isBucketStrip(rangeSummary)).toBe(false);
  });
  it('draws hash buckets as equal parts, in bucket order', () => {
    const s = stripSegments(hashSummary);
    expect(s.map((p) => p.width)).toEqual([0.25, 0.25, 0.25, 0.25]);
    expect(isBucketStrip(hashSummary)).toBe(true);
    expect(s[1]?.words).toBe('bucket 1 of 4 (hash mod 4 = 1)');
  });
});

describe('words', () => {
  it('names slices as a reader counts keys (the last one included)', () => {
    expect(sliceWords({ kind: 'range', lo: 750, hi: 1000 })).toBe('keys 750–999');
    expect(sliceWords({ kind: 'range', lo: 7, hi: 8 })).toBe('key 7');
  });
  it('gives the figures after a change, fan-out as "touched k of n shards"', () => {
    expect(figureLines(rangeSummary).map((f) => f.text)).toEqual([
      'Keys moved: 13% of all stored keys',
      'Max/mean load: 3.60 (requests per shard, last 10 s) — a hot spot',
      'Last range query: touched 2 of 4 shards',
    ]);
    expect(figureLines(hashSummary).map((f) => f.id)).toEqual(['max-mean', 'fan-out']);
    expect(percent(0.001)).toBe('<1%');
  });
  it('says how long a move has run, or took, with its phase, keys and bytes', () => {
    const [running, done] = rangeSummary.moves;
    expect(running && moveWords(running, 4340)).toBe(
      'keys 875–999 n4 → n5: catching up · 120 keys, 3.4 kB moved · 340 ms so far',
    );
    expect(done && moveWords(done, 9999)).toBe(
      'keys 0–124 n1 → n6: done · 125 keys, 900 B moved · took 450 ms',
    );
  });
  it('says the directory is a single point of failure when it is down, and counts “moved”', () => {
    expect(directoryWords(rangeSummary)).toBeNull();
    expect(directoryWords(directorySummary)).toMatch(
      /Directory d1 is down: .*single point of failure.* 3 requests answered “moved”.* 5 client operations failed: no route/,
    );
  });
  it('counts one key as "1 key", in a load line and in a move', () => {
    const [row] = rangeSummary.shards;
    const [, done] = rangeSummary.moves;
    expect(row && loadWords({ ...row, keys: 1 })).toMatch(/ · 1 key$/);
    expect(done && moveWords({ ...done, keysMoved: 1 }, 0)).toContain('done · 1 key, 900 B moved');
  });
  it('names the pieces a move carries, not the span between them (a directory move of two blocks)', () => {
    const [move] = directorySummary.moves;
    expect(move && moveWords(move, 0)).toBe(
      'keys 0–62, 945–999 n1 → n5: done · 40 keys, 900 B moved · took 450 ms',
    );
    const many = move && {
      ...move,
      pieces: [0, 100, 200, 300, 400].map((lo) => ({ kind: 'range' as const, lo, hi: lo + 50 })),
    };
    expect(many && movedWords(many)).toBe('keys 0–49, 100–149, 200–249 and 2 more ranges');
  });
  it('states the load window the figures cover, and counts routing failures as a figure', () => {
    expect(windowWords({ ...rangeSummary, loadWindowMs: 2500 })).toBe('last 3 s');
    expect(windowWords({ ...rangeSummary, loadWindowMs: 250 })).toBe('last 0.3 s');
    expect(figureLines(directorySummary).find((f) => f.id === 'routing-failures')?.text).toBe(
      'Routing failures: 5 client operations found no route to a shard',
    );
    expect(figureLines(rangeSummary).map((f) => f.id)).not.toContain('routing-failures');
  });
  it('names the hottest keys with their servers, and the heaviest directory entry', () => {
    expect(hotKeyWords(zipfRangeSummary)).toBe(
      'Hottest keys (last 10 s): 333 (60 requests, on n2), 950 (20 requests, on n3).',
    );
    expect(hotKeyWords(rangeSummary)).toBeNull();
    expect(heaviestEntry(directorySummary.directoryEntries)).toMatchObject({ lo: 250, node: 'n2' });
    expect(heaviestEntry(null)).toBeNull();
  });
  it('finds the busiest server', () => {
    expect(busiest(rangeSummary.shards)?.node).toBe('n4');
    expect(busiest([])).toBeNull();
  });
});

describe('moving a directory entry', () => {
  it('is run by the entry’s owner, or an up member when the owner is down; a drag carries its keys', () => {
    const entry = { lo: 315, hi: 378, node: 's2', requests: 9 };
    expect(moverOf(entry, ['s1', 's2'])).toBe('s2');
    expect(moverOf(entry, ['s1', 's3'])).toBe('s1');
    expect(moverOf(entry, [])).toBeNull();
    expect(readEntryDrag(entryDragData(entry), [entry])).toBe(entry);
    expect(readEntryDrag('keys 315–377', [entry])).toBeNull();
    expect(readEntryDrag('0-63', [entry])).toBeNull();
  });
});
