/**
 * Goal vocabulary for the sharding lesson (L12), over the sharding family's published shard
 * map (`ShardMapSummary`, the shard-map observer's summary: the same figures the learner reads
 * in the Shard map panel) and its facts (scan, routing-failure, rebalance). A goal never
 * recomputes a figure the panel shows: it reads the panel's own number.
 */
import type { NodeId } from '../engine/protocol';
import { LOAD_WINDOW_MS } from '../engine/protocols/sharding/observer';
import type {
  DirectoryEntry,
  ShardMapSummary,
  ShardMove,
  ShardRow,
} from '../engine/protocols/sharding/summary';
import { actionsOf, entriesOf, factsOf, num, usedProtocolAction, type FactAt } from './goals';
import type { GoalContext } from './types';

export { LOAD_WINDOW_MS };

/** The shard map the run publishes now (or when the step began), or null before the first frame. */
export function shardMap(ctx: GoalContext, when: 'now' | 'start' = 'now'): ShardMapSummary | null {
  const frame = when === 'now' ? ctx.frame : ctx.start.frame;
  const data = frame.checks.find((c) => c.id === 'shard-map')?.summary?.data;
  return data && typeof data === 'object' ? (data as unknown as ShardMapSummary) : null;
}

/** The learner started the clients' workload during this step. */
export const startedClients = (ctx: GoalContext): boolean => usedProtocolAction(ctx, 'workload-on');

/** The servers the map places keys on (members: a spare holds nothing in the map). */
export const members = (m: ShardMapSummary): ShardRow[] =>
  m.shards.filter((r) => r.slices.length > 0);

/** The member answering the largest share of requests in the load window, or null with none. */
export function busiest(m: ShardMapSummary | null): ShardRow | null {
  let top: ShardRow | null = null;
  for (const r of m ? members(m) : []) if (r.share > 0 && (!top || r.share > top.share)) top = r;
  return top;
}

/**
 * The panel's max/mean load when it covers at least `minWindowMs` of traffic (null before:
 * over a second or two of requests it is too noisy to judge a threshold by).
 */
export function maxOverMean(ctx: GoalContext, minWindowMs: number): number | null {
  const m = shardMap(ctx);
  if (!m || m.loadWindowMs < minWindowMs) return null;
  return m.figures.maxOverMean;
}

/** A whole percentage, as the panel writes it. */
export const pct = (share: number): string => `${Math.round(share * 100)}%`;

/** A key range in words, as the panel writes it: "keys 315–377". */
export const keysWords = (lo: number, hi: number): string =>
  hi - lo <= 1 ? `key ${lo}` : `keys ${lo}–${hi - 1}`;

/** The learner's range scans this step, as asked (from, to), in order. */
export function scansAsked(ctx: GoalContext): { node: NodeId; from: number; to: number }[] {
  return actionsOf(ctx, 'protocol').flatMap((a) => {
    if (a.action.id !== 'scan') return [];
    const args = (a.action.args ?? {}) as Record<string, unknown>;
    return [{ node: a.node, from: Number(args.from), to: Number(args.to) }];
  });
}

/** The scans clients finished this step over exactly keys from…to−1 (a 'scan' fact each). */
export const scansDone = (ctx: GoalContext, from: number, to: number): FactAt[] =>
  factsOf(ctx.trace, 'scan').filter((f) => num(f, 'lo') === from && num(f, 'hi') === to);

/**
 * A scan the learner asked for this step over keys from…to−1 that a client finished, with how
 * many shards it asked: the fan-out the panel's "Last range query" shows.
 */
export function learnerScan(ctx: GoalContext, from: number, to: number): FactAt | undefined {
  const asked = scansAsked(ctx).filter((s) => s.from === from && s.to === to);
  return scansDone(ctx, from, to).find((f) => asked.some((s) => s.node === f.node));
}

/** Moves of the shard map that began during this step, in order. */
export const movesThisStep = (ctx: GoalContext): ShardMove[] =>
  (shardMap(ctx)?.moves ?? []).filter((mv) => mv.startedAt >= ctx.start.time);

/** Every move begun this step has ended, and there was one. */
export function movesSettled(ctx: GoalContext): boolean {
  const moves = movesThisStep(ctx);
  return moves.length > 0 && moves.every((mv) => mv.phase === 'done');
}

/** When the last move of this step ended (ms), or null while one runs or none began. */
export function lastMoveEnded(ctx: GoalContext): number | null {
  const moves = movesThisStep(ctx);
  if (!moves.length || moves.some((mv) => mv.endedAt === null)) return null;
  return Math.max(...moves.map((mv) => mv.endedAt ?? 0));
}

/**
 * Servers the routing map gave nothing when the step began (spares). By the map, not by keys
 * stored: before the clients write, every server holds no keys, and all of them looked spare.
 */
export const sparesAtStart = (ctx: GoalContext): NodeId[] =>
  (shardMap(ctx, 'start')?.shards ?? []).filter((r) => r.slices.length === 0).map((r) => r.node);

/** The directory entry holding key `k` now, or undefined. */
export const entryOf = (m: ShardMapSummary | null, k: number): DirectoryEntry | undefined =>
  m?.directoryEntries?.find((e) => k >= e.lo && k < e.hi);

/**
 * A move this step that is done and carried key `k` to a server that held nothing when the
 * step began: `k` is on a shard of its own.
 */
export function movedToOwnShard(ctx: GoalContext, k: number): ShardMove | undefined {
  const spares = sparesAtStart(ctx);
  return movesThisStep(ctx).find(
    (mv) =>
      mv.phase === 'done' &&
      spares.includes(mv.to) &&
      mv.pieces.some((p) => p.kind === 'range' && k >= p.lo && k < p.hi),
  );
}

/** When `node` was crashed this step (the first time), or null. */
export const crashedAt = (ctx: GoalContext, node: NodeId): number | null =>
  entriesOf(ctx.trace, 'crash').find((e) => e.node === node)?.t ?? null;

/** Client operations that found no route (the directory did not answer) after time `t`. */
export const routingFailuresAfter = (ctx: GoalContext, t: number): FactAt[] =>
  factsOf(ctx.trace, 'routing-failure').filter((f) => f.t > t);
