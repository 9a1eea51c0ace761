/** The causes the queue observer names for a duplicate or a reorder, from its memory (fold.ts). */
import type { NodeId } from '../../protocol';
import { at, entryIn, type Application, type QueueMemory, type Requeue } from './memory';
import type { DeliveryCause } from './summary';

/** The cause a requeue stands for, in the summary's terms, with when it happened (the views link to it). */
export function causeOfRequeue(r: Requeue): DeliveryCause {
  switch (r.reason) {
    case 'visibility-timeout':
      return { kind: 'visibility-timeout', delivery: r.delivery, at: r.at };
    case 'nack-requeue':
      return { kind: 'nack-requeue', delivery: r.delivery, at: r.at };
    case 'rebalance':
      return { kind: 'rebalance', generation: r.generation, at: r.at };
    case 'broker-restart':
      return { kind: 'broker-restart', delivery: r.delivery, at: r.at };
    case 'member-restarted':
      return { kind: 'crash-before-ack', consumer: r.consumer ?? '?', at: r.at };
  }
}

/** Causes without repeats (a crash may be seen both as a crash and as the restart after it). */
export function distinct(causes: DeliveryCause[]): DeliveryCause[] {
  const seen = new Set<string>();
  return causes.filter((c) => {
    const k = c.kind === 'crash-before-ack' ? `${c.kind}:${c.consumer}` : JSON.stringify(c);
    return !seen.has(k) && !!seen.add(k);
  });
}

/** Whether `consumer` crashed in [from, to]: its process died holding the message. */
export const crashedBetween = (
  m: QueueMemory,
  consumer: NodeId,
  from: number,
  to: number,
): number | null => (m.crashes[consumer] ?? []).find((t) => t >= from && t <= to) ?? null;

/** Why the side effect of `second` happened although `first` had already applied the message. */
export function duplicateCauses(
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
export function reorderCauses(
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
