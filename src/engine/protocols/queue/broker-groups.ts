/**
 * The broker's group coordination and delivery: visibility and session timers, requeueing
 * (or dead-lettering) a delivery, rebalancing a group with a new generation, answering
 * waiting fetches in offset order, and hearing from members (broker.ts has the whole story).
 */
import type { NodeId } from '../../protocol';
import type { RequeueReason } from './facts';
import type { Delivered } from './messages';
import { assignPartitions } from './partitions';
import {
  countsOf,
  groupOf,
  inFlightOf,
  lowOf,
  save,
  slotOf,
  type BrokerCtx as Ctx,
  type BrokerState,
} from './broker-state';

/** Arms the visibility timer for the earliest in-flight deadline (none: no timer). */
export function armVisibility(s: BrokerState, ctx: Ctx): void {
  let next = Infinity;
  for (const g of Object.values(s.groups))
    for (const { slot } of inFlightOf(g)) next = Math.min(next, slot.deadline);
  if (next === Infinity) ctx.cancelTimer('visibility');
  else ctx.setTimer('visibility', Math.max(1, next - ctx.now()));
}

/** Arms the session timer for the member whose session ends first (none: no timer). */
export function armSessions(s: BrokerState, ctx: Ctx): void {
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
export function requeue(
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
export function rebalance(s: BrokerState, name: string, ctx: Ctx): void {
  const g = groupOf(s, name);
  g.generation++;
  const assigned = assignPartitions(Object.keys(g.members), s.options.partitions);
  const owner: (NodeId | null)[] = Array.from({ length: s.options.partitions }, () => null);
  for (const [m, ps] of Object.entries(assigned)) for (const p of ps) owner[p] = m;
  for (const { p, offset } of inFlightOf(g))
    if (owner[p] !== g.owner[p]) requeue(s, name, p, offset, 'rebalance', ctx);
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
export function pump(s: BrokerState, name: string, ctx: Ctx): void {
  const g = groupOf(s, name);
  let changed = false;
  for (const consumer of Object.keys(g.waiting).sort()) {
    const want = g.waiting[consumer] ?? 0;
    const mine = g.owner.flatMap((m, p) => (m === consumer ? [p] : []));
    const out: Delivered[] = [];
    // One from each partition in turn, so no partition starves another.
    const cursors = mine.map((p) => lowOf(g, p));
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
export function heard(
  s: BrokerState,
  name: string,
  from: NodeId,
  generation: number,
  ctx: Ctx,
): void {
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
      for (const { slot, p, offset } of inFlightOf(g))
        if (slot.consumer === from) requeue(s, name, p, offset, 'member-restarted', ctx);
    // It missed the assignment (lost, or it restarted): send it again.
    const partitions = g.owner.flatMap((m, p) => (m === from ? [p] : []));
    ctx.send(from, { type: 'Assignment', group: name, generation: g.generation, partitions });
  }
  armSessions(s, ctx);
}
