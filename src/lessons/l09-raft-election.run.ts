/**
 * What L09's goals and reveals read from the run: split votes, stalled elections, restarts,
 * and the golden path's picks.
 */
import type { SimAction } from '../engine/sim/actions';
import type { Frame } from '../engine/sim/frame';
import { actionsOf, factsOf, inWords, num } from './goals';
import { downServers, elections, leaderlessTerms, upServers } from './raft-goals';
import type { GoalContext } from './types';

export const CONTROLS = ['play', 'step', 'speed'] as const;
/** The client console stays out of this lesson: it is about elections. */
export const PANELS = ['inspector', 'events', 'spacetime', 'checks'] as const;

/** Every running follower times out at the same instant: a split vote. */
export function alignTimers(frame: Frame): SimAction[] {
  return frame.nodes
    .filter((n) => n.protocol === 'raft' && n.status === 'up' && n.role !== 'leader')
    .map((n) => ({ type: 'protocol', node: n.id, action: { id: 'timeout' } }));
}

/** The golden path's picks. */
export const firstUp = (ctx: GoalContext, role?: string) => {
  const n = upServers(ctx).find((s) => role === undefined || s.role === role);
  if (!n) throw new Error(`no running server${role ? ` with role ${role}` : ''}`);
  return n.id;
};
export const firstDown = (ctx: GoalContext) => {
  const n = downServers(ctx)[0];
  if (!n) throw new Error('no crashed server');
  return n.id;
};

/** The leaderless term a split vote left, and the election that ended it. */
export function splitAndWinner(ctx: GoalContext) {
  const lost = leaderlessTerms(ctx)[0];
  const won = elections(ctx).find((f) => lost !== undefined && num(f, 'term') > lost);
  const candidates = factsOf(ctx.trace, 'election-started').filter((f) => num(f, 'term') === lost);
  // Who started the winning term: the one whose new random timeout ran out first.
  const firstInWinningTerm = factsOf(ctx.trace, 'election-started').find(
    (f) => won !== undefined && num(f, 'term') === num(won, 'term'),
  );
  return {
    lost: lost ?? 0,
    won,
    winner: won?.node ?? '',
    wonTerm: won ? num(won, 'term') : 0,
    split: candidates.length >= 2,
    firstTimedOut: won !== undefined && firstInWinningTerm?.node === won.node,
  };
}

/** Below a majority: three down, no leader, two leaderless terms (what the reveal claims). */
export const stalled = (ctx: GoalContext) =>
  downServers(ctx).length === 3 &&
  leaderlessTerms(ctx).length >= 2 &&
  !upServers(ctx).some((s) => s.role === 'leader');

export const terms = (ts: readonly number[]) => `term${ts.length === 1 ? '' : 's'} ${inWords(ts)}`;

/** Restarted since the step began: the learner's restart actions. */
export const restarted = (ctx: GoalContext) => actionsOf(ctx, 'restart').map((a) => a.node);
