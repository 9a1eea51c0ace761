/**
 * Goal vocabulary for the Raft lessons, over Raft's facts (leader-elected, election-started,
 * stepped-down, term-adopted, appended, committed, truncated, read-served…).
 */
import type { NodeId } from '../engine/protocol';
import type { FrameNode } from '../engine/sim/frame';
import { entriesOf, factsOf, num, type FactAt } from './goals';
import type { GoalContext } from './types';

export const servers = (ctx: GoalContext): FrameNode[] =>
  ctx.frame.nodes.filter((n) => n.protocol === 'raft');

export const upServers = (ctx: GoalContext) => servers(ctx).filter((n) => n.status === 'up');

/** The servers that lead now (where a step points the learner's eye). */
export const leaderIds = (ctx: GoalContext): string[] =>
  upServers(ctx)
    .filter((s) => s.role === 'leader')
    .map((s) => s.id);

export const downServers = (ctx: GoalContext) =>
  servers(ctx).filter((n) => n.status === 'crashed' || n.status === 'faulted');

export const elections = (ctx: GoalContext): FactAt[] => factsOf(ctx.trace, 'leader-elected');

/** The server that led at virtual time t, by the facts since the step began and its start. */
export function leaderAt(ctx: GoalContext, t: number): NodeId | null {
  let leader: NodeId | null =
    ctx.start.frame.nodes.find((n) => n.protocol === 'raft' && n.role === 'leader')?.id ?? null;
  for (const e of ctx.trace) {
    if (e.t > t) break;
    if (e.k === 'log' && e.fact?.kind === 'leader-elected') leader = e.node;
    else if (e.k === 'log' && e.fact?.kind === 'stepped-down' && e.node === leader) leader = null;
    else if (e.k === 'crash' && e.node === leader) leader = null;
  }
  return leader;
}

/** Terms in which an election started since the step began but nobody became leader. */
export function leaderlessTerms(ctx: GoalContext): number[] {
  const won = new Set(elections(ctx).map((f) => num(f, 'term')));
  const tried = new Set(factsOf(ctx.trace, 'election-started').map((f) => num(f, 'term')));
  const latest = Math.max(0, ...tried);
  // The term under way may still elect someone: it counts once a later term began.
  return [...tried].filter((t) => !won.has(t) && t < latest).sort((a, b) => a - b);
}

/** A leader elected in a term after some leaderless term. */
export function recoveredAfterSplit(ctx: GoalContext): boolean {
  const lost = leaderlessTerms(ctx);
  const first = lost[0];
  return first !== undefined && elections(ctx).some((f) => num(f, 'term') > first);
}

/** The servers the learner crashed since the step began that were leading at that moment. */
export function crashedLeaders(ctx: GoalContext): { node: NodeId; t: number; term: number }[] {
  return entriesOf(ctx.trace, 'crash')
    .filter((e) => leaderAt(ctx, e.t - 1e-9) === e.node)
    .map((e) => ({ node: e.node, t: e.t, term: termAt(ctx, e.node, e.t) }));
}

/** A server's term at time t: its last leader-elected or term change since the step began. */
export function termAt(ctx: GoalContext, node: NodeId, t: number): number {
  let term = ctx.start.frame.nodes.find((n) => n.id === node)?.term ?? 0;
  for (const e of ctx.trace) {
    if (e.t > t) break;
    if (e.k === 'log' && e.node === node && e.fact && typeof e.fact.term === 'number')
      term = Math.max(term, e.fact.term);
  }
  return term;
}
