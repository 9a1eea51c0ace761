/**
 * What L11's goals, reveals and golden path read from the run: the lesson's cast (proposers
 * n1 and n2, every node an acceptor and a learner), held messages to deliver by hand, and
 * the presets' actions.
 */
import type { NodeId } from '../engine/protocol';
import type { SimAction } from '../engine/sim/actions';
import { isDown, nodeById } from './goals';
import type { GoalContext, Move } from './types';

export const CONTROLS = ['play', 'step', 'speed'] as const;
export const PANELS = ['inspector', 'events', 'checks'] as const;
/** From step 4, after the prediction: the Chosen card, the quorum marks and the timeline's mark. */
export const PANELS_CHOSEN = [...PANELS, 'chosen'] as const;

/** The first proposer (value A) and the second (value B), as the lab's scenario builds them. */
export const P1 = 'n1';
export const P2 = 'n2';

/** Milliseconds, rounded, in words. */
export const ms = (v: number) => `${Math.round(v)} ms`;

export const propose = (node: NodeId): SimAction => ({
  type: 'protocol',
  node,
  action: { id: 'propose' },
});

export const followLeader = (node: NodeId): SimAction => ({
  type: 'protocol',
  node,
  action: { id: 'leader-mode' },
});

/**
 * The newest message of `kind` from `from` waiting at `to` to be delivered by hand (the
 * newest: an older one belongs to a ballot its proposer has given up).
 */
export function heldMessage(ctx: GoalContext, kind: string, from: NodeId, to: NodeId): number {
  const waiting = ctx.frame.inFlight.filter(
    (m) => m.kind === kind && m.from === from && m.to === to && m.heldSince !== null,
  );
  const last = waiting.at(-1);
  if (!last) throw new Error(`no ${kind} from ${from} waiting at ${to}`);
  return last.id;
}

/** A golden move: deliver that message by hand. */
export const deliver = (kind: string, from: NodeId, to: NodeId): Move => ({
  act: (ctx) => ({ type: 'deliver-message', msg: heldMessage(ctx, kind, from, to) }),
});

/** Golden moves: `proposer`'s Prepare delivered to `acceptors`, then their Promises back. */
export const phase1 = (proposer: NodeId, acceptors: readonly NodeId[]): Move[] => [
  ...acceptors.map((a) => deliver('Prepare', proposer, a)),
  { waitMs: 60 },
  ...acceptors.map((a) => deliver('Promise', a, proposer)),
  { waitMs: 60 },
];

/**
 * Golden moves of one duel round by hand: `a`'s Prepare refused by `b` (its own acceptor has
 * promised b's higher ballot), then b's refused by a, each retrying after the Nack.
 */
export const duelRound = (a: NodeId, b: NodeId): Move[] => [
  deliver('Prepare', a, b),
  { waitMs: 60 },
  deliver('Nack', b, a),
  { waitMs: 120 },
  deliver('Prepare', b, a),
  { waitMs: 60 },
  deliver('Nack', a, b),
  { waitMs: 120 },
];

export const p1Down = (ctx: GoalContext) => isDown(nodeById(ctx, P1));
