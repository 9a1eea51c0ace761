/**
 * The queue family's observer checkers, in the terms of Maelstrom's kafka workload: a message
 * **lost** (acknowledged to the broker, never processed), **duplicated** (its side effect
 * applied twice in one consumer group) or **reordered** (of one producer's messages with one
 * key, a later one took effect first). Each finding names its causes: the crash before the
 * ack, the ack before processing, the visibility timeout, the nack, the rebalance, the broker
 * restart, the producer's retry, the spread across partitions.
 *
 * One fold (`fold`) turns every node's observations (facts.ts) into the run's picture; the
 * three invariants each keep it and report their own kind; the first also publishes the
 * `BrokerSummary` the views read. Memory is plain data, so seeking keeps it exact.
 */
import type { Invariant, Observation, Violation } from '../../check/invariant';
import type { Json, NodeId } from '../../protocol';
import type { GroupRow, HeldJob, QueueFact, QueueRow, QueueSeen, RequeueReason } from './facts';
import type {
  AckMode,
  BrokerSummary,
  DeliveryAnomaly,
  DeliveryCause,
  PartitionRow,
} from './summary';

/** Depth is sampled this often (virtual ms) for the over-time chart. */
export const DEPTH_EVERY_MS = 250;

interface EntryInfo {
  readonly msg: string;
  readonly key: string;
  readonly producer: NodeId;
  readonly seq: number;
  readonly attempt: number;
}

interface Requeue {
  readonly delivery: number;
  readonly consumer: NodeId | null;
  readonly reason: RequeueReason;
  readonly generation: number;
  readonly at: number;
}

/** One log entry's story in one group. */
interface EntryInGroup {
  acked: boolean;
  dead: number;
  requeues: Requeue[];
  /** Who last received it, and which delivery. */
  holder: NodeId | null;
  /** A consumer dropped it unprocessed (a crash before its side effect, a poison failure…). */
  abandoned: { readonly consumer: NodeId; readonly at: number; readonly acked: boolean } | null;
}

interface Application {
  readonly partition: number;
  readonly offset: number;
  readonly delivery: number;
  readonly consumer: NodeId;
  readonly at: number;
}

interface Effect {
  count: number;
  first: Application | null;
}

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

const at = (p: number, o: number) => `${p}:${o}`;

function entryIn(m: QueueMemory, group: string, p: number, o: number): EntryInGroup {
  const g = (m.groups[group] ??= {});
  return (g[at(p, o)] ??= { acked: false, dead: 0, requeues: [], holder: null, abandoned: null });
}

function causeOfRequeue(r: Requeue): DeliveryCause {
  switch (r.reason) {
    case 'visibility-timeout':
      return { kind: 'visibility-timeout', delivery: r.delivery };
    case 'nack-requeue':
      return { kind: 'nack-requeue', delivery: r.delivery };
    case 'rebalance':
      return { kind: 'rebalance', generation: r.generation };
    case 'broker-restart':
      return { kind: 'broker-restart', delivery: r.delivery };
    case 'member-restarted':
      return { kind: 'crash-before-ack', consumer: r.consumer ?? '?', at: r.at };
  }
}

/** Causes without repeats (a crash may be seen both as a crash and as the restart after it). */
function distinct(causes: DeliveryCause[]): DeliveryCause[] {
  const seen = new Set<string>();
  return causes.filter((c) => {
    const k = c.kind === 'crash-before-ack' ? `${c.kind}:${c.consumer}` : JSON.stringify(c);
    return !seen.has(k) && !!seen.add(k);
  });
}

/** Whether `consumer` crashed in [from, to]: its process died holding the message. */
const crashedBetween = (
  m: QueueMemory,
  consumer: NodeId,
  from: number,
  to: number,
): number | null => (m.crashes[consumer] ?? []).find((t) => t >= from && t <= to) ?? null;

function report(m: QueueMemory, a: DeliveryAnomaly, group: string): DeliveryAnomaly | null {
  const id = `${a.kind}:${group}/${a.msg}`;
  if (m.reported[id]) return null;
  m.reported[id] = true;
  m.anomalies.push(a);
  return a;
}

/** Why the side effect of `second` happened although `first` had already applied the message. */
function duplicateCauses(
  m: QueueMemory,
  group: string,
  first: Application,
  second: Application,
): DeliveryCause[] {
  const causes: DeliveryCause[] = [];
  if (first.partition !== second.partition || first.offset !== second.offset) {
    const a = m.entries[at(first.partition, first.offset)];
    const b = m.entries[at(second.partition, second.offset)];
    if (a?.attempt === b?.attempt) causes.push({ kind: 'network-duplicate' });
    else
      causes.push({ kind: 'producer-retry', attempt: Math.max(a?.attempt ?? 1, b?.attempt ?? 1) });
    return causes;
  }
  if (first.delivery === second.delivery) return [{ kind: 'network-duplicate' }];
  const e = entryIn(m, group, first.partition, first.offset);
  const crash = crashedBetween(m, first.consumer, first.at, second.at);
  if (crash !== null)
    causes.push({ kind: 'crash-before-ack', consumer: first.consumer, at: crash });
  for (const r of e.requeues)
    if (r.delivery >= first.delivery && r.delivery < second.delivery)
      causes.push(causeOfRequeue(r));
  return distinct(causes);
}

/** Why message `late` took effect after `early`, a later message of the same key and producer. */
function reorderCauses(
  m: QueueMemory,
  group: string,
  late: Application,
  earlier: { partition: number; offset: number },
): DeliveryCause[] {
  const causes: DeliveryCause[] = [];
  if (late.partition !== earlier.partition)
    causes.push({ kind: 'across-partitions', partitions: [late.partition, earlier.partition] });
  const info = m.entries[at(late.partition, late.offset)];
  if (info && info.attempt > 1) causes.push({ kind: 'producer-retry', attempt: info.attempt });
  const e = entryIn(m, group, late.partition, late.offset);
  for (const r of e.requeues) if (r.delivery < late.delivery) causes.push(causeOfRequeue(r));
  if (causes.length === 0 && late.partition === earlier.partition && late.offset > earlier.offset)
    causes.push({ kind: 'network-reorder' });
  return distinct(causes);
}

/** A lost message: the broker removed it (acknowledged) and the consumer that had it dropped it unprocessed. */
function checkLost(
  m: QueueMemory,
  group: string,
  p: number,
  o: number,
  time: number,
): DeliveryAnomaly | null {
  const e = entryIn(m, group, p, o);
  const info = m.entries[at(p, o)];
  if (!info || !e.acked || !e.abandoned?.acked) return null;
  if ((m.effects[`${group}/${info.msg}`]?.count ?? 0) > 0) return null;
  return report(
    m,
    {
      kind: 'lost',
      msg: info.msg,
      key: info.key,
      at: time,
      causes: [{ kind: 'ack-before-process', consumer: e.abandoned.consumer, at: e.abandoned.at }],
    },
    group,
  );
}

function sample(m: QueueMemory, queues: readonly QueueRow[], time: number): void {
  const i = Math.floor(time / DEPTH_EVERY_MS);
  for (const q of queues) {
    const s = (m.series[`${q.group}:${q.partition}`] ??= []);
    const last = s[s.length - 1] ?? 0;
    while (s.length < i) s.push(last);
    s[i] = q.depth;
  }
}

function onFact(
  m: QueueMemory,
  node: NodeId,
  f: QueueFact,
  time: number,
  found: DeliveryAnomaly[],
): void {
  const push = (a: DeliveryAnomaly | null) => {
    if (a) found.push(a);
  };
  switch (f.kind) {
    case 'published':
      if (f.attempt === 1) m.published++;
      return;
    case 'confirmed':
      if (!m.confirmedInfo[f.msg]) {
        m.confirmedInfo[f.msg] = { key: f.key };
        m.confirmed.push(f.msg);
      }
      return;
    case 'appended':
      m.entries[at(f.partition, f.offset)] = {
        msg: f.msg,
        key: f.key,
        producer: f.producer,
        seq: f.seq,
        attempt: f.attempt,
      };
      return;
    case 'delivered': {
      const e = entryIn(m, f.group, f.partition, f.offset);
      e.holder = f.consumer;
      return;
    }
    case 'requeued':
      entryIn(m, f.group, f.partition, f.offset).requeues.push({
        delivery: f.delivery,
        reason: f.reason,
        consumer: f.consumer,
        generation: f.generation,
        at: time,
      });
      return;
    case 'acked': {
      entryIn(m, f.group, f.partition, f.offset).acked = true;
      push(checkLost(m, f.group, f.partition, f.offset, time));
      return;
    }
    case 'dead-lettered': {
      const e = entryIn(m, f.group, f.partition, f.offset);
      e.dead = f.deliveries;
      const info = m.entries[at(f.partition, f.offset)];
      m.deadLetters.push({
        group: f.group,
        msg: info?.msg ?? '?',
        key: info?.key ?? '?',
        deliveries: f.deliveries,
      });
      return;
    }
    case 'rebalanced':
      return;
    case 'abandoned': {
      const e = entryIn(m, f.group, f.partition, f.offset);
      // A store call still on its way may yet take effect: only what never left is abandoned.
      if (f.reason === 'apply-timeout') return;
      e.abandoned = { consumer: node, at: time, acked: f.acked };
      push(checkLost(m, f.group, f.partition, f.offset, time));
      return;
    }
    case 'applied': {
      if (!f.applied) {
        m.suppressed++;
        return;
      }
      m.processed++;
      const id = `${f.group}/${f.msg}`;
      const effect = (m.effects[id] ??= { count: 0, first: null });
      effect.count++;
      const app: Application = {
        partition: f.partition,
        offset: f.offset,
        delivery: f.delivery,
        consumer: f.consumer,
        at: time,
      };
      const info = m.entries[at(f.partition, f.offset)];
      const key = info?.key ?? '?';
      if (effect.count === 1 || !effect.first) {
        effect.first = app;
        if (!info) return;
        const k = `${f.group}|${info.producer}|${info.key}`;
        const seen = m.order[k];
        if (seen && seen.seq > info.seq)
          push(
            report(
              m,
              {
                kind: 'reordered',
                msg: f.msg,
                key,
                at: time,
                causes: reorderCauses(m, f.group, app, seen),
              },
              f.group,
            ),
          );
        if (!seen || info.seq > seen.seq)
          m.order[k] = { seq: info.seq, msg: f.msg, partition: f.partition, offset: f.offset };
        return;
      }
      push(
        report(
          m,
          {
            kind: 'duplicated',
            msg: f.msg,
            key,
            at: time,
            causes: duplicateCauses(m, f.group, effect.first, app),
          },
          f.group,
        ),
      );
      return;
    }
  }
}

/** Folds one observation into the run's picture; returns the anomalies it revealed. */
export function fold(m: QueueMemory, o: Observation): DeliveryAnomaly[] {
  const found: DeliveryAnomaly[] = [];
  const seen = o.data as unknown as QueueSeen | null;
  if (seen === null) {
    // A node went down. A consumer's jobs that had not reached the store die with it.
    const held = m.held[o.node];
    if (held) {
      (m.crashes[o.node] ??= []).push(o.time);
      for (const j of held) {
        if (j.applying) continue;
        const e = entryIn(m, j.group, j.partition, j.offset);
        e.abandoned = { consumer: o.node, at: o.time, acked: j.acked };
        const a = checkLost(m, j.group, j.partition, j.offset, o.time);
        if (a) found.push(a);
      }
      m.held[o.node] = [];
    }
    return found;
  }
  for (const f of seen.journal) onFact(m, o.node, f, o.time, found);
  if (seen.role === 'consumer') {
    m.held[o.node] = seen.held;
    m.ackMode = seen.ackMode;
    m.idempotent = seen.idempotent;
  } else if (seen.role === 'broker') {
    m.broker = {
      topic: seen.topic,
      visibilityTimeoutMs: seen.visibilityTimeoutMs,
      maxDeliveries: seen.maxDeliveries,
      queues: seen.queues,
      groups: seen.groups,
    };
    sample(m, seen.queues, o.time);
  }
  return found;
}

/** Confirmed publishes some group has neither processed nor dead-lettered, as `group/msg`. */
export function unprocessedOf(m: QueueMemory): string[] {
  const groups = (m.broker?.groups ?? []).map((g) => g.group);
  const dead = new Set(m.deadLetters.map((d) => `${d.group}/${d.msg}`));
  const out: string[] = [];
  for (const msg of m.confirmed)
    for (const g of groups) {
      const id = `${g}/${msg}`;
      if ((m.effects[id]?.count ?? 0) === 0 && !dead.has(id)) out.push(id);
    }
  return out;
}

/** The `BrokerSummary` the views read, from the checker's memory. */
export function brokerSummary(m: QueueMemory): BrokerSummary {
  const b = m.broker;
  const partitions: PartitionRow[] = (b?.queues ?? []).map((q) => ({
    topic: b?.topic ?? '',
    partition: q.partition,
    depth: q.depth,
    unacked: q.unacked,
    redeliveries: q.redeliveries,
    deadLettered: q.deadLettered,
    consumer: q.consumer,
    depthSeries: m.series[`${q.group}:${q.partition}`] ?? [],
    group: q.group,
  }));
  // A message that was lost and later took effect after all (through a duplicate publish) is not lost.
  const anomalies = m.anomalies.filter(
    (a) =>
      a.kind !== 'lost' ||
      Object.entries(m.effects).every(([id, e]) => !id.endsWith(`/${a.msg}`) || e.count === 0),
  );
  const unprocessed = unprocessedOf(m);
  return {
    ackMode: m.ackMode,
    visibilityTimeoutMs: b?.visibilityTimeoutMs ?? 0,
    maxDeliveries: b?.maxDeliveries ?? 0,
    depthEveryMs: DEPTH_EVERY_MS,
    partitions,
    groups: (b?.groups ?? []).map((g) => ({
      group: g.group,
      members: g.members,
      generation: g.generation,
    })),
    processed: m.processed,
    suppressed: m.suppressed,
    anomalies,
    totals: {
      published: m.published,
      lost: anomalies.filter((a) => a.kind === 'lost').length,
      duplicated: anomalies.filter((a) => a.kind === 'duplicated').length,
      reordered: anomalies.filter((a) => a.kind === 'reordered').length,
    },
    deadLetters: m.deadLetters,
    unprocessed: unprocessed.length,
    unprocessedSample: unprocessed.slice(0, 10),
    idempotent: m.idempotent,
  };
}

/** Words for a cause, for the violation's message. */
export function causeText(c: DeliveryCause): string {
  switch (c.kind) {
    case 'crash-before-ack':
      return `${c.consumer} crashed before its ack`;
    case 'ack-before-process':
      return `${c.consumer} had acknowledged it before processing, then dropped it`;
    case 'visibility-timeout':
      return `visibility timeout of delivery ${c.delivery}`;
    case 'nack-requeue':
      return `nack of delivery ${c.delivery}, requeued`;
    case 'rebalance':
      return `rebalance to generation ${c.generation}`;
    case 'across-partitions':
      return `in different partitions (${c.partitions.join(' and ')})`;
    case 'producer-retry':
      return `producer retry (attempt ${c.attempt})`;
    case 'dead-lettered':
      return `dead-lettered after ${c.deliveries} deliveries`;
    case 'broker-restart':
      return `broker restart during delivery ${c.delivery}`;
    case 'network-duplicate':
      return 'the network delivered a message twice';
    case 'network-reorder':
      return 'its publish reached the broker after a later one';
  }
}

const WORDS: Record<DeliveryAnomaly['kind'], string> = {
  lost: 'was lost',
  duplicated: 'took effect twice',
  reordered: 'took effect after a later message of its key',
};

function checker(
  id: string,
  kind: DeliveryAnomaly['kind'],
  title: string,
  description: string,
  withSummary: boolean,
): Invariant<QueueMemory> {
  return {
    id,
    title,
    description,
    init: initQueueMemory,
    check(memory, o): Violation | null {
      const a = fold(memory, o).find((x) => x.kind === kind);
      if (!a) return null;
      return {
        invariant: id,
        message: `${a.msg} (key ${a.key}) ${WORDS[kind]}: ${a.causes.map(causeText).join('; ') || 'cause unknown'}`,
        time: o.time,
        events: [o.cause],
      };
    },
    ...(withSummary
      ? { summary: (memory: QueueMemory) => ({ data: brokerSummary(memory) as unknown as Json }) }
      : {}),
  };
}

export const noLostMessage = checker(
  'queue-no-loss',
  'lost',
  'No acknowledged message is lost',
  'A message the broker removed as acknowledged has been processed (or, failing every time, dead-lettered).',
  true,
);

export const noDuplicateEffect = checker(
  'queue-no-duplicate',
  'duplicated',
  'Each message takes effect once',
  'No message’s side effect is applied twice within one consumer group.',
  false,
);

export const perKeyOrder = checker(
  'queue-key-order',
  'reordered',
  'Per-key order',
  'One producer’s messages with one key take effect in the order they were published.',
  false,
);

export const queueInvariants = [noLostMessage, noDuplicateEffect, perKeyOrder] as const;
