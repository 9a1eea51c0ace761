/**
 * Goal vocabulary for the two-generals lesson (L3), over the general protocol's view model
 * (`decision`, `heard`, `sent`, `received`) and the learner's own actions: which messenger the
 * learner captured (a dropped message, by the round its payload carries) and which it let
 * through. The generals are A (makes the plan) and B.
 */
import type { NodeId } from '../engine/protocol';
import type { GoalContext } from './types';
import { actionsOf, nodeById, viewField } from './goals';

export const A = 'A';
export const B = 'B';

/** The round a message carries, by its id (from the frames or its send in the trace), or null. */
function roundOf(ctx: GoalContext, msg: number): number | null {
  // In flight now, or already at the step's start (A sends the plan as it boots), or sent since.
  const inFlight =
    ctx.frame.inFlight.find((m) => m.id === msg)?.payload ??
    ctx.start.frame.inFlight.find((m) => m.id === msg)?.payload;
  const sent = ctx.trace.find((e) => e.k === 'send' && e.msg === msg);
  const payload = (inFlight ?? (sent?.k === 'send' ? sent.payload : null)) as {
    round?: unknown;
  } | null;
  return typeof payload?.round === 'number' ? payload.round : null;
}

/** Rounds whose messengers the learner captured (dropped) since the step began. */
export function capturedRounds(ctx: GoalContext): number[] {
  return actionsOf(ctx, 'drop-message')
    .map((a) => roundOf(ctx, a.msg))
    .filter((r): r is number => r !== null);
}

/** Rounds the learner let through (delivered by hand) since the step began. */
export function deliveredRounds(ctx: GoalContext): number[] {
  return actionsOf(ctx, 'deliver-message')
    .map((a) => roundOf(ctx, a.msg))
    .filter((r): r is number => r !== null);
}

export type Decision = 'attack' | 'hold' | 'undecided';

export const decisionOf = (ctx: GoalContext, id: NodeId): Decision =>
  (viewField(nodeById(ctx, id), 'decision') as Decision | undefined) ?? 'undecided';

/** The highest round this general has received. */
export const heardBy = (ctx: GoalContext, id: NodeId): number =>
  Number(viewField(nodeById(ctx, id), 'heard') ?? 0);

/** The highest round this general has sent. */
export const sentBy = (ctx: GoalContext, id: NodeId): number =>
  Number(viewField(nodeById(ctx, id), 'sent') ?? 0);

/** Copies of the plan (round 1) that reached this general: the bank's charges in the payment story. */
export const chargesAt = (ctx: GoalContext, id: NodeId): number => {
  const arrivals = viewField(nodeById(ctx, id), 'arrivals');
  return Array.isArray(arrivals) && typeof arrivals[0] === 'number' ? arrivals[0] : 0;
};

/** Both generals have decided (dawn has passed on both clocks). */
export const bothDecided = (ctx: GoalContext): boolean =>
  decisionOf(ctx, A) !== 'undecided' && decisionOf(ctx, B) !== 'undecided';

/** The general who attacked alone, or null. */
export function attackedAlone(ctx: GoalContext): NodeId | null {
  const a = decisionOf(ctx, A);
  const b = decisionOf(ctx, B);
  if (a === 'attack' && b === 'hold') return A;
  if (b === 'attack' && a === 'hold') return B;
  return null;
}

/** The general who sends round r: A for odd rounds (the plan, the ack of the ack…), B for even. */
export const senderOf = (round: number): NodeId => (round % 2 === 1 ? A : B);
export const otherThan = (id: NodeId): NodeId => (id === A ? B : A);

/** The last sender never learns whether its last messenger got through. */
export const lastSenderUnsure = (ctx: GoalContext, rounds: number): boolean => {
  const last = senderOf(rounds);
  return sentBy(ctx, last) === rounds && heardBy(ctx, last) < rounds;
};
