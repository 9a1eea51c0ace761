/**
 * The broker's state and its plain helpers: each partition's log, each group's delivery slots
 * and counts, what goes to disk, and the rows the broker shows its observer (broker.ts).
 */
import type { NodeContext, NodeId, NodeView } from '../../protocol';
import type { GroupRow, QueueFact, QueueRow } from './facts';
import type { QueueMessage } from './messages';
import type { BrokerOptions } from './options';

/** One log entry: a message as appended (its offset is its index in the partition's log). */
export interface LogEntry {
  readonly msg: string;
  readonly key: string;
  readonly producer: NodeId;
  readonly seq: number;
  readonly attempt: number;
  readonly poison: boolean;
}

/** Where one log entry stands in one group: waiting, delivered and unacknowledged, done, or dead-lettered. */
export type SlotStatus = 'pending' | 'in-flight' | 'acked' | 'dead';

/** One entry's delivery state in one group. */
export interface Slot {
  status: SlotStatus;
  /** Deliveries so far (SQS's receive count). */
  deliveries: number;
  consumer: NodeId | null;
  /** Local ms at which an in-flight delivery becomes visible again. */
  deadline: number;
}

/** One (group, partition) queue's running counts, kept as slots change (so a view needs no scan). */
export interface Counts {
  acked: number;
  dead: number;
  inFlight: number;
  redeliveries: number;
}

/** One consumer group at the broker: members, generation, assignment and each entry's slot. */
export interface GroupState {
  generation: number;
  /** Live members and the local time each was last heard from. */
  members: Record<NodeId, number>;
  /** Partition → member, for the current generation. */
  owner: (NodeId | null)[];
  /** Slots per partition, by offset (missing: pending, never delivered). */
  slots: (Slot | null)[][];
  counts: Counts[];
  /**
   * Per partition, the low watermark: every slot before it is acknowledged or dead, so scans
   * start there (volatile: recomputed from 0 after a restart).
   */
  low: number[];
  /** Members waiting on a fetch, with how many messages each asked for. */
  waiting: Record<NodeId, number>;
}

/** What the broker writes to disk: the logs, the round-robin cursor and each group's slots and metadata. */
export interface BrokerDisk {
  readonly logs: readonly (readonly LogEntry[])[];
  readonly rr: number;
  readonly groups: Readonly<
    Record<
      string,
      {
        readonly generation: number;
        readonly members: readonly NodeId[];
        readonly slots: readonly (readonly (Slot | null)[])[];
        readonly counts: readonly Counts[];
      }
    >
  >;
}

/** The broker's whole state (volatile parts are rebuilt from BrokerDisk on restart). */
export interface BrokerState {
  readonly options: BrokerOptions;
  logs: LogEntry[][];
  /** The round-robin partitioner's next partition. */
  rr: number;
  groups: Record<string, GroupState>;
  journal: QueueFact[];
}

/** What the stage shows of the broker: totals over every (group, partition) queue. */
export interface BrokerView extends NodeView {
  readonly topic: string;
  readonly partitions: number;
  readonly depth: number;
  readonly unacked: number;
  readonly deadLettered: number;
}

/** The broker's handler context. */
export type BrokerCtx = NodeContext<QueueMessage, BrokerDisk>;

/** Counts of a queue nothing has happened to. */
export const emptyCounts = (): Counts => ({ acked: 0, dead: 0, inFlight: 0, redeliveries: 0 });

/** A group with no member yet, every partition unowned. */
export function newGroup(partitions: number): GroupState {
  return {
    generation: 0,
    members: {},
    owner: Array.from({ length: partitions }, () => null),
    slots: Array.from({ length: partitions }, () => []),
    counts: Array.from({ length: partitions }, emptyCounts),
    low: Array.from({ length: partitions }, () => 0),
    waiting: {},
  };
}

/** Writes the broker's durable state (logs, slots, group metadata) to its disk. */
export function save(s: BrokerState, ctx: BrokerCtx): void {
  const groups: Record<string, BrokerDisk['groups'][string]> = {};
  for (const [name, g] of Object.entries(s.groups))
    groups[name] = {
      generation: g.generation,
      members: Object.keys(g.members).sort(),
      slots: g.slots,
      counts: g.counts,
    };
  ctx.persist({ logs: s.logs, rr: s.rr, groups });
}

/** The group named `name`, created empty on first mention (a new subscription reads from the start). */
export function groupOf(s: BrokerState, name: string): GroupState {
  let g = s.groups[name];
  if (!g) {
    g = newGroup(s.options.partitions);
    s.groups[name] = g;
  }
  return g;
}

/** The slot of entry (p, offset) in group `g`, created pending if it was never touched. */
export function slotOf(g: GroupState, p: number, offset: number): Slot {
  const row = g.slots[p] ?? [];
  g.slots[p] = row;
  let slot = row[offset];
  if (!slot) {
    while (row.length < offset) row.push(null);
    slot = { status: 'pending', deliveries: 0, consumer: null, deadline: 0 };
    row[offset] = slot;
  }
  return slot;
}

/** The running counts of partition `p` in group `g`. */
export const countsOf = (g: GroupState, p: number): Counts => {
  const c = g.counts[p] ?? emptyCounts();
  g.counts[p] = c;
  return c;
};

/** Every (group, partition) queue's row for the observer, groups in name order. */
export function queuesOf(s: BrokerState): QueueRow[] {
  const rows: QueueRow[] = [];
  for (const [group, g] of Object.entries(s.groups).sort(([a], [b]) => (a < b ? -1 : 1)))
    for (let p = 0; p < s.options.partitions; p++) {
      const c = g.counts[p] ?? emptyCounts();
      rows.push({
        group,
        partition: p,
        depth: (s.logs[p]?.length ?? 0) - c.acked - c.dead - c.inFlight,
        unacked: c.inFlight,
        redeliveries: c.redeliveries,
        deadLettered: c.dead,
        consumer: g.owner[p] ?? null,
      });
    }
  return rows;
}

/** Every group's generation and members with their partitions, for the observer. */
export function groupsOf(s: BrokerState): GroupRow[] {
  return Object.entries(s.groups)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([group, g]) => ({
      group,
      generation: g.generation,
      members: Object.keys(g.members)
        .sort()
        .map((consumer) => ({
          consumer,
          partitions: g.owner.flatMap((m, p) => (m === consumer ? [p] : [])),
        })),
    }));
}

/** The first offset of partition `p` not yet acknowledged or dead in group `g` (advances it). */
export function lowOf(g: GroupState, p: number): number {
  const row = g.slots[p] ?? [];
  let low = g.low[p] ?? 0;
  for (let slot = row[low]; slot && (slot.status === 'acked' || slot.status === 'dead');)
    slot = row[++low];
  g.low[p] = low;
  return low;
}

/** Every in-flight slot of group `g`, with its partition and offset, in partition and offset order. */
export function inFlightOf(g: GroupState): { slot: Slot; p: number; offset: number }[] {
  const out: { slot: Slot; p: number; offset: number }[] = [];
  g.slots.forEach((row, p) => {
    for (let offset = lowOf(g, p); offset < row.length; offset++) {
      const slot = row[offset];
      if (slot?.status === 'in-flight') out.push({ slot, p, offset });
    }
  });
  return out;
}
