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
import { crashSteps } from './l16-queues.crash';
import { golden } from './l16-queues.golden';
import { sandbox } from './l16-queues.sandbox';
import { orderSteps } from './l16-queues.order';
import { C1, C2, C3, CONTROLS, LESSON_SETTINGS, PANELS } from './l16-queues.run';
import { counted, inWords, saw, why } from './goals';
import { effectCounts, processedBy, publishedThisStep, sideEffectsThisStep } from './queue-goals';
import type { GoalContext, Lesson } from './types';

const WORK_GROUP = 'workers';

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
      task: 'In the Clients console beside the stage (it publishes from p1), set Count to 10 and press Publish. Watch who processes each message.',
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
        'The Clients console beside the stage publishes from the producer p1.',
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
          check: (ctx) =>
            publishedThisStep(ctx).length >= 5 && subscribersWithAll(ctx).length === 3,
        },
      ],
      hints: [
        'Publish from the Clients console, as in the last step.',
        'Count 5, then Publish; let the run go a few seconds.',
      ],
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
    ...crashSteps,
    ...orderSteps,
  ],
  sandbox,
  golden,
};
