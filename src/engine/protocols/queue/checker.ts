/**
 * The queue family's observer checkers, in the terms of Maelstrom's kafka workload: a message
 * **lost** (acknowledged to the broker, never processed), **duplicated** (its side effect
 * applied twice in one consumer group) or **reordered** (of one producer's messages with one
 * key, a later one took effect first). Each finding names its causes: the crash before the
 * ack, the ack before processing, the visibility timeout, the nack, the rebalance, the broker
 * restart, the producer's retry, the spread across partitions.
 *
 * One fold (`fold.ts`) turns every node's observations (facts.ts) into the run's picture; the
 * three invariants each keep it and report their own kind; the first also publishes the
 * `BrokerSummary` the views read. Memory is plain data, so seeking keeps it exact.
 */
import type { Invariant, Violation } from '../../check/invariant';
import type { Json } from '../../protocol';
import { DEPTH_EVERY_MS, fold, initQueueMemory, unprocessedOf, type QueueMemory } from './fold';
import type { BrokerSummary, DeliveryAnomaly, DeliveryCause, PartitionRow } from './summary';

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

/** Lost messages (Maelstrom's "lost"); also publishes the BrokerSummary. */
export const noLostMessage = checker(
  'queue-no-loss',
  'lost',
  'No acknowledged message is lost',
  'A message the broker removed as acknowledged has been processed (or, failing every time, dead-lettered).',
  true,
);

/** Side effects applied twice in a group (Maelstrom's "duplicated"). */
export const noDuplicateEffect = checker(
  'queue-no-duplicate',
  'duplicated',
  'Each message takes effect once',
  'No message’s side effect is applied twice within one consumer group.',
  false,
);

/** One key of one producer taking effect out of publish order (Maelstrom's "reordered"). */
export const perKeyOrder = checker(
  'queue-key-order',
  'reordered',
  'Per-key order',
  'One producer’s messages with one key take effect in the order they were published.',
  false,
);

/** The queue family's checkers, as the broker lists them. */
export const queueInvariants = [noLostMessage, noDuplicateEffect, perKeyOrder] as const;
