/**
 * The shard-map observer from crafted observations: load over the last second, counters that
 * survive a restart, a move's start and end times, a move a restarted source forgot marked
 * aborted, and keys moved as a fraction of the keys stored when the new map appeared (the
 * figure DDIA ch. 6 compares across partitioning schemes).
 */
import { describe, expect, it } from 'vitest';
import type { Observation } from '../../check/invariant';
import type { Json } from '../../protocol';
import { LOAD_WINDOW_MS, shardMap } from './observer';
import { initialRule, type Rule } from './rule';
import { addServer } from './rebalance';
import type { ShardMapSummary } from './summary';

const r1 = initialRule('range', ['s1', 's2'], 100);
const r2 = (() => {
  const c = addServer(r1, 's3');
  if (!c.ok) throw new Error(c.error);
  return c.rule;
})();

interface Server {
  rule?: Rule;
  keys?: number;
  answered?: number;
  served?: number | null;
  moves?: unknown[];
}

const server = (node: string, time: number, d: Server, incarnation = 1): Observation => ({
  node,
  time,
  cause: time,
  incarnation,
  data: {
    shard: {
      p: 'range',
      w: 'uniform',
      K: 100,
      dir: null,
      rule: d.rule ?? r1,
      keys: d.keys ?? 0,
      answered: d.answered ?? 0,
      moved: 0,
      served: d.served ?? null,
      moves: d.moves ?? [],
    },
  } as unknown as Json,
});

const move = (phase: string, keys: number) => ({
  id: 's2.1.1',
  to: 's3',
  v: '2.s3',
  slice: { kind: 'range', lo: 25, hi: 50 },
  phase,
  keys,
  bytes: keys * 10,
});

describe('the shard-map observer', () => {
  it('takes load over a 10 s window: a steady 50 requests/s reads 50 req/s, and a burst a second long does not swing it', () => {
    const m = shardMap.init();
    let answered = 0;
    // s1 answers one request every 20 ms for 30 s; s2 every 20 ms too, plus a burst of 40
    // more within the last second.
    for (let t = 20; t <= 30_000; t += 20) {
      answered++;
      shardMap.check(m, server('s1', t, { answered, served: 10 }));
      shardMap.check(
        m,
        server('s2', t, { answered: answered + (t > 29_000 ? (t - 29_000) / 25 : 0), served: 60 }),
      );
    }
    const s = shardMap.summary?.(m)?.data as unknown as ShardMapSummary;
    expect(s.loadWindowMs).toBe(LOAD_WINDOW_MS);
    expect(s.shards[0]?.requestsPerSec).toBeCloseTo(50, 0);
    // Over one second the burst would read 90 against 50 (max/mean 1.29); over ten, 54 against 50.
    expect(s.figures.maxOverMean).toBeLessThan(1.05);
  });

  it('publishes the hottest keys (scans left out) and, in directory mode, the table with each entry’s requests', () => {
    const dir = initialRule('directory', ['s1', 's2'], 100);
    const m = shardMap.init();
    const obs = (node: string, time: number, answered: number, served: number, scan = false) =>
      ({
        node,
        time,
        cause: time,
        incarnation: 1,
        data: {
          shard: {
            p: 'directory',
            w: 'zipf',
            K: 100,
            dir: 'dir',
            rule: dir,
            keys: 0,
            answered,
            moved: 0,
            served,
            scan,
            moves: [],
          },
        } as unknown as Json,
      }) satisfies Observation;
    let n1 = 0;
    let n2 = 0;
    for (let i = 0; i < 6; i++) shardMap.check(m, obs('s2', 10 + i, ++n2, 33));
    shardMap.check(m, obs('s1', 20, ++n1, 3));
    shardMap.check(m, obs('s1', 30, ++n1, 3));
    for (let i = 0; i < 9; i++) shardMap.check(m, obs('s1', 40 + i, ++n1, 0, true));
    const s = shardMap.summary?.(m)?.data as unknown as ShardMapSummary;
    expect(s.hotKeys).toEqual([
      { key: 33, requests: 6, node: 's2' },
      { key: 3, requests: 2, node: 's1' },
    ]);
    // 16 blocks of 7 keys, dealt round-robin: key 33 is in block 4 (28–34), on s1 by the
    // table; key 3 in block 0.
    expect(s.directoryEntries?.length).toBe(15);
    expect(s.directoryEntries?.[4]).toEqual({ lo: 28, hi: 35, node: 's1', requests: 6 });
    expect(s.directoryEntries?.[0]).toEqual({ lo: 0, hi: 7, node: 's1', requests: 2 });
  });

  it('a move shows the pieces it carries, not the span between them', () => {
    const m = shardMap.init();
    shardMap.check(
      m,
      server('s1', 0, {
        rule: r2,
        moves: [
          {
            ...move('copy', 0),
            slice: { kind: 'range', lo: 10, hi: 60 },
            pieces: [
              { kind: 'range', lo: 10, hi: 20 },
              { kind: 'range', lo: 50, hi: 60 },
            ],
          },
        ],
      }),
    );
    const s = shardMap.summary?.(m)?.data as unknown as ShardMapSummary;
    expect(s.moves[0]?.pieces).toEqual([
      { kind: 'range', lo: 10, hi: 20 },
      { kind: 'range', lo: 50, hi: 60 },
    ]);
  });

  it('counts load per second, keeps counters across a restart, and times the moves of a change', () => {
    const m = shardMap.init();
    const see = (o: Observation) => expect(shardMap.check(m, o)).toBeNull();
    see(server('s1', 0, { keys: 10 }));
    see(server('s2', 0, { keys: 10 }));
    see(server('s3', 0, {}));
    for (let i = 1; i <= 4; i++) see(server('s1', 100 * i, { keys: 10, answered: i, served: 5 }));
    see(server('s2', 500, { keys: 10, answered: 1, served: 60 }));
    let s = shardMap.summary?.(m)?.data as unknown as ShardMapSummary;
    // Rates over the traffic seen so far (400 ms since the first answer): 4 and 1 requests.
    expect(s.loadWindowMs).toBe(400);
    expect(s.shards.map((x) => [x.node, x.requestsPerSec])).toEqual([
      ['s1', 10],
      ['s2', 2.5],
      ['s3', 0],
    ]);
    expect(s.figures.maxOverMean).toBeCloseTo(4 / 2.5);
    expect(s.hotKeys).toEqual([
      { key: 5, requests: 4, node: 's1' },
      { key: 60, requests: 1, node: 's2' },
    ]);
    expect(s.figures.keysMovedFraction).toBeNull(); // no change yet
    expect(s.heat.counts.flat().reduce((a, b) => a + b, 0)).toBe(5);
    // A restart: its counter starts again from 0, and the load keeps counting.
    see(server('s1', 600, { keys: 10, answered: 0 }, 2));
    see(server('s1', 700, { keys: 10, answered: 1, served: 5 }, 2));
    s = shardMap.summary?.(m)?.data as unknown as ShardMapSummary;
    expect(s.shards[0]?.requestsPerSec).toBeCloseTo((5 * 1000) / 600);
    // A change: s3 joins and takes the upper half of the first (widest) range; 5 of the 20
    // stored keys move (reported here by s2 for brevity).
    see(server('s2', 1000, { rule: r2, keys: 10, answered: 1, moves: [move('copy', 0)] }));
    see(server('s2', 1100, { rule: r2, keys: 10, answered: 1, moves: [move('catch-up', 5)] }));
    see(server('s2', 1200, { rule: r2, keys: 5, answered: 1, moves: [move('done', 5)] }));
    s = shardMap.summary?.(m)?.data as unknown as ShardMapSummary;
    expect(s.moves).toEqual([
      expect.objectContaining({
        from: 's2',
        to: 's3',
        phase: 'done',
        keysMoved: 5,
        startedAt: 1000,
        endedAt: 1200,
      }),
    ]);
    expect(s.figures.keysMovedFraction).toBeCloseTo(5 / 20);
    expect(s.shards.find((x) => x.node === 's3')?.slices).toEqual([
      { kind: 'range', lo: 25, hi: 50 },
    ]);
  });

  it('marks a move aborted when its source restarts without it, and a down server as down', () => {
    const m = shardMap.init();
    shardMap.check(m, server('s2', 0, { rule: r2, keys: 10, moves: [move('copy', 3)] }));
    shardMap.check(m, { node: 's2', time: 50, cause: 50, incarnation: 1, data: null });
    let s = shardMap.summary?.(m)?.data as unknown as ShardMapSummary;
    expect(s.shards[0]?.up).toBe(false);
    shardMap.check(m, server('s2', 100, { rule: r2, keys: 10 }, 2));
    s = shardMap.summary?.(m)?.data as unknown as ShardMapSummary;
    expect(s.moves[0]).toMatchObject({ phase: 'aborted', endedAt: 100 });
    // The aborted copy's 3 keys are not counted: the move is made again from the start.
    expect(s.figures.keysMovedFraction).toBe(0);
    expect(s.shards[0]?.up).toBe(true);
  });
});
