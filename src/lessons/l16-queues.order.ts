/**
 * L16's last two steps, on ordering (CURRICULUM.md §4, L16 step 5): one key's messages spread
 * round-robin over two partitions come out of order when the consumers run at different
 * speeds; partitioned by the key, they all land in one partition and keep their order
 * (Kafka §4.4: order is kept within a partition, not across partitions).
 */
import { factsOf, num, saw, str, why } from './goals';
import { C1, C2, CONTROLS, ORDER_KEY, PANELS_CHECKS } from './l16-queues.run';
import {
  anomaliesThisStep,
  causeOf,
  effectOrder,
  processedBy,
  publishedWithKey,
  sideEffectsThisStep,
} from './queue-goals';
import type { GoalContext, Step } from './types';

const ALLOW = {
  controls: [...CONTROLS],
  actions: ['protocol:slow-down', 'protocol:publish'],
} as const;

/** The first out-of-order finding for the key this step, and a later message that overtook it, or null. */
function overtaken(ctx: GoalContext) {
  const a = anomaliesThisStep(ctx, 'reordered').find((x) => x.key === ORDER_KEY);
  if (!a) return null;
  const published = publishedWithKey(ctx, ORDER_KEY);
  const seqOf = (m: string) => published.find((p) => p.msg === m)?.seq ?? Number.NaN;
  const order = effectOrder(
    ctx,
    published.map((p) => p.msg),
  );
  const ahead = order.slice(0, order.indexOf(a.msg)).find((m) => seqOf(m) > seqOf(a.msg));
  // Once the consumer that processed the late one has reported it (a moment after the store).
  return ahead === undefined || processorOf(ctx, a.msg) === ''
    ? null
    : { late: a.msg, ahead, anomaly: a };
}

/** The partition the broker appended `msg` to (this step), or null. */
function partitionOf(ctx: GoalContext, msg: string): number | null {
  const f = factsOf(ctx.trace, 'appended').find((x) => str(x, 'msg') === msg);
  return f ? num(f, 'partition') : null;
}

/** The consumer that processed `msg` (first side effect), or ''. */
function processorOf(ctx: GoalContext, msg: string): string {
  for (const [node, msgs] of processedBy(ctx)) if (msgs.includes(msg)) return node;
  return '';
}

/** Every message with the key published this step took effect, in publish order, none flagged. */
function allInOrder(ctx: GoalContext): boolean {
  const published = publishedWithKey(ctx, ORDER_KEY);
  const order = effectOrder(
    ctx,
    published.map((p) => p.msg),
  );
  return (
    published.length >= 2 &&
    order.length === published.length &&
    order.every((m, i) => m === published[i]?.msg) &&
    anomaliesThisStep(ctx, 'reordered').length === 0
  );
}

const publishedFive = {
  description: `You published 5 messages with key ${ORDER_KEY}`,
  check: (ctx: GoalContext) => publishedWithKey(ctx, ORDER_KEY).length >= 5,
};

export const orderSteps: readonly Step[] = [
  {
    id: 'order',
    title: 'One key, two consumers',
    panels: PANELS_CHECKS,
    freshRun: {},
    allow: ALLOW,
    highlight: () => [C1, C2],
    prose: `A new work queue of c1 and c2. The broker spreads messages round-robin over the two partitions, whatever their key. Consumers run at different speeds: a busy host, a garbage-collection pause.`,
    task: `Answer the question. Then slow c1 down (its menu: Slow down) and publish 5 messages with key ${ORDER_KEY}.`,
    predict: {
      question: `You publish 5 messages with key ${ORDER_KEY} to c1 and c2. Do their side effects happen in publish order?`,
      options: [
        {
          id: 'not-always',
          text: 'Not necessarily: two consumers work in parallel',
          feedback: (ctx) => {
            const o = overtaken(ctx);
            return [
              saw(
                o !== null,
                `Right: ${o?.ahead ?? ''} took effect before ${o?.late ?? ''}, which was published first.`,
              ),
            ];
          },
        },
        {
          id: 'fifo',
          text: 'Yes: a queue is first in, first out',
          misconception: 'M52',
          feedback: (ctx) => {
            const o = overtaken(ctx);
            return [
              saw(
                o !== null,
                `${o?.ahead ?? ''} overtook ${o?.late ?? ''}. The broker hands them out in order, but two consumers finish in any order.`,
              ),
            ];
          },
        },
      ],
      answer: 'not-always',
      holds: (ctx) => overtaken(ctx) !== null,
    },
    goals: [
      publishedFive,
      {
        description: `The checker flagged a message of ${ORDER_KEY} out of order`,
        check: (ctx) => overtaken(ctx) !== null,
      },
    ],
    hints: [
      'c1’s menu (click it): Slow down. It now takes five times as long per message.',
      `In the console, Key ${ORDER_KEY}, Count 5, Publish; wait a few seconds.`,
    ],
    nearMisses: [
      {
        id: 'all-in-order',
        when: (ctx) =>
          publishedWithKey(ctx, ORDER_KEY).length >= 2 &&
          allInOrder(ctx) &&
          sideEffectsThisStep(ctx).length >= publishedWithKey(ctx, ORDER_KEY).length,
        feedback:
          'This time they came out in order: nothing made one consumer fall behind the other. Slow c1 down, then publish 5 at once.',
      },
    ],
    reveal: (ctx) => {
      const o = overtaken(ctx);
      const across = causeOf(o?.anomaly, 'across-partitions');
      const late = o?.late ?? '';
      const ahead = o?.ahead ?? '';
      return [
        saw(
          o !== null && across !== undefined,
          `${late}, published before ${ahead}, took effect after it: ${late} was in partition ${partitionOf(ctx, late) ?? ''}, processed by ${processorOf(ctx, late)}, and ${ahead} in partition ${partitionOf(ctx, ahead) ?? ''}, by ${processorOf(ctx, ahead)}.`,
        ),
        why(
          'A queue is first in, first out only within one partition. Consumers working in parallel finish in any order, so with many consumers there is no global order.',
        ),
      ];
    },
  },
  {
    id: 'by-key',
    title: 'Partition by key',
    panels: PANELS_CHECKS,
    freshRun: { settings: { partitionByKey: '1' } },
    allow: ALLOW,
    highlight: () => [C1, C2],
    prose: `A new run, partitioned by key: the broker hashes each message’s key to choose its partition, so every ${ORDER_KEY} message lands in the same partition, which one consumer of the group takes in turn.`,
    task: `Slow c1 down again, and publish 5 messages with key ${ORDER_KEY}.`,
    goals: [
      publishedFive,
      {
        description: 'All took effect, in publish order, none flagged',
        check: (ctx) => publishedWithKey(ctx, ORDER_KEY).length >= 5 && allInOrder(ctx),
      },
    ],
    hints: [
      'c1’s menu: Slow down.',
      `Then Key ${ORDER_KEY}, Count 5, Publish; wait a few seconds.`,
    ],
    reveal: (ctx) => {
      const msgs = publishedWithKey(ctx, ORDER_KEY).map((p) => p.msg);
      const parts = new Set(msgs.map((m) => partitionOf(ctx, m)));
      const first = msgs[0] ?? '';
      return [
        saw(
          allInOrder(ctx) && parts.size === 1,
          `All ${msgs.length} went to partition ${partitionOf(ctx, first) ?? ''}, which ${processorOf(ctx, first)} alone consumes: they took effect in order, ${msgs.join(', ')}.`,
        ),
        why(
          'Order holds within a partition, so partition by the key whose order matters: an order id, an account. Different keys still interleave, and one hot key goes only as fast as one consumer.',
        ),
      ];
    },
  },
];
