/**
 * What the message-queue family publishes for its views: per topic and partition the queue
 * depth over time, unacknowledged and redelivered messages and the dead-letter queue; consumer
 * groups and their partition assignment; and the delivery checker's verdicts in the terms of
 * Maelstrom's queue workload (lost, duplicated, reordered), each linked to its cause. The
 * observer checker returns it as `CheckerSummary.data`; `src/views/panels/queue/` reads only
 * this shape (the `broker-queues` panel). Add fields at the end; never change the meaning of one.
 *
 * Sources: Amazon SQS Developer Guide (visibility timeout, redrive policy, maxReceiveCount and
 * dead-letter queues); Apache Kafka documentation §4.4–4.6 (partitions, consumer groups,
 * rebalance, per-partition order); RabbitMQ "Consumer Acknowledgements and Publisher Confirms"
 * (ack modes, nack with requeue); Maelstrom's kafka workload (lost / duplicated / reordered).
 */
import type { NodeId } from '../../protocol';

/** When a consumer acknowledges: on delivery (at-most-once) or after processing (at-least-once). */
export type AckMode = 'on-delivery' | 'after-processing';

/** One partition of a topic (a plain queue is a topic with one partition). */
export interface PartitionRow {
  readonly topic: string;
  readonly partition: number;
  /** Messages waiting to be delivered. */
  readonly depth: number;
  /** Delivered, not yet acknowledged (invisible until their visibility timeout ends). */
  readonly unacked: number;
  /** Deliveries after the first, since the run began. */
  readonly redeliveries: number;
  /** Messages moved to the dead-letter queue after too many deliveries. */
  readonly deadLettered: number;
  /** The consumer this partition is assigned to in its group (null: unassigned). */
  readonly consumer: NodeId | null;
  /** Depth sampled every `depthSeries.everyMs`, oldest first (for the over-time chart). */
  readonly depthSeries: readonly number[];
  /**
   * The consumer group this row is for: each group (a subscription, in publish/subscribe) has
   * its own copy of every partition's backlog, so a row is one (group, partition).
   */
  readonly group: string;
}

/** A consumer group: its live members and which partitions each holds. */
export interface ConsumerGroupRow {
  readonly group: string;
  readonly members: readonly {
    readonly consumer: NodeId;
    readonly partitions: readonly number[];
  }[];
  /** Rebalances since the run began (a member joined, left or timed out). */
  readonly generation: number;
}

/** Why a message was lost, duplicated or reordered: what the checker links to. */
export type DeliveryCause =
  | { readonly kind: 'crash-before-ack'; readonly consumer: NodeId; readonly at: number }
  | { readonly kind: 'ack-before-process'; readonly consumer: NodeId; readonly at: number }
  /** `at` (added later, optional): when the broker put the delivery back, virtual ms. */
  | { readonly kind: 'visibility-timeout'; readonly delivery: number; readonly at?: number }
  | { readonly kind: 'nack-requeue'; readonly delivery: number; readonly at?: number }
  | { readonly kind: 'rebalance'; readonly generation: number; readonly at?: number }
  | { readonly kind: 'across-partitions'; readonly partitions: readonly number[] }
  | { readonly kind: 'producer-retry'; readonly attempt: number }
  | { readonly kind: 'dead-lettered'; readonly deliveries: number }
  /** The broker restarted with the message in flight: it redelivers what it cannot know was done. */
  | { readonly kind: 'broker-restart'; readonly delivery: number; readonly at?: number }
  /** The network delivered one message twice (the same publish attempt, or the same delivery). */
  | { readonly kind: 'network-duplicate' }
  /** Publishes of one key reached the broker in another order than they were sent (a link that reorders). */
  | { readonly kind: 'network-reorder' };

/** One finding of the delivery checker, for one message (by producer-assigned id) and key. */
export interface DeliveryAnomaly {
  readonly kind: 'lost' | 'duplicated' | 'reordered';
  readonly msg: string;
  readonly key: string;
  /** Virtual time it was found, ms. */
  readonly at: number;
  readonly causes: readonly DeliveryCause[];
}

/** The whole summary (`CheckerSummary.data` of the queue observer). */
export interface BrokerSummary {
  readonly ackMode: AckMode;
  /** Visibility timeout, ms of virtual time; and deliveries before a message is dead-lettered. */
  readonly visibilityTimeoutMs: number;
  readonly maxDeliveries: number;
  readonly depthEveryMs: number;
  readonly partitions: readonly PartitionRow[];
  readonly groups: readonly ConsumerGroupRow[];
  /** Side effects consumers applied, and how many a consumer's dedup table suppressed. */
  readonly processed: number;
  readonly suppressed: number;
  readonly anomalies: readonly DeliveryAnomaly[];
  readonly totals: {
    readonly published: number;
    readonly lost: number;
    readonly duplicated: number;
    readonly reordered: number;
  };
  /** The dead-letter queue: each message moved there, by group, with its deliveries. */
  readonly deadLetters: readonly {
    readonly group: string;
    readonly msg: string;
    readonly key: string;
    readonly deliveries: number;
  }[];
  /**
   * Confirmed publishes a group has not yet processed nor dead-lettered (its backlog, in
   * flight, or lost): after the producers stop and the consumers drain, 0 means none was lost.
   */
  readonly unprocessed: number;
  /** Up to 10 of them, as `group/msg`, oldest first. */
  readonly unprocessedSample: readonly string[];
  /** Whether consumers record processed ids in the store's dedup table (idempotent consumer). */
  readonly idempotent: boolean;
}
