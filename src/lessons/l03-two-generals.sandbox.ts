/**
 * L3's sandbox: a new run with three messengers per message and everything open, with two
 * challenges the run grades — redundancy that survives captures, and a lone attack despite
 * it — and the sweep over messengers (100 seeds each) to see how rare, never impossible, a
 * lone attack becomes.
 */
import type { Lesson } from './types';
import { attackedAlone, capturedRounds, heardBy, B } from './generals-goals';
import { heldRound, variant } from './l03-two-generals.run';
import type { GoalContext, Move } from './types';

/** Every messenger with `round` waiting now, captured. */
const captureAll = (round: number): Move => ({
  act: (ctx: GoalContext) => ({ type: 'drop-message', msg: heldRound(ctx, round) }),
});

export const sandbox: Lesson['sandbox'] = {
  freshRun: variant({ rounds: '2', messengers: '3' }),
  // Held from the first moment, so no messenger slips by while the learner reads.
  setup: [{ type: 'hold-messages', on: true }],
  speed: 1,
  prose:
    'A new run: each message now goes out as three messengers, 200 ms apart, and the first to arrive counts. Messengers wait to be let through or captured; everything is open. The sweep runs 100 seeds for each number of messengers; Propose a protocol tries every single capture of any variant you choose.',
  challenges: [
    {
      id: 'redundancy',
      text: 'Capture two of A’s three messengers and still get the plan to B',
      goal: {
        description: 'Two plans captured, B has the plan',
        check: (ctx) =>
          capturedRounds(ctx).filter((r) => r === 1).length >= 2 && heardBy(ctx, B) >= 1,
      },
    },
    {
      id: 'alone',
      text: 'Even so, make one general attack alone',
      goal: {
        description: 'One general attacked alone',
        check: (ctx) => attackedAlone(ctx) !== null,
      },
    },
  ],
  golden: [
    { waitMs: 1200 },
    captureAll(1),
    captureAll(1),
    { act: (ctx) => ({ type: 'deliver-message', msg: heldRound(ctx, 1) }) },
    { waitMs: 1200 },
    captureAll(2),
    captureAll(2),
    captureAll(2),
    { waitMs: 30_000 },
  ],
};
