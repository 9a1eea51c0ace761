/**
 * The message-queue lab (`#/lab/queue`): producers publish keyed messages to a broker whose
 * topic is split into partitions; consumers in a consumer group (a work queue of competing
 * consumers) or each in its own (publish/subscribe: a subscription per consumer) process them
 * and apply each one's side effect at the store. The node count is the number of consumers.
 * The simulation suites run this builder, so a failing seed's link replays in the lab.
 */
import type { Json } from '../../protocol';
import type { ScenarioEntry } from '../../scenarios/entry';
import { brokenOf, brokenVariantSetting } from '../../scenarios/broken';
import {
  numberSetting,
  type SettingValues,
  type SettingWarning,
  settingNumber,
} from '../../scenarios/settings';
import { QUEUE_BROKEN_VARIANTS } from './variants';

/** The lab's fixed node ids: the broker, the store; producers are p1…, consumers c1…. */
export const BROKER_ID = 'broker';
/** The store node (where side effects land). */
export const STORE_ID = 'db';
/** The id of producer `i` (1…). */
export const producerId = (i: number): string => `p${i}`;
/** The id of consumer `i` (1…). */
export const consumerId = (i: number): string => `c${i}`;
/** The work queue's consumer group, and a subscriber's own group in publish/subscribe. */
export const WORK_GROUP = 'workers';
/** A consumer's own group in publish/subscribe: its subscription. */
export const subscriptionOf = (consumer: string): string => `sub-${consumer}`;

const num = settingNumber;
/**
 * A boolean setting: read by readSettings it is a boolean; spelled as a link spells it (a
 * lesson's settings, handed to `build` as written) it is '1'/'0' or 'true'/'false'. Both
 * must mean the same, or a lesson's rehearsal would run another lab than its player.
 */
const bool = (v: unknown, fallback: boolean): boolean =>
  typeof v === 'boolean'
    ? v
    : v === '1' || v === 'true'
      ? true
      : v === '0' || v === 'false'
        ? false
        : fallback;

/** The lab scenario `#/lab/queue`; the node count is the number of consumers. */
export const queueEntry: ScenarioEntry = {
  id: 'queue',
  title: 'Message queue',
  description:
    'Producers publish keyed messages to a broker; consumers in a group process them, each with a side effect. Acknowledge on delivery or after processing, crash a consumer between its side effect and its ack, add consumers, slow one down: which messages are lost, which take effect twice, which come out of order?',
  minNodes: 1,
  maxNodes: 6,
  defaultNodes: 2,
  nodesHelp: 'The consumers (c1, c2, …); the lab adds the producers, the broker and the store.',
  settings: [
    {
      key: 'delivery',
      label: 'Delivery',
      kind: 'choice',
      choices: [
        { value: 'queue', label: 'work queue: the consumers compete in one group' },
        { value: 'pubsub', label: 'publish/subscribe: each consumer subscribes on its own' },
      ],
      default: 'queue',
      help: 'In a work queue each message goes to one consumer; in publish/subscribe every subscriber gets every message.',
    },
    {
      key: 'ackMode',
      label: 'Acknowledge',
      kind: 'choice',
      choices: [
        { value: 'after-processing', label: 'after processing (at-least-once)' },
        { value: 'on-delivery', label: 'on delivery (at-most-once)' },
      ],
      default: 'after-processing',
      help: 'After processing, a crash before the ack brings the message back (a duplicate); on delivery, a crash before processing loses it.',
    },
    {
      key: 'idempotent',
      label: 'Idempotent consumer (dedup table)',
      kind: 'boolean',
      default: false,
      help: 'Consumers record each processed message id in the store with its side effect, and skip an id already there.',
    },
    numberSetting('partitions', 'Partitions', [1, 8], 2, {
      help: 'The topic is split into this many partitions; each is consumed by one member of a group. More members than partitions leaves some idle.',
    }),
    {
      key: 'partitionByKey',
      label: 'Partition by key',
      kind: 'boolean',
      default: true,
      help: 'On: a key always lands in the same partition, so its messages keep their order. Off: round-robin, spread but unordered.',
    },
    numberSetting('visibilityTimeout', 'Visibility timeout', [100, 60_000], 2_000, {
      unit: 'ms',
      help: 'A delivered message not acknowledged within this time is delivered again.',
    }),
    numberSetting('maxDeliveries', 'Deliveries before the dead-letter queue', [1, 20], 3, {
      help: 'A message that fails this many deliveries is moved to the dead-letter queue.',
    }),
    numberSetting('processing', 'Processing time', [10, 10_000], 200, {
      unit: 'ms',
      help: 'How long a consumer works on one message before its side effect.',
    }),
    numberSetting('prefetch', 'Prefetch', [1, 10], 1, {
      help: 'Messages a consumer fetches ahead of the one it is processing.',
    }),
    numberSetting('producers', 'Producers', [1, 3], 1),
    numberSetting('rate', 'Publish rate per producer', [0, 100], 2, {
      unit: 'msg/s',
      help: 'Automatic publishes, with keys order-1 to order-3. At 0, publish by hand from a producer’s menu.',
    }),
    numberSetting('poison', 'Poison messages', [0, 50], 0, {
      unit: '%',
      help: 'The share of published messages that fail processing every time.',
    }),
    numberSetting('standby', 'Consumers outside the group at start', [0, 5], 0, {
      help: 'The last consumers start outside their group; "Join group" adds one (to drain a backlog, say).',
    }),
    numberSetting('loss', 'Message loss', [0, 50], 0, {
      unit: '%',
      help: 'The chance that the network loses any one message: a lost confirm makes the producer publish again.',
    }),
    brokenVariantSetting(QUEUE_BROKEN_VARIANTS, 'consumers that acknowledge as configured'),
  ],
  lessonSettings: { rate: '0' },
  warnings(values) {
    const out: SettingWarning[] = [];
    const processing = Number(values.processing);
    const visibility = Number(values.visibilityTimeout);
    if (processing >= visibility)
      out.push({
        key: 'visibilityTimeout',
        text: 'Processing takes as long as the visibility timeout: messages will be delivered again while they are still being processed.',
      });
    if (values.delivery === 'pubsub' && Number(values.standby) > 0)
      out.push({
        key: 'standby',
        text: 'In publish/subscribe each consumer is its own subscription: one outside its group simply receives nothing until it joins.',
      });
    return out;
  },
  build(params) {
    const s: SettingValues = params.settings ?? {};
    const consumers = Math.min(6, Math.max(1, Math.round(params.nodes ?? 2)));
    const producers = Math.min(3, Math.max(1, Math.round(num(s.producers, 1))));
    const standby = Math.min(consumers - 1, Math.max(0, Math.round(num(s.standby, 0))));
    const pubsub = s.delivery === 'pubsub';
    const broker: Json = {
      topic: 'orders',
      partitions: Math.round(num(s.partitions, 2)),
      partitionByKey: bool(s.partitionByKey, true),
      visibilityTimeoutMs: Math.round(num(s.visibilityTimeout, 2_000)),
      maxDeliveries: Math.round(num(s.maxDeliveries, 3)),
    };
    const producer: Json = {
      broker: BROKER_ID,
      ratePerSecond: num(s.rate, 2),
      poisonChance: num(s.poison, 0) / 100,
    };
    const broken = brokenOf(s);
    const consumer = (i: number): Json => ({
      broker: BROKER_ID,
      store: STORE_ID,
      group: pubsub ? subscriptionOf(consumerId(i)) : WORK_GROUP,
      ackMode: s.ackMode === 'on-delivery' ? 'on-delivery' : 'after-processing',
      idempotent: bool(s.idempotent, false),
      processingMs: Math.round(num(s.processing, 200)),
      prefetch: Math.round(num(s.prefetch, 1)),
      joined: i <= consumers - standby,
      broken,
    });
    return {
      id: 'queue',
      title: this.title,
      description: this.description,
      nodes: [
        ...Array.from({ length: producers }, (_, i) => ({
          id: producerId(i + 1),
          protocol: 'queue-producer',
          options: producer,
        })),
        { id: BROKER_ID, protocol: 'queue-broker', options: broker },
        { id: STORE_ID, protocol: 'queue-store', options: null },
        ...Array.from({ length: consumers }, (_, i) => ({
          id: consumerId(i + 1),
          protocol: 'queue-consumer',
          options: consumer(i + 1),
        })),
      ],
      network: {
        defaults: {
          latencyMs: 30,
          jitterMs: 10,
          // Producers and consumers talk to the broker over connections (TCP, AMQP): in order.
          ordering: 'fifo',
          loss: Math.min(0.5, Math.max(0, num(s.loss, 0) / 100)),
        },
      },
    };
  },
};
