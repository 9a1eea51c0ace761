/**
 * L16 — Message queues and publish/subscribe: delivery guarantees (CURRICULUM.md §4, L16).
 * A producer p1 publishes to a broker whose topic has two partitions; consumers c1 and c2
 * share them as one group (a work queue), and each message's side effect lands in the store.
 * The learner publishes and sees each message go to one consumer; subscribes three consumers
 * on their own and sees each get every message; arms a crash between the side effect and the
 * ack and sees the redelivery apply it twice (then an idempotent consumer suppress it);
 * acknowledges before processing and loses a message; and sees one key's messages come out
 * of order across partitions, then in order when the key picks the partition. Every verdict is
 * the delivery checker's (lost / duplicated / reordered, as Maelstrom's queue workload names
 * them). Sources: RabbitMQ "Consumer Acknowledgements and Publisher Confirms"; Amazon SQS
 * (visibility timeout); Kafka §4 (partitions, consumer groups); the Idempotent Consumer pattern.
 */
import { meta } from './l16-queues.meta';
import { golden } from './l16-queues.golden';
import { sandbox } from './l16-queues.sandbox';
import { orderSteps } from './l16-queues.order';
import { C1, C2, C3, CONTROLS, LESSON_SETTINGS, PANELS, PANELS_CHECKS } from './l16-queues.run';
import { counted, inWords, saw, usedProtocolAction, why } from './goals';
import {
  anomaliesThisStep,
  crashedAfterSideEffect,
  crashedBeforeProcessing,
  effectCounts,
  ms,
  processedBy,
  publishedThisStep,
  sideEffectsThisStep,
  suppressedThisStep,
} from './queue-goals';
import type { GoalContext, Lesson, NearMiss, Step } from './types';

const WORK_GROUP = 'workers';
const ARM_ACTIONS = [
  'protocol:crash-after-processing',
  'protocol:crash-before-processing',
  'protocol:publish',
] as const;

/**
 * Every message published this step took effect exactly once in the work queue's group, and
 * the consumer that processed it has said so (its report comes a moment after the store's).
 */
function eachOnce(ctx: GoalContext): boolean {
  const published = publishedThisStep(ctx);
  const counts = effectCounts(ctx);
  const reported = [...processedBy(ctx).values()].flat();
  return (
    published.length > 0 &&
    published.every(
      (p) =>
        counts.get(`${WORK_GROUP}/${p.msg}`) === 1 &&
        reported.filter((m) => m === p.msg).length === 1,
    )
  );
}

/** The subscribers that processed every message published this step. */
function subscribersWithAll(ctx: GoalContext): string[] {
  const published = publishedThisStep(ctx).map((p) => p.msg);
  return [...processedBy(ctx)]
    .filter(([, msgs]) => published.length > 0 && published.every((m) => msgs.includes(m)))
    .map(([node]) => node)
    .sort();
}

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
  description: 'c1 crashed right after a side effect, before its ack',
  check: (ctx: GoalContext) => crashedAfterSideEffect(ctx) !== null,
};

export const lesson: Lesson = {
  ...meta,
  scenario: { scenarioId: 'queue', seed: 16, nodes: 3, speed: 1, settings: LESSON_SETTINGS },
  steps: [
    {
      id: 'work-queue',
      title: 'A work queue: competing consumers',
      panels: PANELS,
      allow: { controls: [...CONTROLS], actions: ['protocol:publish'] },
      highlight: () => [C1, C2],
      prose:
        'p1 publishes to the broker’s topic, split into two partitions. c1 and c2 form one consumer group: each takes one partition, processes each message, applies its side effect in the store db, then acknowledges it. c3 waits outside the group for now.',
      task: 'In the producers’ console, publish 10 messages (Count 10), and watch who processes each.',
      goals: [
        {
          description: 'You published 10 messages',
          check: (ctx) => counted(publishedThisStep(ctx).length, 10, 'published'),
        },
        {
          description: 'Each took effect exactly once, c1 and c2 sharing them',
          check: (ctx) =>
            publishedThisStep(ctx).length >= 10 &&
            eachOnce(ctx) &&
            (processedBy(ctx).get(C1)?.length ?? 0) > 0 &&
            (processedBy(ctx).get(C2)?.length ?? 0) > 0,
        },
      ],
      hints: [
        'The producers’ console is beside the stage: set Count, then Publish.',
        'Count 10, Publish; then let the run go a few seconds.',
      ],
      nearMisses: [
        {
          id: 'too-few',
          when: (ctx) => {
            const n = publishedThisStep(ctx).length;
            return n > 0 && n < 10 && eachOnce(ctx);
          },
          feedback:
            'Those took effect once each. Publish the rest too (10 in all), so both consumers get a share you can see.',
        },
      ],
      reveal: (ctx) => {
        const by = processedBy(ctx);
        const c1 = by.get(C1) ?? [];
        const c2 = by.get(C2) ?? [];
        return [
          saw(
            eachOnce(ctx) && c1.length > 0 && c2.length > 0,
            `c1 processed ${c1.length} (${inWords(c1)}) and c2 ${c2.length} (${inWords(c2)}): each message went to one consumer of the group and took effect once.`,
          ),
          why(
            'The consumers of a work queue compete: the broker hands each message to one of them, so more consumers share the work (here, one partition each).',
          ),
        ];
      },
    },
    {
      id: 'pubsub',
      title: 'Publish/subscribe: every subscriber gets everything',
      panels: PANELS,
      freshRun: { settings: { delivery: 'pubsub', standby: '0' } },
      allow: { controls: [...CONTROLS], actions: ['protocol:publish'] },
      highlight: () => [C1, C2, C3],
      prose:
        'A new run: c1, c2 and c3 now each subscribe to the topic on their own, a consumer group of one each. Each subscription keeps its own place in the stream.',
      task: 'Answer the question, then publish 5 messages.',
      predict: {
        question:
          'Three subscribers, each with its own subscription. You publish 5 messages. How many side effects reach the store?',
        options: [
          {
            id: 'fifteen',
            text: '15: every subscriber processes all 5',
            feedback: (ctx) => [
              saw(
                subscribersWithAll(ctx).length === 3,
                `Right: ${sideEffectsThisStep(ctx).length} side effects, 5 for each subscriber.`,
              ),
            ],
          },
          {
            id: 'five',
            text: '5: each message goes to one of the three',
            misconception: 'M53',
            feedback: (ctx) => [
              saw(
                subscribersWithAll(ctx).length === 3,
                `The store got ${sideEffectsThisStep(ctx).length}: that is a work queue, where consumers compete. Subscribers do not compete; each gets its own copy.`,
              ),
            ],
          },
        ],
        answer: 'fifteen',
        holds: (ctx) =>
          subscribersWithAll(ctx).length === 3 &&
          sideEffectsThisStep(ctx).length === 3 * publishedThisStep(ctx).length,
      },
      goals: [
        {
          description: 'You published 5 messages',
          check: (ctx) => counted(publishedThisStep(ctx).length, 5, 'published'),
        },
        {
          description: 'c1, c2 and c3 each processed all of them',
          check: (ctx) => publishedThisStep(ctx).length >= 5 && subscribersWithAll(ctx).length === 3,
        },
      ],
      hints: ['The producers’ console: Count 5, then Publish.'],
      reveal: (ctx) => {
        const msgs = publishedThisStep(ctx).map((p) => p.msg);
        return [
          saw(
            subscribersWithAll(ctx).length === 3,
            `c1, c2 and c3 each processed ${inWords(msgs)}: ${sideEffectsThisStep(ctx).length} side effects for ${msgs.length} messages, one set per subscription.`,
          ),
          why(
            'Publish/subscribe fans out: every subscription gets every message. Inside one subscription, consumers still compete; a work queue is one subscription shared.',
          ),
        ];
      },
    },
    crashAfterStep({
      id: 'crash-after',
      title: 'A crash between the side effect and the ack',
      freshRun: {},
      prose:
        'Back to the work queue of c1 and c2, acknowledging after processing. A crash can come at any moment; here you place it exactly: after c1 applies a side effect, before its ack leaves.',
      task: 'Answer the question. Then click c1, choose “Crash after processing, before the ack”, and publish 4 messages.',
      predict: {
        question:
          'c1 performs its side effect and crashes before acknowledging. What does the broker do with that message?',
        options: [
          {
            id: 'again',
            text: 'Delivers it again, and the side effect happens twice',
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
            text: 'Nothing: the broker delivers each message exactly once',
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
            text: 'Delivers it again, and it takes effect once: no ack means the work was not done',
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
          description: 'c1 crashed before processing a message it had acknowledged',
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
    ...orderSteps,
  ],
  sandbox,
  golden,
};
