/**
 * What the broker panel and the delivery checker say, as plain functions over the queue
 * family's published summary (`BrokerSummary`) and its consumers' view models: the rows per
 * consumer group and partition, who holds which partition (and who is idle), the backlog in a
 * sentence, the checker's figures, and each lost, duplicated or reordered message grouped by
 * key with its causes as links (the node and the moment each names). Pure, so every sentence
 * is tested without a browser.
 */
import type { InvariantStatus } from '../../../engine/check/monitor';
import type { FrameNode } from '../../../engine/sim/frame';
import { causeText, noLostMessage } from '../../../engine/protocols/queue/checker';
import { subscriptionOf } from '../../../engine/protocols/queue/scenarios';
import type {
  BrokerSummary,
  DeliveryAnomaly,
  DeliveryCause,
  PartitionRow,
} from '../../../engine/protocols/queue/summary';
import { groupedNumber, listInWords, plural } from '../../../engine/words';

/** The family summary from the frame's checker statuses, or null when there is none. */
export function brokerSummaryOf(
  checks: readonly InvariantStatus[] | undefined,
): BrokerSummary | null {
  const data = checks?.find((c) => c.id === noLostMessage.id)?.summary?.data;
  return data ? (data as unknown as BrokerSummary) : null;
}

/** A time as the lab writes it: "1,234 ms". */
export const msText = (t: number): string => `${groupedNumber(t)} ms`;

/** A consumer as the panels need it, from its node (role `consumer`) in the frame. */
export interface ConsumerInfo {
  readonly id: string;
  /** Its consumer group (its subscription, in publish/subscribe). */
  readonly group: string;
  /** Whether it is in its group (it may have left, or start outside it). */
  readonly inGroup: boolean;
  /** `up`, `crashed`, `paused` or `faulted` (the frame's node status). */
  readonly status: string;
  /** Processing every message more slowly ("Slow down"). */
  readonly slow: boolean;
  /** A crash armed by "Crash after processing, before the ack" or "Crash before processing". */
  readonly armed: 'after-processing' | 'before-processing' | null;
}

/** The consumers of a frame, from their published view models (consumer-state.ts `ConsumerView`). */
export function consumersOf(nodes: readonly FrameNode[]): ConsumerInfo[] {
  const out: ConsumerInfo[] = [];
  for (const n of nodes) {
    if (n.protocol !== 'queue-consumer') continue;
    const v = (n.view ?? {}) as {
      group?: unknown;
      inGroup?: unknown;
      slow?: unknown;
      armed?: unknown;
    };
    out.push({
      id: n.id,
      group: typeof v.group === 'string' ? v.group : '',
      inGroup: v.inGroup === true,
      status: n.status,
      slow: v.slow === true,
      armed: v.armed === 'after-processing' || v.armed === 'before-processing' ? v.armed : null,
    });
  }
  return out;
}

/** One consumer group as the broker panel shows it: its rows and a sentence per consumer. */
export interface GroupBlock {
  readonly group: string;
  /** Rebalances since the run began (0: none yet). */
  readonly generation: number;
  readonly rows: readonly PartitionRow[];
  /** Who holds which partition, who is idle, who is outside the group: one line each. */
  readonly holders: readonly { readonly consumer: string; readonly text: string }[];
}

/** What a consumer's state adds to its line: crashed, slowed down, a crash armed. */
function consumerNotes(c: ConsumerInfo | undefined): string {
  if (!c) return '';
  const notes: string[] = [];
  if (c.status !== 'up') notes.push(c.status);
  if (c.slow) notes.push('slowed down');
  if (c.armed === 'after-processing') notes.push('crash armed after processing');
  if (c.armed === 'before-processing') notes.push('crash armed before processing');
  return notes.length ? ` (${notes.join(', ')})` : '';
}

/** "partition 0", "partitions 0 and 1". */
export const partitionsText = (ps: readonly number[]): string =>
  `${ps.length === 1 ? 'partition' : 'partitions'} ${listInWords(ps.map(String))}`;

/**
 * The group a consumer belongs to: its view says so; a node that is down has no view, so it is
 * placed by the lab's naming (its own subscription in publish/subscribe) or, with one group,
 * in that one: a crashed consumer whose session ended stays in sight, as crashed.
 */
function groupOf(c: ConsumerInfo, groups: readonly string[]): string {
  if (c.group) return c.group;
  if (groups.includes(subscriptionOf(c.id))) return subscriptionOf(c.id);
  return groups.length === 1 ? (groups[0] ?? '') : '';
}

/**
 * The groups in the summary's order, each with its (group, partition) rows and a line per
 * consumer: the partitions it holds, "idle" when it holds none (more members than
 * partitions), "outside the group" when it left or has not joined.
 */
export function groupBlocks(
  s: BrokerSummary,
  consumers: readonly ConsumerInfo[] = [],
): GroupBlock[] {
  const byId = new Map(consumers.map((c) => [c.id, c]));
  const names = [
    ...new Set([...s.groups.map((g) => g.group), ...s.partitions.map((r) => r.group)]),
  ];
  return names.map((group) => {
    const g = s.groups.find((x) => x.group === group);
    const members = g?.members ?? [];
    const holders = members.map((m) => ({
      consumer: m.consumer,
      text: `${m.consumer}: ${
        m.partitions.length ? partitionsText(m.partitions) : 'idle, no partition to read'
      }${consumerNotes(byId.get(m.consumer))}`,
    }));
    for (const c of consumers)
      if (groupOf(c, names) === group && !members.some((m) => m.consumer === c.id))
        holders.push({
          consumer: c.id,
          text: `${c.id}: outside the group${c.inGroup && c.status === 'up' ? ', joining' : ''}${consumerNotes(c)}`,
        });
    return {
      group,
      generation: g?.generation ?? 0,
      rows: s.partitions.filter((r) => r.group === group),
      holders,
    };
  });
}

/** The backlog in one sentence: what waits, what is unacknowledged, and the deepest queue. */
export function backlogSentence(s: BrokerSummary): string {
  const sum = (f: (r: PartitionRow) => number) => s.partitions.reduce((n, r) => n + f(r), 0);
  const waiting = sum((r) => r.depth);
  const parts = [
    `${plural(waiting, 'message')} waiting`,
    `${sum((r) => r.unacked)} unacknowledged`,
    `${plural(
      sum((r) => r.redeliveries),
      'redelivery',
      'redeliveries',
    )}`,
    `${sum((r) => r.deadLettered)} dead-lettered`,
  ];
  let deepest: PartitionRow | null = null;
  for (const r of s.partitions) if (r.depth > (deepest?.depth ?? 0)) deepest = r;
  const grouped = new Set(s.partitions.map((r) => r.group)).size > 1;
  const where = deepest
    ? `; the deepest is partition ${deepest.partition}${grouped ? ` of ${deepest.group}` : ''} (${deepest.depth} waiting, ${deepest.consumer ? `read by ${deepest.consumer}` : 'nobody reads it'})`
    : '';
  return `${parts.join(', ')}${where}.`;
}

/** A row's depth over time in words: where it started, its peak, where it is now. */
export function depthWords(r: PartitionRow, everyMs: number, windowSamples: number): string {
  const series = r.depthSeries.slice(-windowSamples);
  if (series.length === 0) return 'no samples yet';
  const peak = Math.max(...series);
  const first = series[0] ?? 0;
  const seconds = ((series.length - 1) * everyMs) / 1000;
  return `over the last ${seconds.toFixed(seconds < 10 ? 1 : 0)} s: from ${first} to ${r.depth} waiting, at most ${peak}`;
}

/** One of the checker's figures, as `queue-figure-<id>` shows it. */
export interface QueueFigure {
  readonly id:
    | 'published'
    | 'processed'
    | 'suppressed'
    | 'lost'
    | 'duplicated'
    | 'reordered'
    | 'dead-lettered'
    | 'unprocessed';
  readonly label: string;
  readonly value: number;
  /** An anomaly count above zero (drawn as bad); the others are counts of work. */
  readonly isBad: boolean;
  /** Said after the number, where the number alone would mislead. */
  readonly note: string | null;
}

/** The checker's figures in Maelstrom's queue-workload terms, processed beside suppressed. */
export function queueFigures(s: BrokerSummary): QueueFigure[] {
  return [
    { id: 'published', label: 'Published', value: s.totals.published, isBad: false, note: null },
    {
      id: 'processed',
      label: 'Side effects applied',
      value: s.processed,
      isBad: false,
      note: null,
    },
    {
      id: 'suppressed',
      label: 'Suppressed by dedup',
      value: s.suppressed,
      isBad: false,
      note: s.idempotent ? null : 'no dedup table: the consumer is not idempotent',
    },
    { id: 'lost', label: 'Lost', value: s.totals.lost, isBad: s.totals.lost > 0, note: null },
    {
      id: 'duplicated',
      label: 'Duplicated',
      value: s.totals.duplicated,
      isBad: s.totals.duplicated > 0,
      note: null,
    },
    {
      id: 'reordered',
      label: 'Reordered',
      value: s.totals.reordered,
      isBad: s.totals.reordered > 0,
      note: null,
    },
    {
      id: 'dead-lettered',
      label: 'Dead-lettered',
      value: s.deadLetters.length,
      isBad: false,
      note: null,
    },
    {
      id: 'unprocessed',
      label: 'Not yet processed',
      value: s.unprocessed,
      isBad: false,
      note: s.unprocessed ? 'waiting, in flight, or lost: 0 once the consumers drain' : null,
    },
  ];
}

/** A cause as a link: its words, the node it names (null: none) and the moment to go to. */
export interface CauseLink {
  readonly kind: DeliveryCause['kind'];
  readonly text: string;
  readonly node: string | null;
  /** Virtual ms: when the cause happened, else when the checker found the anomaly. */
  readonly at: number;
  /** The button's accessible name: what it does, in words. */
  readonly label: string;
}

/** The producer of a message id (`p1:4` → `p1`), or null for an id of another shape. */
export const producerOf = (msg: string): string | null => /^([\w.-]+):\d+$/.exec(msg)?.[1] ?? null;

/** Which node a cause names, and when it happened (the anomaly's time when it has none). */
export function causeLink(c: DeliveryCause, a: DeliveryAnomaly, broker: string): CauseLink {
  const target = ((): { node: string | null; at: number } => {
    switch (c.kind) {
      case 'crash-before-ack':
      case 'ack-before-process':
        return { node: c.consumer, at: c.at };
      case 'visibility-timeout':
      case 'nack-requeue':
      case 'rebalance':
      case 'broker-restart':
        return { node: broker, at: c.at ?? a.at };
      case 'across-partitions':
      case 'dead-lettered':
        return { node: broker, at: a.at };
      case 'producer-retry':
      case 'network-reorder':
        return { node: producerOf(a.msg), at: a.at };
      case 'network-duplicate':
        return { node: null, at: a.at };
      default: {
        const never: never = c;
        throw new Error(`unknown cause ${JSON.stringify(never)}`);
      }
    }
  })();
  const text = `${causeText(c)}, at ${msText(target.at)}`;
  return {
    kind: c.kind,
    text,
    ...target,
    label: `${text}: go there${target.node ? ` and select ${target.node}` : ''}`,
  };
}

/** What happened to a message, in the checker's words. */
const VERBS: Record<DeliveryAnomaly['kind'], string> = {
  lost: 'lost',
  duplicated: 'took effect twice',
  reordered: 'took effect after a later message of its key',
};

/** One anomaly as the checker lists it: the sentence and its cause links. */
export interface AnomalyItem {
  readonly kind: DeliveryAnomaly['kind'];
  readonly msg: string;
  readonly at: number;
  readonly text: string;
  readonly causes: readonly CauseLink[];
}

/** The anomalies grouped by key, keys in order of their first anomaly, each list in time order. */
export function anomaliesByKey(
  anomalies: readonly DeliveryAnomaly[],
  broker: string,
): { key: string; counts: string; items: AnomalyItem[] }[] {
  const byKey = new Map<string, AnomalyItem[]>();
  const sorted = [...anomalies].sort((x, y) => x.at - y.at);
  for (const a of sorted) {
    const items = byKey.get(a.key) ?? [];
    byKey.set(a.key, items);
    items.push({
      kind: a.kind,
      msg: a.msg,
      at: a.at,
      text: `${a.msg} ${VERBS[a.kind]} (found at ${msText(a.at)})`,
      causes: a.causes.map((c) => causeLink(c, a, broker)),
    });
  }
  return [...byKey].map(([key, items]) => ({
    key,
    counts: (['lost', 'duplicated', 'reordered'] as const)
      .map((k) => [k, items.filter((i) => i.kind === k).length] as const)
      .filter(([, n]) => n > 0)
      .map(([k, n]) => `${n} ${k}`)
      .join(', '),
    items,
  }));
}
