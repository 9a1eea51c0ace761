/**
 * The delivery checker in the terms of Maelstrom's queue workload (test id `queue-checker`):
 * figures (`queue-figure-<name>`: published, applied beside suppressed by dedup, lost,
 * duplicated, reordered, dead-lettered, not yet processed), then each lost, duplicated or
 * reordered message grouped by key, with its causes as buttons. A cause's button goes to the
 * moment it names and selects the node (the consumer that crashed, the broker that
 * redelivered, the producer that retried), as the Invariants panel's "Go there" does.
 *
 * Going back in time makes the checker forget what it found later; so while the lab is paused
 * at an earlier moment, the list stays as it was at the run's latest moment (the figures
 * follow the time).
 */
import { Fragment, memo, useEffect, useId, useMemo, useRef, useState } from 'react';
import type { BrokerSummary, DeliveryAnomaly } from '../../../engine/protocols/queue/summary';
import { BROKER_ID } from '../../../engine/protocols/queue/scenarios';
import { plural } from '../../../engine/words';
import { select } from '../../../state/commands';
import { inspect, seekTo } from '../../../state/lab-controller';
import type { LabState } from '../../../state/lab-store';
import {
  anomaliesByKey,
  brokerSummaryOf,
  msText,
  queueFigures,
  type AnomalyItem,
  type CauseLink,
} from './queue-view';
import { useThrottledLab } from './use-throttled-lab';
import './queue.css';

/** The list shows this many findings, the latest; the figures count them all. */
const ITEMS_SHOWN = 30;

/** Go to the moment a cause names and select its node (the Inspector shows it). */
async function goToCause(link: CauseLink): Promise<void> {
  await seekTo(link.at);
  if (link.node) {
    select({ kind: 'node', id: link.node });
    inspect({ kind: 'node', id: link.node });
  }
}

/**
 * The anomalies to list: the live ones, or — while the lab is paused at a moment before the
 * latest one it reached — the ones found by that latest moment, kept from when it was shown
 * (the checker's memory at the earlier moment no longer holds them, and the list must not
 * vanish under the hand that pressed a cause). Play, a reset or a new run ends the keeping.
 */
function useListedAnomalies(
  live: readonly DeliveryAnomaly[],
  at: RunPlace,
): { anomalies: readonly DeliveryAnomaly[]; pinned: boolean } {
  const { time, horizon, playing } = at;
  const latest = useRef<{ at: number; anomalies: readonly DeliveryAnomaly[] } | null>(null);
  useEffect(() => {
    if (time >= horizon) latest.current = { at: time, anomalies: live };
  });
  // Read on purpose: the list as it was last rendered at the latest moment.
  const kept = latest.current;
  return kept && !playing && time < kept.at && horizon >= kept.at
    ? { anomalies: kept.anomalies, pinned: true }
    : { anomalies: live, pinned: false };
}

/** Where the run is: its time, the latest time it reached, whether it plays. */
interface RunPlace {
  readonly time: number;
  readonly horizon: number;
  readonly playing: boolean;
}

/** What the checker reads from the store, in one selection (refreshed together). */
const selectChecker = (s: LabState) => ({
  summary: brokerSummaryOf(s.frame?.checks),
  place: { time: s.frame?.time ?? 0, horizon: s.timeline.horizon, playing: s.playing },
});

export const DeliveryChecker = memo(function DeliveryChecker() {
  const { summary, place } = useThrottledLab(selectChecker);
  if (!summary) return null;
  return <LiveChecker summary={summary} place={place} />;
});

function LiveChecker({
  summary,
  place,
}: {
  readonly summary: BrokerSummary;
  readonly place: RunPlace;
}) {
  const { anomalies, pinned } = useListedAnomalies(summary.anomalies, place);
  const now = place.time;
  const [went, setWent] = useState<string>('');
  const onCause = (link: CauseLink) => {
    // Said once there: the seek replays from a checkpoint first.
    void goToCause(link).then(() =>
      setWent(
        `Went to ${msText(link.at)}${link.node ? `; ${link.node} is selected and shown in the Inspector` : ''}.`,
      ),
    );
  };
  return (
    <DeliveryCheckerBody
      summary={summary}
      anomalies={anomalies}
      pinnedAt={pinned ? now : null}
      went={went}
      onCause={onCause}
    />
  );
}

/** The checker for one summary, apart from the store so it renders in tests. */
export function DeliveryCheckerBody({
  summary,
  anomalies = summary.anomalies,
  pinnedAt = null,
  went = '',
  onCause = () => undefined,
}: {
  readonly summary: BrokerSummary;
  /** The anomalies to list (the live ones unless the lab shows the past). */
  readonly anomalies?: readonly DeliveryAnomaly[];
  /** The past moment shown, when the list is kept from the run's latest moment. */
  readonly pinnedAt?: number | null;
  /** What the last cause button did, said in a live region. */
  readonly went?: string;
  readonly onCause?: (link: CauseLink) => void;
}) {
  const ids = useId();
  const figures = queueFigures(summary);
  // Each finding is found once and never changes: recompute the list only when it grows.
  const last = anomalies[anomalies.length - 1];
  const lastKey = `${anomalies.length}:${last?.kind ?? ''}:${last?.msg ?? ''}:${last?.at ?? ''}`;
  const byKey = useMemo(
    () => anomaliesByKey(anomalies.slice(-ITEMS_SHOWN), BROKER_ID),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- lastKey stands for the list
    [lastKey],
  );
  const hidden = Math.max(0, anomalies.length - ITEMS_SHOWN);
  return (
    <section
      className="panel queue-checker"
      aria-labelledby={`${ids}-t`}
      data-testid="queue-checker"
      data-anomalies={anomalies.length}
    >
      <h2 id={`${ids}-t`}>Deliveries checked: lost, duplicated, reordered</h2>
      <dl className="queue-figures">
        {figures.map((f) => (
          <div
            key={f.id}
            data-testid={`queue-figure-${f.id}`}
            data-value={f.value}
            className={f.isBad ? 'queue-figure bad' : 'queue-figure'}
          >
            <dt>{f.label}</dt>
            <dd>
              {f.value}
              {f.note && <span className="queue-figure-note">{f.note}</span>}
            </dd>
          </div>
        ))}
      </dl>
      {pinnedAt !== null && (
        <p className="muted" data-testid="queue-checker-pinned">
          Viewing the past ({msText(pinnedAt)}): the list below is what the checker found by the
          run’s latest moment; the figures above are as of this moment.
        </p>
      )}
      {anomalies.length === 0 ? (
        <p className="queue-verdict" data-testid="queue-verdict">
          No message lost, duplicated or reordered so far.
        </p>
      ) : (
        <>
          <p className="queue-verdict bad" data-testid="queue-verdict">
            {plural(anomalies.length, 'finding')} by key; each cause goes to its moment and selects
            the node it names.
            {hidden > 0 && ` The latest ${ITEMS_SHOWN} are listed.`}
          </p>
          {byKey.map((k) => (
            <section
              key={k.key}
              className="queue-key"
              aria-label={`Key ${k.key}`}
              data-testid={`queue-key-${k.key}`}
            >
              <h3>
                Key {k.key}: {k.counts}
              </h3>
              <ul>
                {k.items.map((item) => (
                  <Finding
                    key={`${item.kind}/${item.msg}/${item.at}`}
                    item={item}
                    onCause={onCause}
                  />
                ))}
              </ul>
            </section>
          ))}
        </>
      )}
      <p className="visually-hidden" role="status" aria-live="polite">
        {went}
      </p>
    </section>
  );
}

function Finding({
  item,
  onCause,
}: {
  readonly item: AnomalyItem;
  readonly onCause: (link: CauseLink) => void;
}) {
  return (
    <li className={`queue-finding queue-${item.kind}`} data-kind={item.kind} data-msg={item.msg}>
      <span className="queue-finding-text">{item.text}</span>
      {item.causes.length === 0 ? (
        <span className="muted"> — cause unknown</span>
      ) : (
        <span className="queue-causes">
          {' '}
          because:{' '}
          {item.causes.map((c, i) => (
            <Fragment key={i}>
              {i > 0 && '; '}
              <button
                type="button"
                className="link-button queue-cause"
                data-cause={c.kind}
                aria-label={c.label}
                onClick={() => onCause(c)}
              >
                {c.text}
              </button>
            </Fragment>
          ))}
        </span>
      )}
    </li>
  );
}
