/**
 * L3 — Two generals: coordination over a lossy link (CURRICULUM.md §4, L3; Gray 1978;
 * Halpern & Moses 1990). General A makes a plan to attack at dawn and sends it to B by
 * messenger; every messenger waits at the far side of the valley until the learner lets it
 * through or captures it (hold mode). Variant by variant — the plan alone, plus an
 * acknowledgement, plus an acknowledgement of that, four rounds — the learner captures the
 * last messenger and sees its sender unsure and a general attack alone. Then the same two
 * messages as a payment: sent once, a capture loses it; resent until answered, a captured
 * receipt charges twice. Exactly-once delivery does not exist; L15 builds what does.
 */
import { meta } from './l03-two-generals.meta';
import { golden } from './l03-two-generals.golden';
import { sandbox } from './l03-two-generals.sandbox';
import { CONTROLS, DAWN_S, PANELS, variant } from './l03-two-generals.run';
import {
  A,
  B,
  attackedAlone,
  bothDecided,
  capturedRounds,
  deliveredRounds,
  heardBy,
  lastSenderUnsure,
  chargesAt,
  sentBy,
} from './generals-goals';
import { saw, why } from './goals';
import type { GoalContext, Lesson, Step } from './types';

const HOLD = [{ type: 'hold-messages', on: true }] as const;
const ALLOW = { controls: [...CONTROLS], actions: ['deliver-message', 'drop-message'] } as const;

/** The learner let rounds 1…r−1 through and captured round r. */
const capturedLast = (ctx: GoalContext, r: number): boolean =>
  capturedRounds(ctx).includes(r) &&
  Array.from({ length: r - 1 }, (_, i) => i + 1).every((k) => deliveredRounds(ctx).includes(k));

const dawnHint = `Then let the run go on until dawn (${DAWN_S} s on each general’s clock); raise Speed to get there sooner.`;

/** A variant step: capture the last of `rounds` messengers, and see its sender attack alone or hold unsure. */
function lastMessengerStep(
  rounds: number,
  fields: Pick<Step, 'id' | 'title' | 'prose' | 'task' | 'hints' | 'reveal'> &
    Partial<Pick<Step, 'predict' | 'nearMisses'>>,
): Step {
  const alone = rounds % 2 === 1 ? A : B;
  return {
    ...fields,
    // Dawn comes 30 virtual seconds in whether or not the learner has acted: one who reads
    // first finds both generals decided and goals that can no longer tick.
    nearMisses: [
      ...(fields.nearMisses ?? []),
      {
        id: 'dawn-first',
        when: (ctx) => bothDecided(ctx) && !capturedLast(ctx, rounds),
        feedback:
          'Dawn came before your last move, so both generals decided without it. Press Restart this step; the clock runs while you read, so press Pause to read and Play to act.',
      },
    ],
    panels: PANELS,
    freshRun: variant({ rounds: String(rounds) }),
    setup: HOLD,
    allow: ALLOW,
    highlight: () => [alone],
    goals: [
      {
        description:
          rounds === 1
            ? 'You captured A’s messenger'
            : rounds === 2
              ? 'You let round 1 through and captured round 2'
              : `You let rounds 1–${rounds - 1} through and captured round ${rounds}`,
        check: (ctx) => capturedLast(ctx, rounds),
      },
      {
        description: `At dawn, ${alone} attacks alone`,
        check: (ctx) => capturedLast(ctx, rounds) && attackedAlone(ctx) === alone,
      },
    ],
  };
}

export const lesson: Lesson = {
  ...meta,
  scenario: { scenarioId: 'two-generals', seed: 3, speed: 1, ...variant({ rounds: '1' }) },
  steps: [
    lastMessengerStep(1, {
      id: 'plan',
      title: 'The plan, and nothing else',
      prose:
        'General A will attack at dawn and sends B the plan by messenger. Every messenger now waits at the far side of the valley until you let it through or capture it. A attacks at dawn whatever happens; B attacks only if the plan reaches it.',
      task: 'Capture A’s messenger: click it where it waits beside B and choose Drop. Then wait for dawn.',
      hints: [
        'A’s messenger waits beside B: click it (or focus it and press Enter).',
        `Choose Drop. ${dawnHint}`,
      ],
      reveal: (ctx) => [
        saw(
          attackedAlone(ctx) === A && heardBy(ctx, B) === 0,
          'At dawn A attacked and B held: the plan never reached B. A attacked alone.',
        ),
        why(
          'From its hill A cannot see the valley: a captured messenger and a delivered one look the same to it.',
        ),
      ],
    }),
    lastMessengerStep(2, {
      id: 'ack',
      title: 'An acknowledgement',
      prose:
        'So B acknowledges the plan. Now A attacks only if the acknowledgement comes back; B attacks once it has the plan.',
      task: 'Let A’s plan through (Deliver now), then capture B’s acknowledgement (Drop). Wait for dawn.',
      hints: [
        'Click the messenger waiting beside B and choose Deliver now; B’s acknowledgement then sets out.',
        `Click the acknowledgement waiting beside A and choose Drop. ${dawnHint}`,
      ],
      reveal: (ctx) => [
        saw(
          attackedAlone(ctx) === B && sentBy(ctx, A) === 1 && heardBy(ctx, A) === 0,
          'B attacked alone: it had the plan, and trusted its acknowledgement to reach A. A got no acknowledgement and held: it could not tell a captured plan from a captured acknowledgement.',
        ),
        why('The doubt moved from B to A. It did not go away.'),
      ],
    }),
    lastMessengerStep(3, {
      id: 'ack-of-ack',
      title: 'An acknowledgement of the acknowledgement',
      prose:
        'A third messenger: A acknowledges B’s acknowledgement. B now attacks only if it arrives; A, once it has B’s acknowledgement.',
      task: 'Let the plan and B’s acknowledgement through; capture A’s third messenger. Wait for dawn.',
      predict: {
        question:
          'The plan and B’s acknowledgement get through; A’s third messenger is captured. Does B know that A will attack?',
        options: [
          {
            id: 'no',
            text: 'No: B cannot tell if its acknowledgement arrived',
            feedback: (ctx) => [
              saw(
                sentBy(ctx, B) === 2 && heardBy(ctx, B) === 1,
                'Right: B sent its acknowledgement and heard nothing back, which is what B would see whether it arrived or not.',
              ),
            ],
          },
          {
            id: 'yes-three',
            text: 'Yes: after three messages, both have a confirmation',
            misconception: 'M07',
            feedback: (ctx) => [
              saw(
                attackedAlone(ctx) === A,
                'A attacked and B held: the third message was the one that mattered to B, and it was captured. One more acknowledgement only moves the doubt to the other general.',
              ),
            ],
          },
          {
            id: 'silence',
            text: 'Yes: no reply means its acknowledgement was lost, so A holds',
            misconception: 'M09',
            feedback: (ctx) => [
              saw(
                attackedAlone(ctx) === A,
                'A attacked: B’s acknowledgement had arrived. Silence told B nothing: a lost message and a lost answer look alike.',
              ),
            ],
          },
        ],
        answer: 'no',
        holds: (ctx) => sentBy(ctx, B) === 2 && heardBy(ctx, B) === 1 && attackedAlone(ctx) === A,
      },
      hints: [
        'Deliver the plan waiting beside B, then B’s acknowledgement waiting beside A.',
        `Capture (Drop) the third messenger, A’s, waiting beside B. ${dawnHint}`,
      ],
      reveal: (ctx) => [
        saw(
          attackedAlone(ctx) === A && lastSenderUnsure(ctx, 3),
          'A attacked alone: it had B’s acknowledgement. B never got the third messenger and held; A, the last to send, could not know it was captured.',
        ),
        why(
          'Each extra round makes a different general the one left unsure: the one who sent last.',
        ),
      ],
    }),
    lastMessengerStep(4, {
      id: 'four',
      title: 'Four rounds, and any number',
      prose:
        'Four rounds: B acknowledges A’s acknowledgement too. Whatever the number, some messenger is the last one.',
      task: 'Let rounds 1 to 3 through; capture the fourth, B’s. Wait for dawn.',
      hints: [
        'Deliver each messenger as it waits: beside B, beside A, beside B again.',
        `Capture (Drop) the fourth messenger, waiting beside A. ${dawnHint}`,
      ],
      reveal: (ctx) => [
        saw(
          attackedAlone(ctx) === B && lastSenderUnsure(ctx, 4),
          'B attacked alone this time, and B, the last to send, could not know its messenger was captured.',
        ),
        why(
          'Suppose some number of messages made both sure. Its last messenger may be captured, and its sender cannot tell; so both must already have been sure without it — and so without the one before, down to none. No finite exchange makes both certain (Gray 1978).',
        ),
      ],
      nearMisses: [
        {
          id: 'captured-early',
          when: (ctx) => capturedRounds(ctx).some((r) => r < 4),
          feedback:
            'You captured an earlier messenger: the chain stopped there, and both generals will hold. Press Restart this step and let rounds 1 to 3 through.',
        },
      ],
    }),
    {
      id: 'at-most-once',
      title: 'A payment, sent once',
      panels: PANELS,
      freshRun: variant({ rounds: '2', story: 'payment', resend: 'fixed' }),
      setup: HOLD,
      allow: ALLOW,
      highlight: () => [B],
      prose:
        'The same two messages as a payment: A pays, and B, the bank, charges the account for every payment that reaches it and sends back a receipt. A sends the payment once and never again: at-most-once.',
      task: 'Capture the payment. Wait until A stops waiting (dawn).',
      goals: [
        {
          description: 'You captured the payment',
          check: (ctx) => capturedRounds(ctx).includes(1),
        },
        {
          description: 'A gave up: nothing charged, no receipt',
          check: (ctx) =>
            capturedRounds(ctx).includes(1) && bothDecided(ctx) && chargesAt(ctx, B) === 0,
        },
      ],
      hints: ['The payment waits beside B, the bank: click it.', `Choose Drop. ${dawnHint}`],
      reveal: (ctx) => [
        saw(
          chargesAt(ctx, B) === 0 && heardBy(ctx, A) === 0,
          'The payment was lost: the bank never charged, and A, with no receipt, cannot tell whether it did.',
        ),
        why('At-most-once never does anything twice, and sometimes does it not at all.'),
      ],
    },
    {
      id: 'at-least-once',
      title: 'A payment, resent until answered',
      panels: PANELS,
      freshRun: variant({ rounds: '2', story: 'payment', resend: 'until-ack' }),
      setup: HOLD,
      allow: ALLOW,
      highlight: () => [B],
      prose:
        'Now A resends the payment every 1.5 s until a receipt comes back, and the bank answers every payment it gets: at-least-once. Nothing is lost while the valley lets anything through.',
      task: 'Let the payment through, capture the receipt, then let the resent payment through.',
      goals: [
        {
          description: 'You let the payment through and captured the receipt',
          check: (ctx) => deliveredRounds(ctx).includes(1) && capturedRounds(ctx).includes(2),
        },
        {
          description: 'The bank charged twice for one payment',
          check: (ctx) => capturedRounds(ctx).includes(2) && chargesAt(ctx, B) >= 2,
        },
      ],
      hints: [
        'Deliver the payment waiting beside B; its receipt then waits beside A: Drop it.',
        'After 1.5 s A sends the payment again: deliver that one too.',
      ],
      reveal: (ctx) => [
        saw(
          chargesAt(ctx, B) >= 2,
          `The bank charged ${chargesAt(ctx, B) === 2 ? 'twice' : `${chargesAt(ctx, B)} times`} for one payment: the receipt was captured, so A paid again, and the bank could not tell the copy from a new payment.`,
        ),
        why(
          'Exactly-once delivery does not exist. Systems choose at-most-once or at-least-once, and make the receiver remember what it has done (an idempotency key): effectively once.',
        ),
      ],
    },
  ],
  sandbox,
  golden,
};
