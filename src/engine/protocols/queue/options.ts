/**
 * Options of the queue family's nodes, read defensively: a shared link's settings arrive here
 * untrusted, so each field falls back to its default when it is missing or out of range.
 */
import type { NodeId } from '../../protocol';
import type { AckMode } from './summary';
import { QUEUE_BROKEN_VARIANTS, type QueueBrokenVariant } from './variants';

/** The broker's options (the lab's settings, read by readBrokerOptions). */
export interface BrokerOptions {
  /** The topic's name, e.g. 'orders'. */
  readonly topic: string;
  /** Partitions of the topic, 1…8. */
  readonly partitions: number;
  /** Partition by a hash of the key (per-key order), or round-robin (spread, no per-key order). */
  readonly partitionByKey: boolean;
  /** A delivery not acknowledged within this many local ms is redelivered (SQS visibility timeout). */
  readonly visibilityTimeoutMs: number;
  /** Deliveries after which a message that comes back goes to the dead-letter queue (SQS maxReceiveCount). */
  readonly maxDeliveries: number;
  /** A member silent this long (local ms) is removed from its group, which rebalances (Kafka session.timeout.ms). */
  readonly sessionTimeoutMs: number;
}

/** A producer's options. */
export interface ProducerOptions {
  readonly broker: NodeId;
  /** Automatic publishes per second (0: none; the "Publish" action still works). */
  readonly ratePerSecond: number;
  /** Keys the workload draws from: `order-1` … `order-<keys>`. */
  readonly keys: number;
  /** Local ms to wait for a confirm before publishing the same message again. */
  readonly confirmTimeoutMs: number;
  /** Sends of one message before giving up (1: never retry). */
  readonly maxAttempts: number;
  /** Chance (0…1) that a workload message is poison. */
  readonly poisonChance: number;
}

/** A consumer's options. */
export interface ConsumerOptions {
  readonly broker: NodeId;
  readonly store: NodeId;
  readonly group: string;
  readonly ackMode: AckMode;
  /** Local ms one message takes to process, before its side effect. */
  readonly processingMs: number;
  /** Messages fetched ahead (unacknowledged deliveries it may hold), 1…20. */
  readonly prefetch: number;
  /** Record processed message ids in the store's dedup table with the side effect. */
  readonly idempotent: boolean;
  readonly heartbeatMs: number;
  /** How long a fetch waits for an answer before it is sent again (local ms). */
  readonly pollTimeoutMs: number;
  /** How long it waits for the store's answer before it gives the message up (local ms). */
  readonly applyTimeoutMs: number;
  readonly broken: QueueBrokenVariant | null;
}

/** The broker's defaults: 2 partitions by key, 2 s visibility timeout, 3 deliveries, 1.5 s sessions. */
export const BROKER_DEFAULTS: BrokerOptions = {
  topic: 'orders',
  partitions: 2,
  partitionByKey: true,
  visibilityTimeoutMs: 2_000,
  maxDeliveries: 3,
  sessionTimeoutMs: 1_500,
};

/** A producer's defaults: 2 msg/s over 3 keys, a retry after 400 ms, 5 sends at most. */
export const PRODUCER_DEFAULTS: ProducerOptions = {
  broker: 'broker',
  ratePerSecond: 2,
  keys: 3,
  confirmTimeoutMs: 400,
  maxAttempts: 5,
  poisonChance: 0,
};

/** A consumer's defaults: ack after processing, 200 ms a message, prefetch 1, not idempotent. */
export const CONSUMER_DEFAULTS: ConsumerOptions = {
  broker: 'broker',
  store: 'db',
  group: 'workers',
  ackMode: 'after-processing',
  processingMs: 200,
  prefetch: 1,
  idempotent: false,
  heartbeatMs: 500,
  pollTimeoutMs: 1_000,
  applyTimeoutMs: 600,
  broken: null,
};

type Raw = Readonly<Record<string, unknown>>;
const rawOf = (raw: unknown): Raw =>
  raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Raw) : {};
const intIn = (v: unknown, lo: number, hi: number, fallback: number): number =>
  typeof v === 'number' && Number.isInteger(v) && v >= lo && v <= hi ? v : fallback;
const numIn = (v: unknown, lo: number, hi: number, fallback: number): number =>
  typeof v === 'number' && Number.isFinite(v) && v >= lo && v <= hi ? v : fallback;
const name = (v: unknown, fallback: string): string =>
  typeof v === 'string' && /^[\w.-]{1,40}$/.test(v) ? v : fallback;

/** The broker's options from untrusted input, field by field (defaults for what is missing or out of range). */
export function readBrokerOptions(raw: unknown): BrokerOptions {
  const o = rawOf(raw);
  const d = BROKER_DEFAULTS;
  return {
    topic: name(o.topic, d.topic),
    partitions: intIn(o.partitions, 1, 8, d.partitions),
    partitionByKey: typeof o.partitionByKey === 'boolean' ? o.partitionByKey : d.partitionByKey,
    visibilityTimeoutMs: intIn(o.visibilityTimeoutMs, 50, 600_000, d.visibilityTimeoutMs),
    maxDeliveries: intIn(o.maxDeliveries, 1, 100, d.maxDeliveries),
    sessionTimeoutMs: intIn(o.sessionTimeoutMs, 100, 600_000, d.sessionTimeoutMs),
  };
}

/** A producer's options from untrusted input, field by field. */
export function readProducerOptions(raw: unknown): ProducerOptions {
  const o = rawOf(raw);
  const d = PRODUCER_DEFAULTS;
  return {
    broker: name(o.broker, d.broker),
    ratePerSecond: numIn(o.ratePerSecond, 0, 200, d.ratePerSecond),
    keys: intIn(o.keys, 1, 50, d.keys),
    confirmTimeoutMs: intIn(o.confirmTimeoutMs, 10, 600_000, d.confirmTimeoutMs),
    maxAttempts: intIn(o.maxAttempts, 1, 100, d.maxAttempts),
    poisonChance: numIn(o.poisonChance, 0, 1, d.poisonChance),
  };
}

/** A consumer's options from untrusted input, field by field. */
export function readConsumerOptions(raw: unknown): ConsumerOptions {
  const o = rawOf(raw);
  const d = CONSUMER_DEFAULTS;
  return {
    broker: name(o.broker, d.broker),
    store: name(o.store, d.store),
    group: name(o.group, d.group),
    ackMode: o.ackMode === 'on-delivery' ? 'on-delivery' : 'after-processing',
    processingMs: intIn(o.processingMs, 1, 600_000, d.processingMs),
    prefetch: intIn(o.prefetch, 1, 20, d.prefetch),
    idempotent: o.idempotent === true,
    heartbeatMs: intIn(o.heartbeatMs, 10, 600_000, d.heartbeatMs),
    pollTimeoutMs: intIn(o.pollTimeoutMs, 10, 600_000, d.pollTimeoutMs),
    applyTimeoutMs: intIn(o.applyTimeoutMs, 10, 600_000, d.applyTimeoutMs),
    broken: QUEUE_BROKEN_VARIANTS.find((b) => b.id === o.broken)?.id ?? null,
  };
}
