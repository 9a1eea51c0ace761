/**
 * The broker (`queue-broker`): one topic split into partitions, each an append-only log on
 * disk; every consumer group reads every message (a group of one per subscriber is
 * publish/subscribe, one group of many is a work queue of competing consumers), and within a
 * group each partition belongs to one member (Kafka §4.4–4.6: consumer groups, rebalance).
 *
 * Per group and log entry the broker keeps a delivery slot: pending, in flight (delivered, not
 * acknowledged, invisible until its visibility timeout ends, as in SQS), acknowledged, or dead
 * (moved to the dead-letter queue after `maxDeliveries` deliveries, SQS's maxReceiveCount).
 * A delivery comes back to pending when its visibility timeout ends, when the consumer nacks
 * it (RabbitMQ basic.nack with requeue), when its partition moves to another member in a
 * rebalance, or when the broker restarts; it is then redelivered, in offset order.
 *
 * Members heartbeat; one silent for `sessionTimeoutMs` is removed and the group rebalances
 * with a new generation. A publish is written to disk before it is confirmed (RabbitMQ
 * publisher confirms), so a confirmed message is never lost by the broker; a publish retried
 * after a lost confirm is appended again (no idempotent producer), a duplicate in the log.
 */
import type { Json, NodeContext, NodeId, NodeView, Protocol } from '../../protocol';
import type { GroupRow, QueueFact, QueueRow, QueueSeen, RequeueReason } from './facts';
import { queueInvariants } from './checker';
import type { Delivered, QueueMessage } from './messages';
import { BROKER_DEFAULTS, readBrokerOptions, type BrokerOptions } from './options';
import { assignPartitions, partitionOfKey } from './partitions';

/** One log entry: a message as appended (its offset is its index in the partition's log). */
export interface LogEntry {
  readonly msg: string;
  readonly key: string;
  readonly producer: NodeId;
  readonly seq: number;
  readonly attempt: number;
  readonly poison: boolean;
}

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

interface Counts {
  acked: number;
  dead: number;
  inFlight: number;
  redeliveries: number;
}

export interface GroupState {
  generation: number;
  /** Live members and the local time each was last heard from. */
  members: Record<NodeId, number>;
  /** Partition → member, for the current generation. */
  owner: (NodeId | null)[];
  /** Slots per partition, by offset (missing: pending, never delivered). */
  slots: (Slot | null)[][];
  counts: Counts[];
  /** Members waiting on a fetch, with how many messages each asked for. */
  waiting: Record<NodeId, number>;
}

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

export interface BrokerState {
  readonly options: BrokerOptions;
  logs: LogEntry[][];
  /** The round-robin partitioner's next partition. */
  rr: number;
  groups: Record<string, GroupState>;
  journal: QueueFact[];
}

export interface BrokerView extends NodeView {
  readonly topic: string;
  readonly partitions: number;
  readonly depth: number;
  readonly unacked: number;
  readonly deadLettered: number;
}

type Ctx = NodeContext<QueueMessage, BrokerDisk>;

const emptyCounts = (): Counts => ({ acked: 0, dead: 0, inFlight: 0, redeliveries: 0 });

function newGroup(partitions: number): GroupState {
  return {
    generation: 0,
    members: {},
    owner: Array.from({ length: partitions }, () => null),
    slots: Array.from({ length: partitions }, () => []),
    counts: Array.from({ length: partitions }, emptyCounts),
    waiting: {},
  };
}

function save(s: BrokerState, ctx: Ctx): void {
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

function groupOf(s: BrokerState, name: string): GroupState {
  let g = s.groups[name];
  if (!g) {
    g = newGroup(s.options.partitions);
    s.groups[name] = g;
  }
  return g;
}

function slotOf(g: GroupState, p: number, offset: number): Slot {
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

const countsOf = (g: GroupState, p: number): Counts => {
  const c = g.counts[p] ?? emptyCounts();
  g.counts[p] = c;
  return c;
};

/** Arms the visibility timer for the earliest in-flight deadline (none: no timer). */
function armVisibility(s: BrokerState, ctx: Ctx): void {
  let next = Infinity;
  for (const g of Object.values(s.groups))
    for (const row of g.slots)
      for (const slot of row)
        if (slot?.status === 'in-flight') next = Math.min(next, slot.deadline);
  if (next === Infinity) ctx.cancelTimer('visibility');
  else ctx.setTimer('visibility', Math.max(1, next - ctx.now()));
}

function armSessions(s: BrokerState, ctx: Ctx): void {
  let next = Infinity;
  for (const g of Object.values(s.groups))
    for (const heard of Object.values(g.members)) next = Math.min(next, heard);
  if (next === Infinity) ctx.cancelTimer('sessions');
  else ctx.setTimer('sessions', Math.max(1, next + s.options.sessionTimeoutMs - ctx.now()));
}

/**
 * Puts an in-flight or just-failed delivery back, or dead-letters it when it has been
 * delivered `maxDeliveries` times and failed (a nack or a timeout; a rebalance or a broker
 * restart is no fault of the message's, so it only requeues).
 */
function requeue(
  s: BrokerState,
  name: string,
  p: number,
  offset: number,
  reason: RequeueReason,
  ctx: Ctx,
): void {
  const g = groupOf(s, name);
  const slot = slotOf(g, p, offset);
  const counts = countsOf(g, p);
  if (slot.status === 'in-flight') counts.inFlight--;
  const failed = reason === 'visibility-timeout' || reason === 'nack-requeue';
  if (failed && slot.deliveries >= s.options.maxDeliveries) {
    slot.status = 'dead';
    slot.consumer = null;
    counts.dead++;
    s.journal.push({
      kind: 'dead-lettered',
      group: name,
      partition: p,
      offset,
      deliveries: slot.deliveries,
    });
    ctx.log(
      `moved ${s.logs[p]?.[offset]?.msg ?? '?'} to the dead-letter queue after ${slot.deliveries} deliveries`,
      null,
      { kind: 'dead-lettered', group: name, partition: p, offset, deliveries: slot.deliveries },
    );
    return;
  }
  const delivery = slot.deliveries;
  const holder = slot.consumer;
  slot.status = 'pending';
  slot.consumer = null;
  s.journal.push({
    kind: 'requeued',
    group: name,
    partition: p,
    offset,
    delivery,
    reason,
    consumer: holder,
    generation: g.generation,
  });
}

/** Gives a new generation's assignment to every member; in-flight messages of moved partitions come back. */
function rebalance(s: BrokerState, name: string, ctx: Ctx): void {
  const g = groupOf(s, name);
  g.generation++;
  const assigned = assignPartitions(Object.keys(g.members), s.options.partitions);
  const owner: (NodeId | null)[] = Array.from({ length: s.options.partitions }, () => null);
  for (const [m, ps] of Object.entries(assigned)) for (const p of ps) owner[p] = m;
  for (let p = 0; p < owner.length; p++) {
    if (owner[p] === g.owner[p]) continue;
    (g.slots[p] ?? []).forEach((slot, offset) => {
      if (slot?.status === 'in-flight') requeue(s, name, p, offset, 'rebalance', ctx);
    });
  }
  g.owner = owner;
  for (const m of Object.keys(g.waiting)) if (!(m in g.members)) delete g.waiting[m];
  s.journal.push({ kind: 'rebalanced', group: name, generation: g.generation });
  const members = Object.keys(assigned).sort();
  ctx.log(
    `group ${name} rebalanced, generation ${g.generation}: ${members.length ? members.map((m) => `${m} ← [${(assigned[m] ?? []).join(', ')}]`).join(', ') : 'no members'}`,
    'milestone',
    { kind: 'rebalanced', group: name, generation: g.generation, members: members.length },
  );
  for (const m of members)
    ctx.send(m, {
      type: 'Assignment',
      group: name,
      generation: g.generation,
      partitions: assigned[m] ?? [],
    });
  save(s, ctx);
  armVisibility(s, ctx);
}

/** Answers waiting fetches with pending messages of each member's partitions, in offset order. */
function pump(s: BrokerState, name: string, ctx: Ctx): void {
  const g = groupOf(s, name);
  let changed = false;
  for (const consumer of Object.keys(g.waiting).sort()) {
    const want = g.waiting[consumer] ?? 0;
    const mine = g.owner.flatMap((m, p) => (m === consumer ? [p] : []));
    const out: Delivered[] = [];
    // One from each partition in turn, so no partition starves another.
    const cursors = mine.map(() => 0);
    for (let progress = true; progress && out.length < want;) {
      progress = false;
      mine.forEach((p, i) => {
        if (out.length >= want) return;
        const log = s.logs[p] ?? [];
        let o = cursors[i] ?? 0;
        while (o < log.length) {
          const slot = g.slots[p]?.[o];
          if (!slot || slot.status === 'pending') break;
          o++;
        }
        cursors[i] = o + 1;
        const entry = log[o];
        if (!entry) return;
        progress = true;
        const slot = slotOf(g, p, o);
        const counts = countsOf(g, p);
        slot.status = 'in-flight';
        slot.deliveries++;
        slot.consumer = consumer;
        slot.deadline = ctx.now() + s.options.visibilityTimeoutMs;
        counts.inFlight++;
        if (slot.deliveries > 1) counts.redeliveries++;
        out.push({
          partition: p,
          offset: o,
          msg: entry.msg,
          key: entry.key,
          producer: entry.producer,
          seq: entry.seq,
          poison: entry.poison,
          delivery: slot.deliveries,
        });
        s.journal.push({
          kind: 'delivered',
          group: name,
          consumer,
          partition: p,
          offset: o,
          delivery: slot.deliveries,
        });
      });
    }
    if (out.length === 0) continue;
    delete g.waiting[consumer];
    changed = true;
    ctx.send(consumer, { type: 'Deliver', group: name, generation: g.generation, messages: out });
    const again = out.filter((d) => d.delivery > 1);
    ctx.log(
      `delivered ${out.map((d) => d.msg).join(', ')} to ${consumer}${again.length ? ` (redelivery of ${again.map((d) => d.msg).join(', ')})` : ''}`,
      null,
      { kind: 'delivered', group: name, consumer, count: out.length, redelivered: again.length },
    );
  }
  if (changed) {
    save(s, ctx);
    armVisibility(s, ctx);
  }
}

/** A heartbeat, fetch or join from `from`: a member unknown to the group joins it (a rebalance). */
function heard(s: BrokerState, name: string, from: NodeId, generation: number, ctx: Ctx): void {
  const g = groupOf(s, name);
  const known = from in g.members;
  g.members[from] = ctx.now();
  if (!known) {
    ctx.log(`${from} joined group ${name}`, null, {
      kind: 'member-joined',
      group: name,
      consumer: from,
    });
    rebalance(s, name, ctx);
  } else if (generation !== g.generation) {
    // A fresh process (generation 0) lost whatever it held: deliver that again now, rather
    // than after the visibility timeout, so its partition's messages keep their order (as a
    // Kafka consumer resumes from its last committed offset).
    if (generation === 0)
      g.slots.forEach((row, p) =>
        row.forEach((slot, offset) => {
          if (slot?.status === 'in-flight' && slot.consumer === from)
            requeue(s, name, p, offset, 'member-restarted', ctx);
        }),
      );
    // It missed the assignment (lost, or it restarted): send it again.
    const partitions = g.owner.flatMap((m, p) => (m === from ? [p] : []));
    ctx.send(from, { type: 'Assignment', group: name, generation: g.generation, partitions });
  }
  armSessions(s, ctx);
}

function boot(ctx: Ctx, options: BrokerOptions, disk: BrokerDisk | null): BrokerState {
  const s: BrokerState = {
    options,
    logs: Array.from({ length: options.partitions }, (_, p) =>
      (disk?.logs[p] ?? []).map((e) => ({ ...e })),
    ),
    rr: disk?.rr ?? 0,
    groups: {},
    journal: [],
  };
  for (const [name, d] of Object.entries(disk?.groups ?? {})) {
    const g = newGroup(options.partitions);
    g.generation = d.generation;
    // Group metadata is on disk (Kafka keeps it in __consumer_offsets): members get a fresh session.
    for (const m of d.members) g.members[m] = ctx.now();
    g.slots = Array.from({ length: options.partitions }, (_, p) =>
      (d.slots[p] ?? []).map((x) => (x ? { ...x } : null)),
    );
    g.counts = Array.from({ length: options.partitions }, (_, p) => ({
      ...(d.counts[p] ?? emptyCounts()),
    }));
    s.groups[name] = g;
  }
  // What was in flight when the broker died is delivered again; the group gets a new generation.
  for (const [name, g] of Object.entries(s.groups)) {
    g.slots.forEach((row, p) =>
      row.forEach((slot, offset) => {
        if (slot?.status === 'in-flight') requeue(s, name, p, offset, 'broker-restart', ctx);
      }),
    );
    if (Object.keys(g.members).length) rebalance(s, name, ctx);
  }
  if (disk) ctx.log(`recovered ${s.logs.reduce((n, l) => n + l.length, 0)} messages from disk`);
  armSessions(s, ctx);
  return s;
}

function queuesOf(s: BrokerState): QueueRow[] {
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

function groupsOf(s: BrokerState): GroupRow[] {
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

export const queueBroker: Protocol<
  BrokerState,
  QueueMessage,
  BrokerDisk,
  BrokerOptions,
  BrokerView
> = {
  id: 'queue-broker',
  title: 'Broker',
  defaultOptions: BROKER_DEFAULTS,
  actions: [],
  init: (ctx, options) => boot(ctx, readBrokerOptions(options), null),
  recover: (ctx, options, disk) => boot(ctx, readBrokerOptions(options), disk),
  onMessage(s, from, m, ctx) {
    s.journal = [];
    switch (m.type) {
      case 'Publish': {
        const P = s.options.partitions;
        const p = s.options.partitionByKey ? partitionOfKey(m.key, P) : s.rr++ % P;
        const log = s.logs[p] ?? [];
        s.logs[p] = log;
        const offset = log.length;
        log.push({
          msg: m.msg,
          key: m.key,
          producer: from,
          seq: m.seq,
          attempt: m.attempt,
          poison: m.poison,
        });
        save(s, ctx);
        s.journal.push({
          kind: 'appended',
          msg: m.msg,
          key: m.key,
          producer: from,
          seq: m.seq,
          attempt: m.attempt,
          partition: p,
          offset,
        });
        ctx.log(
          `appended ${m.msg} (key ${m.key}) to partition ${p} at offset ${offset}${m.attempt > 1 ? ` (attempt ${m.attempt})` : ''}`,
          null,
          { kind: 'appended', msg: m.msg, key: m.key, partition: p, offset, attempt: m.attempt },
        );
        ctx.send(from, { type: 'Confirm', msg: m.msg, partition: p, offset });
        for (const name of Object.keys(s.groups)) pump(s, name, ctx);
        return;
      }
      case 'Heartbeat':
        heard(s, m.group, from, m.generation, ctx);
        return;
      case 'Leave': {
        const g = s.groups[m.group];
        if (!g || !(from in g.members)) return;
        delete g.members[from];
        ctx.log(`${from} left group ${m.group}`, null, {
          kind: 'member-left',
          group: m.group,
          consumer: from,
        });
        rebalance(s, m.group, ctx);
        armSessions(s, ctx);
        pump(s, m.group, ctx);
        return;
      }
      case 'Fetch': {
        const g = groupOf(s, m.group);
        if (!(from in g.members)) heard(s, m.group, from, -1, ctx);
        else g.members[from] = ctx.now();
        g.waiting[from] = Math.max(0, Math.min(20, m.max));
        pump(s, m.group, ctx);
        return;
      }
      case 'Ack':
      case 'Nack': {
        const g = s.groups[m.group];
        const slot = g?.slots[m.partition]?.[m.offset];
        const msg = s.logs[m.partition]?.[m.offset]?.msg ?? '?';
        if (!g || !slot || slot.status !== 'in-flight' || slot.deliveries !== m.delivery) {
          // SQS refuses a receipt handle of an older receive; Kafka a commit from an old generation.
          ctx.log(
            `ignored a stale ${m.type === 'Ack' ? 'ack' : 'nack'} of ${msg} from ${from} (delivery ${m.delivery})`,
            null,
            {
              kind: 'stale-ack',
              group: m.group,
              msg,
              consumer: from,
            },
          );
          return;
        }
        if (m.type === 'Ack') {
          slot.status = 'acked';
          slot.consumer = null;
          const c = countsOf(g, m.partition);
          c.inFlight--;
          c.acked++;
          s.journal.push({
            kind: 'acked',
            group: m.group,
            partition: m.partition,
            offset: m.offset,
            consumer: from,
          });
          ctx.log(`${from} acknowledged ${msg}`, null, {
            kind: 'acked',
            group: m.group,
            msg,
            consumer: from,
          });
        } else {
          ctx.log(`${from} nacked ${msg}: requeued`, null, {
            kind: 'nacked',
            group: m.group,
            msg,
            consumer: from,
          });
          requeue(s, m.group, m.partition, m.offset, 'nack-requeue', ctx);
        }
        save(s, ctx);
        armVisibility(s, ctx);
        pump(s, m.group, ctx);
        return;
      }
      case 'Confirm':
      case 'Assignment':
      case 'Deliver':
      case 'Apply':
      case 'Applied':
        return;
      default: {
        const never: never = m;
        return never;
      }
    }
  },
  onTimer(s, name, ctx) {
    s.journal = [];
    const now = ctx.now();
    if (name === 'visibility') {
      for (const [group, g] of Object.entries(s.groups)) {
        let any = false;
        g.slots.forEach((row, p) =>
          row.forEach((slot, offset) => {
            if (slot?.status !== 'in-flight' || slot.deadline > now) return;
            any = true;
            ctx.log(
              `visibility timeout: ${s.logs[p]?.[offset]?.msg ?? '?'} was not acknowledged by ${slot.consumer ?? '?'} in time`,
              null,
              { kind: 'visibility-timeout', group, partition: p, offset },
            );
            requeue(s, group, p, offset, 'visibility-timeout', ctx);
          }),
        );
        if (any) {
          save(s, ctx);
          pump(s, group, ctx);
        }
      }
      armVisibility(s, ctx);
    } else if (name === 'sessions') {
      for (const [group, g] of Object.entries(s.groups)) {
        const gone = Object.entries(g.members).filter(
          ([, t]) => t + s.options.sessionTimeoutMs <= now,
        );
        if (!gone.length) continue;
        for (const [m] of gone) {
          delete g.members[m];
          ctx.log(`${m}'s session timed out: removed from group ${group}`, null, {
            kind: 'member-expired',
            group,
            consumer: m,
          });
        }
        rebalance(s, group, ctx);
        pump(s, group, ctx);
      }
      armSessions(s, ctx);
    }
  },
  onAction(s) {
    s.journal = [];
  },
  view(s) {
    const rows = queuesOf(s);
    const depth = rows.reduce((n, r) => n + r.depth, 0);
    const unacked = rows.reduce((n, r) => n + r.unacked, 0);
    const deadLettered = rows.reduce((n, r) => n + r.deadLettered, 0);
    return {
      role: 'broker',
      summary: `${depth} waiting · ${unacked} unacked${deadLettered ? ` · ${deadLettered} dead` : ''}`,
      topic: s.options.topic,
      partitions: s.options.partitions,
      depth,
      unacked,
      deadLettered,
    };
  },
  observe: (s): Json => {
    const seen: QueueSeen = {
      role: 'broker',
      topic: s.options.topic,
      visibilityTimeoutMs: s.options.visibilityTimeoutMs,
      maxDeliveries: s.options.maxDeliveries,
      queues: queuesOf(s),
      groups: groupsOf(s),
      journal: s.journal,
    };
    return seen as unknown as Json;
  },
  invariants: queueInvariants,
  messageSize: (m) => (m.type === 'Deliver' ? 64 + 48 * m.messages.length : 64),
};
