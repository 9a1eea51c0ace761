/**
 * The queue observer's memory and its fold: every node's observations (facts.ts) become the
 * run's picture — each log entry's story per group, each message's side effects, the order
 * each key took effect in, who held what when it crashed — and the anomalies (lost,
 * duplicated, reordered) with their causes, as they become certain. checker.ts reads it.
 */
import type { Observation } from '../../check/invariant';
import type { NodeId } from '../../protocol';
import type { QueueFact, QueueRow, QueueSeen } from './facts';
import type { DeliveryAnomaly } from './summary';
import { duplicateCauses, reorderCauses } from './causes';
import { at, DEPTH_EVERY_MS, entryIn, type Application, type QueueMemory } from './memory';
export { DEPTH_EVERY_MS, initQueueMemory, type QueueMemory } from './memory';

function report(m: QueueMemory, a: DeliveryAnomaly, group: string): DeliveryAnomaly | null {
  const id = `${a.kind}:${group}/${a.msg}`;
  if (m.reported[id]) return null;
  m.reported[id] = true;
  m.anomalies.push(a);
  return a;
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
