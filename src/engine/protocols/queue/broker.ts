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
import type { Json, Protocol } from '../../protocol';
import type { QueueSeen } from './facts';
import { queueInvariants } from './checker';
import type { QueueMessage } from './messages';
import { BROKER_DEFAULTS, readBrokerOptions, type BrokerOptions } from './options';
import { partitionOfKey } from './partitions';
import {
  countsOf,
  emptyCounts,
  groupOf,
  groupsOf,
  inFlightOf,
  newGroup,
  queuesOf,
  save,
  type BrokerCtx as Ctx,
  type BrokerDisk,
  type BrokerState,
  type BrokerView,
} from './broker-state';
import { armSessions, armVisibility, heard, pump, rebalance, requeue } from './broker-groups';
export type { BrokerDisk, BrokerState, BrokerView, LogEntry, Slot } from './broker-state';

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
        for (const { slot, p, offset } of inFlightOf(g)) {
          if (slot.deadline > now) continue;
          any = true;
          ctx.log(
            `visibility timeout: ${s.logs[p]?.[offset]?.msg ?? '?'} was not acknowledged by ${slot.consumer ?? '?'} in time`,
            null,
            { kind: 'visibility-timeout', group, partition: p, offset },
          );
          requeue(s, group, p, offset, 'visibility-timeout', ctx);
        }
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
