/**
 * L16's steps on acknowledgements (CURRICULUM.md §4, L16 steps 3–4; steps 3 to 5 here): a crash placed between
 * the side effect and the ack, acknowledging after processing, is redelivered and applied
 * twice (at-least-once); an idempotent consumer's dedup table suppresses the second; and
 * acknowledging on delivery, a crash before processing loses the message (at-most-once).
 */
import { inWords, saw, usedProtocolAction, why } from './goals';
import { C1, CONTROLS, PANELS_CHECKS } from './l16-queues.run';
import {
  anomaliesThisStep,
  crashedAfterSideEffect,
  crashedBeforeProcessing,
  ms,
  processedBy,
  sideEffectsThisStep,
  suppressedThisStep,
} from './queue-goals';
import type { GoalContext, NearMiss, Step } from './types';

const WORK_GROUP = 'workers';
const ARM_ACTIONS = [
  'protocol:crash-after-processing',
  'protocol:crash-before-processing',
  'protocol:publish',
] as const;

/**
 * The crash after a side effect, the duplicate of that very message the checker found, and
 * the consumer that applied it again (once it has said so).
 */
function duplicateAfterCrash(ctx: GoalContext) {
  const crash = crashedAfterSideEffect(ctx);
  const dup = anomaliesThisStep(ctx, 'duplicated').find(
    (a) =>
      a.msg === crash?.msg &&
      a.causes.some((c) => c.kind === 'crash-before-ack' && c.consumer === crash.node),
  );
  const second = crash && dup ? secondEffect(ctx, crash.msg, crash.node) : null;
  return crash && dup && second ? { ...crash, ...second, anomaly: dup } : null;
}

/** Who applied `msg` again after `node` crashed, and when `node` had applied it first; or null. */
function secondEffect(ctx: GoalContext, msg: string, node: string) {
  const firstAt =
    sideEffectsThisStep(ctx).find((e) => e.msg === msg && e.group === WORK_GROUP)?.t ?? 0;
  for (const [other, msgs] of processedBy(ctx))
    if (other !== node && msgs.includes(msg)) return { other, firstAt };
  return null;
}

/** The learner published without arming a crash first: the consumer simply did its work. */
const publishedUnarmed: NearMiss = {
  id: 'published-unarmed',
  when: (ctx) =>
    sideEffectsThisStep(ctx).length > 0 &&
    !usedProtocolAction(ctx, 'crash-after-processing') &&
    !usedProtocolAction(ctx, 'crash-before-processing'),
  feedback:
    'Nothing was armed, so the consumers processed and acknowledged as usual. Arm c1’s crash from its menu first, then publish again.',
};

/** A crash after the side effect, before the ack: the step (without and with a dedup table). */
function crashAfterStep(
  fields: Pick<Step, 'id' | 'title' | 'prose' | 'task' | 'hints' | 'reveal' | 'goals'> &
    Partial<Pick<Step, 'predict' | 'freshRun'>>,
): Step {
  return {
    ...fields,
    panels: PANELS_CHECKS,
    allow: { controls: [...CONTROLS], actions: [...ARM_ACTIONS] },
    highlight: () => [C1],
    nearMisses: [
      publishedUnarmed,
      {
        id: 'crashed-before',
        when: (ctx) => crashedBeforeProcessing(ctx) !== null,
        feedback:
          'That crash came before the side effect: the message is delivered again but takes effect once. Arm Crash after processing, before the ack.',
      },
    ],
  };
}

const crashedGoal = {
  description: 'A consumer crashed right after a side effect, before its ack',
  check: (ctx: GoalContext) => crashedAfterSideEffect(ctx) !== null,
};

export const crashSteps: readonly Step[] = [
  crashAfterStep({
    id: 'crash-after',
    title: 'A crash between the side effect and the ack',
    freshRun: {},
    prose:
      'Back to the work queue, acknowledging after processing. You place a crash exactly: after c1 applies a side effect, before its ack leaves.',
    task: 'Answer the question. Then click c1, choose “Crash after processing, before the ack”, and publish 4 messages.',
    predict: {
      question: 'c1 applies a side effect and crashes before its ack. What does the broker do?',
      options: [
        {
          id: 'again',
          text: 'Delivers it again: the effect happens twice',
          feedback: (ctx) => {
            const d = duplicateAfterCrash(ctx);
            return [
              saw(
                d !== null,
                `Right: the broker never got ${d?.msg ?? ''}’s ack, so it delivered it again, and it was applied again.`,
              ),
            ];
          },
        },
        {
          id: 'exactly-once',
          text: 'Nothing: it delivers exactly once',
          misconception: 'M08',
          feedback: (ctx) => {
            const d = duplicateAfterCrash(ctx);
            return [
              saw(
                d !== null,
                `${d?.msg ?? ''} was delivered twice. Without an ack the broker cannot know the work was done; it must deliver again or risk losing it.`,
              ),
            ];
          },
        },
        {
          id: 'once-more',
          text: 'Delivers it again; it takes effect once',
          misconception: 'M54',
          feedback: (ctx) => {
            const d = duplicateAfterCrash(ctx);
            return [
              saw(
                d !== null,
                `${d?.msg ?? ''} took effect twice: the work was done, only the ack was missing. An ack tells the broker it may forget the message, not whether the work happened.`,
              ),
            ];
          },
        },
      ],
      answer: 'again',
      holds: (ctx) => duplicateAfterCrash(ctx) !== null,
    },
    goals: [
      crashedGoal,
      {
        description: 'The broker delivered it again and the checker flagged a duplicate',
        check: (ctx) => duplicateAfterCrash(ctx) !== null,
      },
    ],
    hints: [
      'Arm the crash first: c1’s menu (click it, or focus it and press Enter).',
      'Choose “Crash after processing, before the ack”, then in the console Count 4, Publish. Wait a few seconds.',
    ],
    reveal: (ctx) => {
      const d = duplicateAfterCrash(ctx);
      return [
        saw(
          d !== null,
          `${d?.node ?? ''} applied ${d?.msg ?? ''} at ${ms(d?.firstAt ?? 0)} and died before its ack. With no ack, the broker gave ${d?.msg ?? ''} to ${d?.other ?? ''}, which applied it again: the checker flagged it as taking effect twice.`,
        ),
        why(
          'Acknowledging after processing is at-least-once: nothing is lost, but a crash between the side effect and the ack repeats the side effect.',
        ),
      ];
    },
  }),
  crashAfterStep({
    id: 'dedup',
    title: 'An idempotent consumer',
    freshRun: { settings: { idempotent: '1' } },
    prose:
      'A new run in which the consumers are idempotent: each writes the message id into the store’s dedup table in the same write as its side effect, and the store skips an id it already holds.',
    task: 'Do it again: arm c1 with “Crash after processing, before the ack”, then publish 4 messages.',
    goals: [
      crashedGoal,
      {
        description: 'Its redelivery was suppressed by the dedup table: no duplicate',
        check: (ctx) => {
          const crash = crashedAfterSideEffect(ctx);
          return (
            crash !== null &&
            suppressedThisStep(ctx).includes(crash.msg) &&
            anomaliesThisStep(ctx, 'duplicated').length === 0
          );
        },
      },
    ],
    hints: [
      'As in the last step: c1’s menu, “Crash after processing, before the ack”.',
      'Then Count 4, Publish, and wait a few seconds for the redelivery.',
    ],
    reveal: (ctx) => {
      const crash = crashedAfterSideEffect(ctx);
      const suppressed = crash !== null && suppressedThisStep(ctx).includes(crash.msg);
      return [
        saw(
          suppressed && anomaliesThisStep(ctx, 'duplicated').length === 0,
          `${crash?.msg ?? ''} was delivered again, as before, but the store found it in the dedup table and skipped the side effect: it took effect once.`,
        ),
        why(
          'Delivery is still at-least-once; the consumer makes processing effectively once. The id must be written with the side effect: a table written afterwards has the same gap as the ack.',
        ),
      ];
    },
  }),
  {
    id: 'ack-first',
    title: 'Acknowledge first: at-most-once',
    panels: PANELS_CHECKS,
    freshRun: { settings: { ackMode: 'on-delivery' } },
    allow: { controls: [...CONTROLS], actions: [...ARM_ACTIONS] },
    highlight: () => [C1],
    prose:
      'A new run in which consumers acknowledge each message as it arrives, before processing it. The broker forgets a message as soon as its ack comes in.',
    task: 'Click c1 and choose “Crash before processing”, then publish 4 messages.',
    goals: [
      {
        description: 'A consumer crashed before processing a message it had acknowledged',
        check: (ctx) => crashedBeforeProcessing(ctx) !== null,
      },
      {
        description: 'The checker flagged a lost message',
        check: (ctx) =>
          crashedBeforeProcessing(ctx) !== null && anomaliesThisStep(ctx, 'lost').length > 0,
      },
    ],
    hints: [
      'c1’s menu: “Crash before processing”.',
      'Then Count 4, Publish, and wait a few seconds.',
    ],
    nearMisses: [
      publishedUnarmed,
      {
        id: 'crashed-after',
        when: (ctx) => crashedAfterSideEffect(ctx) !== null,
        feedback:
          'That crash came after the side effect: the work was done, so nothing was lost. Arm “Crash before processing”.',
      },
    ],
    reveal: (ctx) => {
      const node = crashedBeforeProcessing(ctx);
      const lost = anomaliesThisStep(ctx, 'lost').map((a) => a.msg);
      return [
        saw(
          node !== null && lost.length > 0,
          `${node ?? ''} had acknowledged ${inWords(lost)} on delivery and died before processing: the broker had already forgotten ${lost.length === 1 ? 'it' : 'them'}, and no one processed ${lost.length === 1 ? 'it' : 'them'}. The checker flagged ${lost.length} lost.`,
        ),
        why(
          'Acknowledging before processing is at-most-once: never a duplicate, and sometimes nothing at all. An ack means the broker may forget the message, not that the work is done.',
        ),
      ];
    },
  },
];
