/**
 * L16's sandbox: a new run with the fixes of the lesson on — idempotent consumers, partitions
 * chosen by key — two producers (stopped, for the learner to start), six partitions, c1 and c2
 * in the group and c3 outside it. Three challenges graded by the checker and the broker's
 * figures: a sustained rate with no duplicate and no key out of order; a backlog built by a
 * slow consumer; the backlog drained by a consumer that joins (the rebalance moves partitions
 * off the slow one).
 *
 * Why 12 msg/s and not the curriculum's 200: each consumer here processes one message at a
 * time (as a RabbitMQ channel or a Kafka partition's poll loop does), 20 ms of work plus the
 * store's round trip over 30 ms links, so one consumer manages about 12 a second and three
 * about 36; 200 would take some twenty consumers. And the lab's cost grows with the rate:
 * measured in Chromium on the shared 2-core test machine (load average about 17), asked for
 * 0.25× real time, the lab ran at 0.13× at 16 msg/s and at 0.03× at 200 msg/s (12 frames a
 * second, the longest 630 ms): about 4× the cost per virtual second. The point — the
 * rate is kept, with no duplicate and per-key order, until one slow consumer falls behind —
 * is the same at 12.
 */
import type { NodeId } from '../engine/protocol';
import { DEPTH_EVERY_MS } from '../engine/protocols/queue/fold';
import { counted, nodeById, usedProtocolAction, viewField } from './goals';
import { C2, C3, nodeAction } from './l16-queues.run';
import { anomaliesThisStep, backlog, brokerSummary, sideEffectsThisStep } from './queue-goals';
import type { GoalContext, Lesson } from './types';

/** The rate the first challenge asks for (side effects per second), over `RATE_WINDOW_MS`. */
export const TARGET_RATE = 12;
export const RATE_WINDOW_MS = 5000;
/** The backlog the second challenge asks a slow consumer to build, and the third to drain below. */
export const BACKLOG = 40;
export const DRAINED = 5;

const PRODUCERS: readonly NodeId[] = ['p1', 'p2'];

/** Side effects per second over the last window (0 before a whole window has passed). */
export function effectRate(ctx: GoalContext): number {
  if (ctx.frame.time - ctx.start.time < RATE_WINDOW_MS) return 0;
  const from = ctx.frame.time - RATE_WINDOW_MS;
  return sideEffectsThisStep(ctx).filter((e) => e.t > from).length / (RATE_WINDOW_MS / 1000);
}

/** The most messages that waited at the broker at once since the sandbox opened (sampled). */
export function peakBacklog(ctx: GoalContext): number {
  const rows = brokerSummary(ctx)?.partitions ?? [];
  const first = Math.floor(ctx.start.time / DEPTH_EVERY_MS);
  let peak = 0;
  for (let i = first; i < Math.max(0, ...rows.map((r) => r.depthSeries.length)); i++)
    peak = Math.max(
      peak,
      rows.reduce((n, r) => n + (r.depthSeries[i] ?? r.depthSeries.at(-1) ?? 0), 0),
    );
  return Math.max(peak, backlog(ctx));
}

const clean = (ctx: GoalContext) =>
  anomaliesThisStep(ctx, 'duplicated').length === 0 &&
  anomaliesThisStep(ctx, 'reordered').length === 0;

export const sandbox: Lesson['sandbox'] = {
  freshRun: {
    settings: {
      partitionByKey: '1',
      idempotent: '1',
      partitions: '6',
      processing: '20',
      prefetch: '4',
      producers: '2',
      rate: '8',
    },
  },
  // The producers wait for the learner: a rate met by idling would be no challenge.
  setup: PRODUCERS.map((p) => nodeAction(p, 'workload-off')),
  speed: 1,
  prose:
    'A new run with idempotent consumers and partitions chosen by key: two producers (stopped; “Start publishing” from each one’s menu, 8 msg/s each, keys order-1 to order-3), six partitions, c1 and c2 in the group and c3 outside it. Everything is open.',
  challenges: [
    {
      id: 'rate',
      text: `Keep ${TARGET_RATE} messages a second taking effect (over ${RATE_WINDOW_MS / 1000} s), with no duplicate and no key out of order`,
      goal: {
        description: `${TARGET_RATE} msg/s, clean`,
        check: (ctx) => {
          const rate = effectRate(ctx);
          return clean(ctx)
            ? counted(rate, TARGET_RATE, 'msg/s')
            : { done: false, progress: { value: 0, target: TARGET_RATE } };
        },
      },
    },
    {
      id: 'backlog',
      text: `Slow c2 down until ${BACKLOG} messages wait at the broker`,
      goal: {
        description: `${BACKLOG} waiting`,
        check: (ctx) => counted(backlog(ctx), BACKLOG, 'waiting'),
      },
    },
    {
      id: 'drain',
      text: `Then bring c3 into the group and drain the backlog below ${DRAINED}, c2 still slow`,
      goal: {
        description: `Backlog below ${DRAINED} after c3 joined`,
        check: (ctx) =>
          usedProtocolAction(ctx, 'join-group', C3) &&
          peakBacklog(ctx) >= BACKLOG &&
          backlog(ctx) < DRAINED &&
          viewField(nodeById(ctx, C2), 'slow') === true,
      },
    },
  ],
  golden: [
    ...PRODUCERS.map((p) => ({ act: nodeAction(p, 'workload-on') })),
    { waitMs: 8000 },
    { act: nodeAction(C2, 'slow-down') },
    { waitMs: 12_000 },
    { act: nodeAction(C3, 'join-group') },
    { waitMs: 15_000 },
  ],
};
