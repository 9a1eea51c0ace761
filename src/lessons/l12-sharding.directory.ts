/**
 * L12's step 3: directory partitioning over Zipf keys. The learner moves the heaviest entry of
 * the directory's table to the spare (a shard of its own), sees the load even out over a whole
 * load window, then crashes the directory and sees routing failures once the clients' cached
 * routes expire: the directory is a single point of failure unless it is itself replicated
 * (Raft, L9). Kept beside the lesson module (which lists it) to keep each file short.
 */
import { saw, why } from './goals';
import { CONTROLS, DIRECTORY, PANELS, SPARE, START_PRESET } from './l12-sharding.run';
import {
  crashedAt,
  entryOf,
  keysWords,
  lastMoveEnded,
  LOAD_WINDOW_MS,
  maxOverMean,
  members,
  movedToOwnShard,
  movesThisStep,
  pct,
  routingFailuresAfter,
  shardMap,
} from './sharding-goals';
import type { GoalContext, Step } from './types';

/** "Balanced" (§4: max/avg < 1.3). */
export const BALANCED = 1.3;
/** How far from a fair share a server may be and still be called near it (the reveal). */
const FAIR_SLACK = 0.08;

/** The key hottest in the load window now, or null. */
const hotKey = (ctx: GoalContext): number | null => shardMap(ctx)?.hotKeys[0]?.key ?? null;

/** The first goal: the hottest key's entry went to a server that held nothing (its own shard). */
function hotEntryMoved(ctx: GoalContext) {
  const k = hotKey(ctx);
  return k === null ? undefined : movedToOwnShard(ctx, k);
}

/** The second goal: max/mean under 1.3 over a whole load window after the last move. */
function evenAfterMove(ctx: GoalContext): boolean {
  const ended = lastMoveEnded(ctx);
  const f = maxOverMean(ctx, LOAD_WINDOW_MS);
  return (
    hotEntryMoved(ctx) !== undefined &&
    ended !== null &&
    ctx.frame.time - ended >= LOAD_WINDOW_MS &&
    f !== null &&
    f < BALANCED
  );
}

export const directoryStep: Step = {
  id: 'directory',
  title: 'Directory: a heavy entry, then a crash',
  panels: PANELS,
  freshRun: { settings: { partitioning: 'directory', workload: 'zipf' } },
  highlight: () => [DIRECTORY],
  prose:
    'A new run: the directory node dir maps 16 entries (blocks of keys) to servers; clients cache its answers for 2 s. Keys follow Zipf: a few are far hotter than the rest. The Directory entries table can put any entry on any server.',
  task: `Start the clients. Move the heaviest entry to ${SPARE} (choose ${SPARE} in its “move to” menu and press Move, or drag it onto ${SPARE}). When the load is even, crash dir.`,
  presets: [START_PRESET],
  allow: {
    controls: [...CONTROLS],
    actions: ['protocol:workload-on', 'protocol:move-slice', 'crash'],
  },
  goals: [
    {
      description: `The heaviest entry moves to ${SPARE}, alone`,
      check: (ctx) => hotEntryMoved(ctx) !== undefined,
    },
    {
      description: `Max/mean under ${BALANCED} for 10 s after the move`,
      check: evenAfterMove,
    },
    {
      description: 'After dir crashes, routing failures are flagged',
      check: (ctx) => {
        const t = crashedAt(ctx, DIRECTORY);
        return (
          t !== null &&
          routingFailuresAfter(ctx, t).length > 0 &&
          (shardMap(ctx)?.routingFailures ?? 0) > 0
        );
      },
    },
  ],
  nearMisses: [
    {
      id: 'not-heaviest',
      when: (ctx) => {
        const k = hotKey(ctx);
        return (
          k !== null &&
          movesThisStep(ctx).some(
            (mv) =>
              mv.phase === 'done' &&
              !mv.pieces.some((p) => p.kind === 'range' && k >= p.lo && k < p.hi),
          ) &&
          hotEntryMoved(ctx) === undefined
        );
      },
      feedback:
        'That entry was not the heaviest: the table marks the heaviest one, which holds the hottest key. Move that one.',
    },
    {
      id: 'crashed-early',
      when: (ctx) => crashedAt(ctx, DIRECTORY) !== null && hotEntryMoved(ctx) === undefined,
      feedback:
        'The directory is down before the heavy entry moved: a move still works (servers tell each other), but clients whose routes expire cannot find any shard. Press Restart this step to try it in order.',
    },
  ],
  hints: [
    'Start the clients and let a few seconds of requests pile up: the table counts each entry’s requests over the last 10 s.',
    `In Directory entries, the row marked (heaviest) holds the hottest key. Choose ${SPARE} in its “move to” menu and press Move.`,
    'When max/mean has been under 1.3 for 10 s after the move, click dir on the stage and choose Crash. Routing failures appear once the clients’ cached routes (2 s) run out.',
  ],
  reveal: (ctx) => {
    const m = shardMap(ctx);
    const moved = hotEntryMoved(ctx);
    const k = hotKey(ctx);
    const entry = k === null ? undefined : entryOf(m, k);
    const hot = m?.hotKeys[0];
    const own = m?.shards.find((r) => r.node === moved?.to);
    const fair = m ? 1 / Math.max(1, members(m).length) : 0;
    const t = crashedAt(ctx, DIRECTORY);
    const failures = t === null ? 0 : routingFailuresAfter(ctx, t).length;
    const piece = moved?.pieces[0];
    return [
      saw(
        moved !== undefined && entry !== undefined && piece?.kind === 'range',
        `The heaviest entry, ${piece?.kind === 'range' ? keysWords(piece.lo, piece.hi) : ''}, went from ${moved?.from ?? ''} to ${moved?.to ?? ''}: its key ${hot?.key ?? ''} alone drew ${hot?.requests ?? 0} requests in the last 10 s, and now ${entry?.node ?? ''} holds nothing else.`,
      ),
      saw(
        own !== undefined && m !== null && Math.abs(own.share - fair) <= FAIR_SLACK,
        `${own?.node ?? ''}, holding only that entry, answers ${pct(own?.share ?? 0)} of the requests now, near a fair ${pct(fair)} among ${m ? members(m).length : 0} shards: a directory can give one heavy entry a shard to itself.`,
      ),
      saw(
        failures > 0,
        `After dir crashed, ${failures} client operation${failures === 1 ? '' : 's'} found no route: once a cached route expired, nobody could say where a key lives, though every shard was up.`,
      ),
      why(
        'The directory is a single point of failure, so real systems replicate it with consensus (Bigtable’s Chubby, etcd’s Raft): see L9, Raft leader election.',
      ),
    ];
  },
  seeAlso: {
    href: '#/lessons/raft-election',
    text: 'L9: Raft I — terms, votes and leader election',
  },
  replayMs: 4000,
};
