/**
 * The broker panel (test id `broker-queues`, lesson panel 'broker-queues'): per consumer group
 * and partition, the messages waiting as a sparkline over time on one shared scale (a slow
 * consumer's backlog climbs), the unacknowledged (in flight) ones, the redeliveries and the
 * dead-lettered; who holds which partition in each group and its generation, the idle and
 * the absent; and the dead-letter queue itself. Reads only the family's summary and the
 * consumers' view models.
 */
import { memo, useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { BrokerSummary, PartitionRow } from '../../../engine/protocols/queue/summary';
import { groupedNumber, plural } from '../../../engine/words';
import { useLab } from '../../../state/lab-store';
import {
  SPARK_HEIGHT,
  SPARK_WIDTH,
  WINDOW_SAMPLES,
  sharedScale,
  sparkPaths,
  type SharedScale,
} from './depth-chart';
import {
  backlogSentence,
  brokerSummaryOf,
  consumersOf,
  depthWords,
  groupBlocks,
  msText,
  type ConsumerInfo,
  type GroupBlock,
} from './queue-view';
import { useThrottledLab } from './use-throttled-lab';
import './queue.css';

/** The dead-letter queue lists this many, newest last; the rest are counted. */
const DEAD_SHOWN = 12;

/** The consumers, compared field by field: their views are new objects every frame. */
function useConsumers(): ConsumerInfo[] {
  const flat = useLab(
    useShallow((s) =>
      consumersOf(s.frame?.nodes ?? []).map(
        (c) => `${c.id}|${c.group}|${c.inGroup}|${c.status}|${c.slow}|${c.armed ?? ''}`,
      ),
    ),
  );
  return useMemo(
    () =>
      flat.map((line) => {
        const [id = '', group = '', inGroup, status = 'up', slow, armed] = line.split('|');
        return {
          id,
          group,
          inGroup: inGroup === 'true',
          status,
          slow: slow === 'true',
          armed: armed === 'after-processing' || armed === 'before-processing' ? armed : null,
        };
      }),
    [flat],
  );
}

export const BrokerQueues = memo(function BrokerQueues() {
  const summary = useThrottledLab((s) => brokerSummaryOf(s.frame?.checks));
  const consumers = useConsumers();
  if (!summary) return null;
  return <BrokerQueuesBody summary={summary} consumers={consumers} />;
});

/** The panel for one summary, apart from the store so it renders in tests. */
export function BrokerQueuesBody({
  summary,
  consumers,
}: {
  readonly summary: BrokerSummary;
  readonly consumers: readonly ConsumerInfo[];
}) {
  const blocks = groupBlocks(summary, consumers);
  const scale = sharedScale(summary.partitions.map((r) => r.depthSeries));
  const topic = summary.partitions[0]?.topic ?? '';
  const seconds = ((Math.max(1, scale.samples) - 1) * summary.depthEveryMs) / 1000;
  return (
    <section
      className="panel broker-queues"
      aria-labelledby="broker-queues-title"
      data-testid="broker-queues"
    >
      <h2 id="broker-queues-title">Broker{topic ? `: topic ${topic}` : ''}</h2>
      <p className="broker-backlog" data-testid="broker-backlog">
        {backlogSentence(summary)}
      </p>
      <p className="muted broker-settings">
        Acknowledge {summary.ackMode === 'on-delivery' ? 'on delivery' : 'after processing'} ·
        visibility timeout {msText(summary.visibilityTimeoutMs)} · dead-lettered after{' '}
        {plural(summary.maxDeliveries, 'delivery', 'deliveries')}. The sparklines share one scale: 0
        to {groupedNumber(scale.maxDepth)} waiting, over the last{' '}
        {seconds.toFixed(seconds < 10 ? 1 : 0)} s.
      </p>
      {blocks.map((b) => (
        <GroupQueues key={b.group} block={b} scale={scale} everyMs={summary.depthEveryMs} />
      ))}
      <DeadLetters summary={summary} />
    </section>
  );
}

function GroupQueues({
  block,
  scale,
  everyMs,
}: {
  readonly block: GroupBlock;
  readonly scale: SharedScale;
  readonly everyMs: number;
}) {
  const title = `Group ${block.group}, generation ${block.generation}`;
  return (
    <div
      className="queue-group"
      data-testid={`queue-group-${block.group}`}
      data-generation={block.generation}
    >
      <h3>{title}</h3>
      <ul className="queue-holders" aria-label={`Who reads what in ${block.group}`}>
        {block.holders.map((h) => (
          <li key={h.consumer} data-testid={`queue-holder-${h.consumer}`}>
            {h.text}
          </li>
        ))}
        {block.holders.length === 0 && <li className="muted">No consumer in this group.</li>}
      </ul>
      <ul className="queue-partitions" aria-label={`Partitions as ${block.group} reads them`}>
        {block.rows.map((r) => (
          <PartitionCard key={r.partition} row={r} scale={scale} everyMs={everyMs} />
        ))}
      </ul>
    </div>
  );
}

/** The counts a partition card shows, in order: what waits, what is out, what came back or died. */
const COUNTS = [
  ['Waiting', 'depth'],
  ['Unacked', 'unacked'],
  ['Redelivered', 'redeliveries'],
  ['Dead-lettered', 'deadLettered'],
] as const;

interface PartitionCardProps {
  readonly row: PartitionRow;
  readonly scale: SharedScale;
  readonly everyMs: number;
}

/**
 * What a card draws, as one string: the summary is a new object every frame and its series
 * grow in place, so the card is compared by what it shows (a path of 240 points is redrawn
 * only when a sample or the shared scale changes).
 */
const cardSignature = ({ row, scale, everyMs }: PartitionCardProps): string =>
  [
    row.group,
    row.partition,
    row.consumer,
    row.depth,
    row.unacked,
    row.redeliveries,
    row.deadLettered,
    row.depthSeries.length,
    row.depthSeries[row.depthSeries.length - 1],
    scale.samples,
    scale.maxDepth,
    everyMs,
  ].join('|');

const PartitionCard = memo(
  function PartitionCard({ row, scale, everyMs }: PartitionCardProps) {
    const paths = sparkPaths(row.depthSeries, scale);
    return (
      <li
        className="queue-partition"
        data-testid={`queue-row-${row.group}-${row.partition}`}
        data-depth={row.depth}
        data-unacked={row.unacked}
        data-redeliveries={row.redeliveries}
        data-dead-lettered={row.deadLettered}
      >
        <h4>
          Partition {row.partition}{' '}
          <span className="muted">
            {row.consumer ? `read by ${row.consumer}` : 'read by nobody'}
          </span>
        </h4>
        <svg
          className="queue-spark"
          viewBox={`0 0 ${SPARK_WIDTH} ${SPARK_HEIGHT}`}
          preserveAspectRatio="none"
          role="img"
          aria-label={`Partition ${row.partition} waiting ${depthWords(row, everyMs, WINDOW_SAMPLES)}`}
          data-testid={`queue-spark-${row.group}-${row.partition}`}
        >
          <path className="queue-spark-area" d={paths.area} />
          <path className="queue-spark-line" d={paths.line} />
        </svg>
        <dl className="queue-counts">
          {COUNTS.map(([label, field]) => (
            <div
              key={field}
              className={
                row[field] > 0 && (field === 'redeliveries' || field === 'deadLettered')
                  ? 'queue-count notable'
                  : 'queue-count'
              }
            >
              <dt>{label}</dt>
              <dd>{row[field]}</dd>
            </div>
          ))}
        </dl>
      </li>
    );
  },
  (a, b) => cardSignature(a) === cardSignature(b),
);

function DeadLetters({ summary }: { readonly summary: BrokerSummary }) {
  const dead = summary.deadLetters;
  const shown = dead.slice(-DEAD_SHOWN);
  const many = new Set(summary.partitions.map((r) => r.group)).size > 1;
  return (
    <div className="queue-dlq" data-testid="queue-dlq" data-count={dead.length}>
      <h3>Dead-letter queue</h3>
      {dead.length === 0 ? (
        <p className="muted">
          Empty: no message has failed {plural(summary.maxDeliveries, 'delivery', 'deliveries')}.
        </p>
      ) : (
        <ul aria-label="Dead-lettered messages">
          {dead.length > shown.length && (
            <li className="muted">…and {dead.length - shown.length} earlier</li>
          )}
          {shown.map((d) => (
            <li key={`${d.group}/${d.msg}`}>
              {d.msg} (key {d.key}){many ? ` from ${d.group}` : ''}, after{' '}
              {plural(d.deliveries, 'delivery', 'deliveries')}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
