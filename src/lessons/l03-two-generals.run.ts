/**
 * What L3's steps, golden path and e2e learner share: the controls and panels each step
 * offers, each step's variant of the protocol (rounds, the payment story, resending), and the
 * moves of a learner who lets a messenger through or captures it (every messenger waits at
 * the far side of the valley: hold mode).
 */
import type { GoalContext, Move } from './types';

export const CONTROLS = ['play', 'step', 'speed'] as const;
export const PANELS = ['inspector', 'events', 'checks'] as const;

/** Dawn, in seconds of each general's clock: time enough to act on every held messenger. */
export const DAWN_S = 30;

/** A variant's settings (the lab's URL spelling), dawn included. */
export const variant = (settings: Readonly<Record<string, string>>) => ({
  settings: { dawn: String(DAWN_S), ...settings },
});

/** The held messenger carrying `round` (the newest copy), or throws: the golden path waits for it. */
export function heldRound(ctx: GoalContext, round: number): number {
  const waiting = ctx.frame.inFlight.filter(
    (m) => (m.payload as { round?: unknown }).round === round && m.heldSince !== null,
  );
  const last = waiting.at(-1);
  if (!last) throw new Error(`no messenger with round ${round} is waiting`);
  return last.id;
}

/** Golden moves: wait for the messenger with `round` to arrive, then let it through. */
export const letThrough = (round: number): Move[] => [
  { waitMs: 800 },
  { act: (ctx) => ({ type: 'deliver-message', msg: heldRound(ctx, round) }) },
];

/** Golden moves: wait for the messenger with `round` to arrive, then capture it. */
export const capture = (round: number): Move[] => [
  { waitMs: 800 },
  { act: (ctx) => ({ type: 'drop-message', msg: heldRound(ctx, round) }) },
];

/** Golden move: wait past dawn (on both clocks). */
export const untilDawn: Move = { waitMs: DAWN_S * 1000 };
