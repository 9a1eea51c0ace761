/**
 * Shard map summaries for the views' tests: range partitioning over 1,000 keys on four servers
 * with the monotonic workload's hot spot on the last, and the same keys hashed into four buckets.
 */
import type { ShardMapSummary } from '../../../engine/protocols/sharding/summary';

const counts = (hot: number, rows: number, bands: number): number[][] =>
  Array.from({ length: rows }, (_, t) =>
    Array.from({ length: bands }, (_, b) => (b === hot ? 40 + t : 2)),
  );

export const rangeSummary: ShardMapSummary = {
  partitioning: 'range',
  workload: 'monotonic',
  keySpace: 1000,
  shards: [
    {
      node: 'n1',
      up: true,
      slices: [{ kind: 'range', lo: 0, hi: 250 }],
      keys: 250,
      requestsPerSec: 10,
      share: 0.05,
    },
    {
      node: 'n2',
      up: true,
      slices: [{ kind: 'range', lo: 250, hi: 500 }],
      keys: 250,
      requestsPerSec: 10,
      share: 0.05,
    },
    {
      node: 'n3',
      up: false,
      slices: [{ kind: 'range', lo: 500, hi: 750 }],
      keys: 250,
      requestsPerSec: 0,
      share: 0,
    },
    {
      node: 'n4',
      up: true,
      slices: [{ kind: 'range', lo: 750, hi: 1000 }],
      keys: 250,
      requestsPerSec: 180,
      share: 0.9,
    },
  ],
  heat: { bands: 8, bucketMs: 500, start: 2000, counts: counts(7, 6, 8) },
  moves: [
    {
      slice: { kind: 'range', lo: 875, hi: 1000 },
      from: 'n4',
      to: 'n5',
      phase: 'catch-up',
      keysMoved: 120,
      bytesMoved: 3400,
      startedAt: 4000,
      endedAt: null,
      pieces: [{ kind: 'range', lo: 875, hi: 1000 }],
    },
    {
      slice: { kind: 'range', lo: 0, hi: 125 },
      from: 'n1',
      to: 'n6',
      phase: 'done',
      keysMoved: 125,
      bytesMoved: 900,
      startedAt: 1000,
      endedAt: 1450,
      pieces: [{ kind: 'range', lo: 0, hi: 125 }],
    },
  ],
  figures: { keysMovedFraction: 0.125, maxOverMean: 3.6, lastFanOut: { touched: 2, of: 4 } },
  directory: null,
  routingFailures: 0,
  movedAnswers: 0,
  loadWindowMs: 10_000,
  hotKeys: [],
  directoryEntries: null,
};

/**
 * Zipf over three range shards: the hot key 333 starts n2's range, and the hottest heat-map band
 * (6 of 20: keys 300–349) straddles n1's range and n2's — the band alone points at n1.
 */
export const zipfRangeSummary: ShardMapSummary = {
  ...rangeSummary,
  workload: 'zipf',
  shards: [
    { lo: 0, hi: 333 },
    { lo: 333, hi: 666 },
    { lo: 666, hi: 1000 },
  ].map((r, i) => ({
    node: `n${i + 1}`,
    up: true,
    slices: [{ kind: 'range' as const, ...r }],
    keys: r.hi - r.lo,
    requestsPerSec: i === 1 ? 30 : 15,
    share: i === 1 ? 0.5 : 0.25,
  })),
  heat: {
    bands: 20,
    bucketMs: 250,
    start: 0,
    counts: [Array.from({ length: 20 }, (_, b) => (b === 6 ? 50 : 5))],
  },
  moves: [],
  hotKeys: [
    { key: 333, requests: 60, node: 'n2' },
    { key: 950, requests: 20, node: 'n3' },
  ],
};

export const hashSummary: ShardMapSummary = {
  ...rangeSummary,
  partitioning: 'hash',
  shards: ['n1', 'n2', 'n3', 'n4'].map((node, bucket) => ({
    node,
    up: true,
    slices: [{ kind: 'bucket' as const, bucket, buckets: 4 }],
    keys: 250,
    requestsPerSec: 50,
    share: 0.25,
  })),
  moves: [],
  figures: { keysMovedFraction: null, maxOverMean: 1, lastFanOut: { touched: 4, of: 4 } },
};

export const directorySummary: ShardMapSummary = {
  ...rangeSummary,
  partitioning: 'directory',
  directory: { node: 'd1', up: false, movedAnswers: 3 },
  routingFailures: 5,
  movedAnswers: 4,
  // Four blocks of 250 keys; the hot key 333 in the second, on n2.
  hotKeys: [{ key: 333, requests: 60, node: 'n2' }],
  directoryEntries: [
    { lo: 0, hi: 250, node: 'n1', requests: 20 },
    { lo: 250, hi: 500, node: 'n2', requests: 90 },
    { lo: 500, hi: 750, node: 'n3', requests: 0 },
    { lo: 750, hi: 1000, node: 'n4', requests: 25 },
  ],
  moves: [
    {
      slice: { kind: 'range', lo: 0, hi: 1000 },
      from: 'n1',
      to: 'n5',
      phase: 'done',
      keysMoved: 40,
      bytesMoved: 900,
      startedAt: 1000,
      endedAt: 1450,
      pieces: [
        { kind: 'range', lo: 0, hi: 63 },
        { kind: 'range', lo: 945, hi: 1000 },
      ],
    },
  ],
};
