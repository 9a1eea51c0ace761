/**
 * What each node of the queue family tells the observer checker (its `observe()`): the few
 * numbers a view needs now, and the facts of the handler call just made (`journal`, emptied
 * at the start of every call, so the checker sees each fact once). The checker (checker.ts)
 * folds them into the whole run's picture; no node knows it alone.
 */
import type { NodeId } from '../../protocol';
import type { AckMode } from './summary';

/** Why the broker put a delivered message back to be delivered again. */
export type RequeueReason =
  | 'visibility-timeout'
  | 'nack-requeue'
  | 'rebalance'
  | 'broker-restart'
  /** The member came back as a fresh process (a heartbeat of generation 0): it lost what it held. */
  | 'member-restarted';

/** One fact, as data. Offsets and partitions name a log entry; `msg` the producer's id. */
export type QueueFact =
  // producer
  | {
      readonly kind: 'published';
      readonly msg: string;
      readonly key: string;
      readonly seq: number;
      readonly attempt: number;
    }
  | { readonly kind: 'confirmed'; readonly msg: string; readonly key: string; readonly seq: number }
  // broker
  | {
      readonly kind: 'appended';
      readonly msg: string;
      readonly key: string;
      readonly producer: NodeId;
      readonly seq: number;
      readonly attempt: number;
      readonly partition: number;
      readonly offset: number;
    }
  | {
      readonly kind: 'delivered';
      readonly group: string;
      readonly consumer: NodeId;
      readonly partition: number;
      readonly offset: number;
      readonly delivery: number;
    }
  | {
      readonly kind: 'requeued';
      readonly group: string;
      readonly partition: number;
      readonly offset: number;
      readonly delivery: number;
      readonly reason: RequeueReason;
      /** Who held it (null: nobody). */
      readonly consumer: NodeId | null;
      /** The group's generation after the rebalance that moved it (reason 'rebalance'). */
      readonly generation: number;
    }
  | {
      readonly kind: 'acked';
      readonly group: string;
      readonly partition: number;
      readonly offset: number;
      readonly consumer: NodeId;
    }
  | {
      readonly kind: 'dead-lettered';
      readonly group: string;
      readonly partition: number;
      readonly offset: number;
      readonly deliveries: number;
    }
  | { readonly kind: 'rebalanced'; readonly group: string; readonly generation: number }
  // consumer
  | {
      readonly kind: 'abandoned';
      readonly group: string;
      readonly partition: number;
      readonly offset: number;
      readonly delivery: number;
      /** It had acknowledged the delivery before dropping it unprocessed. */
      readonly acked: boolean;
      readonly reason: 'poison' | 'apply-timeout' | 'revoked';
    }
  // store
  | {
      readonly kind: 'applied';
      readonly group: string;
      readonly msg: string;
      readonly partition: number;
      readonly offset: number;
      readonly delivery: number;
      readonly consumer: NodeId;
      /** False: suppressed by the dedup table. */
      readonly applied: boolean;
    };

/** A job a consumer holds: delivered to it, not yet done. */
export interface HeldJob {
  readonly group: string;
  readonly partition: number;
  readonly offset: number;
  readonly delivery: number;
  /** It acknowledged this delivery already (ack on delivery, or the broken variant). */
  readonly acked: boolean;
  /** Its Apply has been sent to the store (it may take effect even if the consumer dies). */
  readonly applying: boolean;
}

/** One (group, partition) queue at the broker, now. */
export interface QueueRow {
  readonly group: string;
  readonly partition: number;
  readonly depth: number;
  readonly unacked: number;
  readonly redeliveries: number;
  readonly deadLettered: number;
  readonly consumer: NodeId | null;
}

/** A consumer group now: its generation and members with their partitions. */
export interface GroupRow {
  readonly group: string;
  readonly generation: number;
  readonly members: readonly {
    readonly consumer: NodeId;
    readonly partitions: readonly number[];
  }[];
}

/** What each role's `observe()` returns. */
export type QueueSeen =
  | { readonly role: 'producer'; readonly journal: readonly QueueFact[] }
  | {
      readonly role: 'broker';
      readonly topic: string;
      readonly visibilityTimeoutMs: number;
      readonly maxDeliveries: number;
      readonly queues: readonly QueueRow[];
      readonly groups: readonly GroupRow[];
      readonly journal: readonly QueueFact[];
    }
  | {
      readonly role: 'consumer';
      readonly group: string;
      readonly ackMode: AckMode;
      readonly idempotent: boolean;
      readonly held: readonly HeldJob[];
      readonly journal: readonly QueueFact[];
    }
  | { readonly role: 'store'; readonly journal: readonly QueueFact[] };
