/** The queue observer's memory (plain data, saved with checkpoints): see fold.ts. */
import type { NodeId } from '../../protocol';
import type { GroupRow, HeldJob, QueueRow, RequeueReason } from './facts';
import type { AckMode, DeliveryAnomaly } from './summary';

/** Depth is sampled this often (virtual ms) for the over-time chart. */
export const DEPTH_EVERY_MS = 250;

/** A log entry as appended: whose message, which key, which attempt. */
export interface EntryInfo {
  readonly msg: string;
  readonly key: string;
  readonly producer: NodeId;
  readonly seq: number;
  readonly attempt: number;
}

/** One requeue of a delivery: which delivery came back, why, and when. */
export interface Requeue {
  readonly delivery: number;
  readonly consumer: NodeId | null;
  readonly reason: RequeueReason;
  readonly generation: number;
  readonly at: number;
}

/** One log entry's story in one group. */
export interface EntryInGroup {
  acked: boolean;
  dead: number;
  requeues: Requeue[];
  /** Who last received it, and which delivery. */
  holder: NodeId | null;
  /** A consumer dropped it unprocessed (a crash before its side effect, a poison failure…). */
  abandoned: { readonly consumer: NodeId; readonly at: number; readonly acked: boolean } | null;
}

/** One side effect at the store: which entry and delivery, by whom, when. */
export interface Application {
  readonly partition: number;
  readonly offset: number;
  readonly delivery: number;
  readonly consumer: NodeId;
  readonly at: number;
}

/** One message's side effects in one group: how many, and the first. */
export interface Effect {
  count: number;
  first: Application | null;
}

/** The observer's memory: the whole run's picture, as plain data. */
export interface QueueMemory {
  /** Log entries by `p:o`. */
  entries: Record<string, EntryInfo>;
  /** Per group, per entry `p:o`. */
  groups: Record<string, Record<string, EntryInGroup>>;
  /** Confirmed publishes, in confirm order. */
  confirmed: string[];
  confirmedInfo: Record<string, { key: string }>;
  /** Side effects per `group/msg`. */
  effects: Record<string, Effect>;
  /** Per `group|producer|key`: the highest sequence number that has taken effect, and where. */
  order: Record<string, { seq: number; msg: string; partition: number; offset: number }>;
  held: Record<NodeId, readonly HeldJob[]>;
  crashes: Record<NodeId, number[]>;
  ackMode: AckMode;
  idempotent: boolean;
  broker: {
    topic: string;
    visibilityTimeoutMs: number;
    maxDeliveries: number;
    queues: readonly QueueRow[];
    groups: readonly GroupRow[];
  } | null;
  series: Record<string, number[]>;
  anomalies: DeliveryAnomaly[];
  /** Anomalies already reported, by `kind:group/msg`. */
  reported: Record<string, true>;
  processed: number;
  suppressed: number;
  published: number;
  deadLetters: { group: string; msg: string; key: string; deliveries: number }[];
}

/** An empty memory, as a run begins. */
export const initQueueMemory = (): QueueMemory => ({
  entries: {},
  groups: {},
  confirmed: [],
  confirmedInfo: {},
  effects: {},
  order: {},
  held: {},
  crashes: {},
  ackMode: 'after-processing',
  idempotent: false,
  broker: null,
  series: {},
  anomalies: [],
  reported: {},
  processed: 0,
  suppressed: 0,
  published: 0,
  deadLetters: [],
});

/** The key of log entry (partition, offset) in the memory's maps. */
export const at = (p: number, o: number) => `${p}:${o}`;

/** Entry (p, o)'s story in `group`, created empty on first mention. */
export function entryIn(m: QueueMemory, group: string, p: number, o: number): EntryInGroup {
  const g = (m.groups[group] ??= {});
  return (g[at(p, o)] ??= { acked: false, dead: 0, requeues: [], holder: null, abandoned: null });
}
