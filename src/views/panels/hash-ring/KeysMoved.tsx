/**
 * Keys moved by the last change (test id `keys-moved`, `data-fraction`): the fraction moved
 * against the ideal K/N, a gauge with the ideal marked, where the moved keys went (a removed
 * server's keys: to one neighbour, or spread over many with virtual nodes), and the load
 * spread (max/mean) before and after.
 */
import { memo, useId } from 'react';
import type { RingChange } from '../../../engine/protocols/hash-ring/summary';
import { useLab } from '../../../state/lab-store';
import { DataTable } from '../DataTable';
import {
  changeTitle,
  departedSentence,
  flowRows,
  movedSentence,
  overIdeal,
  spreadWords,
} from './change-model';
import { count, percent } from './ring-model';
import { ringSummaryOf } from './ring-summary';
import './hash-ring.css';

/** How many flows the table lists (the rest are summed in one line). */
const FLOWS_SHOWN = 8;

export const KeysMoved = memo(function KeysMoved() {
  const ring = useLab((s) => ringSummaryOf(s.frame?.checks));
  if (!ring) return null;
  return <KeysMovedCard change={ring.lastChange} vnodes={ring.vnodes} scheme={ring.scheme} />;
});

/** The card for one change (or none yet), separate from the store so it renders in tests. */
export function KeysMovedCard({
  change,
  vnodes,
  scheme,
}: {
  readonly change: RingChange | null;
  readonly vnodes: number;
  readonly scheme: string;
}) {
  const ids = useId();
  if (!change) {
    return (
      <section className="panel keys-moved" aria-labelledby={`${ids}-t`} data-testid="keys-moved">
        <h2 id={`${ids}-t`}>Keys moved</h2>
        <p className="muted">
          Nothing has changed yet. Add or remove a server, or change the virtual nodes or the
          placement, to see how many keys move.
        </p>
      </section>
    );
  }
  const m = change.movement;
  const ratio = overIdeal(change);
  const flows = flowRows(change);
  const departed = departedSentence(change);
  const rest = flows.slice(FLOWS_SHOWN).reduce((s, f) => s + f.keys, 0);
  return (
    <section
      className="panel keys-moved"
      aria-labelledby={`${ids}-t`}
      data-testid="keys-moved"
      data-fraction={m.fraction}
      data-kind={change.kind}
      data-max-over-mean={change.after.maxOverMean}
    >
      <h2 id={`${ids}-t`}>Keys moved</h2>
      <p className="moved-what">
        {changeTitle(change, vnodes, scheme)} at {count(change.at)} ms.
      </p>
      <p className="moved-figure">
        <strong>{percent(m.fraction)}</strong> of keys moved
        {m.ideal > 0 && (
          <>
            {' '}
            (ideal {percent(m.ideal)}
            {ratio !== null ? `, ${ratio.toFixed(1)} × the ideal` : ''})
          </>
        )}
      </p>
      <div className="moved-gauge" aria-hidden="true">
        <div className="moved-gauge-fill" style={{ width: `${Math.min(1, m.fraction) * 100}%` }} />
        {m.ideal > 0 && (
          <div className="moved-gauge-ideal" style={{ left: `${Math.min(1, m.ideal) * 100}%` }} />
        )}
      </div>
      <p>{movedSentence(change)}</p>
      {departed && <p>{departed}</p>}
      <p>
        Load spread (max/mean): before {spreadWords(change.before)}; after{' '}
        {spreadWords(change.after)}.
      </p>
      <details className="moved-flows">
        <summary>
          Where the moved keys went ({flows.length} flow{flows.length === 1 ? '' : 's'})
        </summary>
        <DataTable
          caption="Where the moved keys went"
          captionHidden
          columns={['From', 'To', 'Keys']}
          empty="No key moved."
        >
          {flows.slice(0, FLOWS_SHOWN).map((f) => (
            <tr key={`${f.from}-${f.to}`}>
              <td>{f.from}</td>
              <td>{f.to}</td>
              <td>{count(f.keys)}</td>
            </tr>
          ))}
        </DataTable>
        {rest > 0 && (
          <p className="muted">
            …and {count(rest)} key{rest === 1 ? '' : 's'} in smaller flows.
          </p>
        )}
      </details>
    </section>
  );
}
