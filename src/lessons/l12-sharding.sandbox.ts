/**
 * L12's sandbox: a new run under directory partitioning with Zipf keys and a range scan in one
 * operation of ten — the mixed workload §4 asks for — graded by the shard map's own figures:
 * max/mean load at 1.2 or below over a whole load window after the learner's last move, and a
 * range scan of 100 keys that asks one shard (the directory can keep neighbours together).
 */
import { num } from './goals';
import { moveEntry, scan, SPARE, heaviest } from './l12-sharding.run';
import {
  lastMoveEnded,
  LOAD_WINDOW_MS,
  maxOverMean,
  scansAsked,
  scansDone,
  shardMap,
} from './sharding-goals';
import type { GoalContext, Lesson } from './types';

/** §4's sandbox target: max/avg ≤ 1.2. */
const TARGET = 1.2;
/** The width of a scan the second challenge asks for (the workload's own scans are as wide). */
const SCAN_WIDTH = 100;

function balanced(ctx: GoalContext): boolean {
  const ended = lastMoveEnded(ctx);
  const f = maxOverMean(ctx, LOAD_WINDOW_MS);
  return ended !== null && ctx.frame.time - ended >= LOAD_WINDOW_MS && f !== null && f <= TARGET;
}

function oneShardScan(ctx: GoalContext): boolean {
  return scansAsked(ctx).some(
    (s) =>
      s.to - s.from >= SCAN_WIDTH &&
      scansDone(ctx, s.from, s.to).some((f) => f.node === s.node && num(f, 'touched') === 1),
  );
}

export const sandbox: Lesson['sandbox'] = {
  freshRun: {
    settings: { partitioning: 'directory', workload: 'zipf', scans: '10', start: 'auto' },
  },
  prose:
    'A new run: a directory over Zipf keys, and one operation in ten is a range scan of 100 keys. A directory can place any entry anywhere: neighbours together, as ranges do, or spread out, as a hash does. Everything is open: move entries, add or remove servers, scan from a client’s console.',
  challenges: [
    {
      id: 'balanced',
      text: 'Bring max/mean load to 1.2 or below, over a whole 10 s window after your last move',
      goal: { description: 'max/mean ≤ 1.2 for 10 s after the last move', check: balanced },
    },
    {
      id: 'one-shard-scan',
      text: 'Make a range scan of 100 keys ask a single shard (Range scan in a client’s console)',
      goal: { description: 'a 100-key scan asks one shard', check: oneShardScan },
    },
  ],
  // The heaviest entry to the spare; then the entry after the first moves onto the first's
  // server, so keys 0–99 live on one shard, and c1 scans them.
  golden: [
    { waitMs: 6000 },
    { act: (ctx) => moveEntry(heaviest(ctx), SPARE) },
    { waitMs: 30_000 },
    {
      act: (ctx) => {
        const [first, second] = shardMap(ctx)?.directoryEntries ?? [];
        if (!first || !second) throw new Error('no directory entries');
        return moveEntry(second, first.node);
      },
    },
    { waitMs: 2000 },
    { act: scan('c1', 0, SCAN_WIDTH) },
    { waitMs: 2000 },
  ],
};
