/**
 * The message-queue family's wire messages, one discriminated union. Producers publish to the
 * broker and wait for its confirm (RabbitMQ "publisher confirms"); consumers heartbeat to
 * their group's coordinator (the broker), receive assignments, fetch (a long poll, as SQS's
 * ReceiveMessage with a wait time and Kafka's fetch), acknowledge or negatively acknowledge
 * each delivery; and apply each message's side effect at the store, their database.
 */
import type { NodeId } from '../../protocol';

/** A producer's message as published: its id is the producer's, `${producer}:${seq}`. */
export interface Publish {
  readonly type: 'Publish';
  readonly msg: string;
  readonly key: string;
  /** The producer's sequence number of this message (1, 2, …): its order for its key. */
  readonly seq: number;
  /** 1 for the first send, 2 for the first retry, … */
  readonly attempt: number;
  /** A poison message fails processing every time (it goes to the dead-letter queue). */
  readonly poison: boolean;
}

/** The broker wrote the message to its disk (a publisher confirm). */
export interface Confirm {
  readonly type: 'Confirm';
  readonly msg: string;
  readonly partition: number;
  readonly offset: number;
}

/** A consumer is alive and in `group` (joining it if the broker does not know it yet). */
export interface Heartbeat {
  readonly type: 'Heartbeat';
  readonly group: string;
  readonly generation: number;
}

/** A consumer leaves its group on purpose (the broker rebalances at once). */
export interface Leave {
  readonly type: 'Leave';
  readonly group: string;
}

/** The group's new generation and the partitions this member now holds. */
export interface Assignment {
  readonly type: 'Assignment';
  readonly group: string;
  readonly generation: number;
  readonly partitions: readonly number[];
}

/** A consumer asks for up to `max` messages of its partitions (a long poll). */
export interface Fetch {
  readonly type: 'Fetch';
  readonly group: string;
  readonly max: number;
}

/** One delivery of one log entry to one consumer. */
/** The broker answers a fetch with messages of the consumer's partitions. */
export interface Delivered {
  readonly partition: number;
  readonly offset: number;
  readonly msg: string;
  readonly key: string;
  readonly producer: NodeId;
  readonly seq: number;
  readonly poison: boolean;
  /** This entry's delivery count in the group: 1 first, 2 the first redelivery, … */
  readonly delivery: number;
}

/** The broker answers a fetch with messages of the consumer's partitions. */
export interface Deliver {
  readonly type: 'Deliver';
  readonly group: string;
  readonly generation: number;
  readonly messages: readonly Delivered[];
}

/** Done with one delivery: acknowledge it (remove it) or, nack, put it back to be redelivered. */
export interface Ack {
  readonly type: 'Ack' | 'Nack';
  readonly group: string;
  readonly partition: number;
  readonly offset: number;
  readonly delivery: number;
}

/** The consumer's side effect for one message, at the store (its database). */
export interface Apply {
  readonly type: 'Apply';
  readonly group: string;
  readonly msg: string;
  readonly key: string;
  readonly partition: number;
  readonly offset: number;
  readonly delivery: number;
  /** Idempotent consumer: record the message id in the dedup table in the same transaction. */
  readonly dedup: boolean;
}

/** The store's answer to an Apply. */
export interface Applied {
  readonly type: 'Applied';
  readonly msg: string;
  readonly partition: number;
  readonly offset: number;
  readonly delivery: number;
  /** False: the dedup table already held the message id, and the side effect was suppressed. */
  readonly applied: boolean;
}

/** Every message of the family's protocols. */
export type QueueMessage =
  Publish | Confirm | Heartbeat | Leave | Assignment | Fetch | Deliver | Ack | Apply | Applied;
