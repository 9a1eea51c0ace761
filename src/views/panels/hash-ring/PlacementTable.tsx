/**
 * The Placement table and the spread plot: the last change run through every scheme (mod N,
 * the ring, the ring with virtual nodes, rendezvous, jump hash), with the keys each moved
 * and the load spread after; then load spread (max/mean) against virtual nodes per server
 * on a log2 axis, with the same figures as a table.
 */
import { memo, useId } from 'react';
import type { HashRingSummary, RingChange } from '../../../engine/protocols/hash-ring/summary';
import { useLab } from '../../../state/lab-store';
import { DataTable } from '../DataTable';
import { changeTitle, schemeLabel } from './change-model';
import { percent } from './ring-model';
import { ringSummaryOf } from './ring-summary';
import { PLOT, SPREAD_GOAL, spreadGeometry, spreadSentence } from './spread-plot';
import './hash-ring.css';

/**
 * Why the table reads as it does after a change that adds or removes no server: switching the
 * placement keeps the servers, so each scheme run on its own moves nothing (every row 0 %); a
 * learner otherwise reads the zeros as contradicting the ~80 % the keys-moved card shows.
 */
const CHANGE_NOTE: Partial<Record<RingChange['kind'], string>> = {
  scheme:
    'Changing the placement moves no server in or out, so under any one scheme no key moves (0 %); the keys moved above went from the old scheme to the new one.',
  vnodes:
    'Changing the virtual nodes moves no server in or out: only the ring with virtual nodes moves keys; the other schemes do not use them.',
};

export const PlacementCompare = memo(function PlacementCompare() {
  const ring = useLab((s) => ringSummaryOf(s.frame?.checks));
  if (!ring) return null;
  return <PlacementPanel ring={ring} />;
});

/** The panel for one summary, separate from the store so it renders in tests. */
export function PlacementPanel({ ring }: { readonly ring: HashRingSummary }) {
  const ids = useId();
  const c = ring.lastChange;
  return (
    <section className="panel ring-placement" aria-labelledby={`${ids}-t`}>
      <h2 id={`${ids}-t`}>Placement schemes compared</h2>
      <DataTable
        className="placement-table"
        label="Placement schemes"
        caption={
          c
            ? `The last change (${changeTitle(c, ring.vnodes, ring.scheme)}) under each scheme`
            : 'Each scheme, once a change has been made'
        }
        columns={['Scheme', 'Keys moved', 'Max/mean after']}
        empty="Add or remove a server to compare the schemes on the same change."
      >
        {(c?.bySchemes ?? []).map((row) => (
          <tr
            key={row.scheme}
            className={row.scheme === ring.scheme ? 'current' : ''}
            aria-current={row.scheme === ring.scheme ? 'true' : undefined}
          >
            <th scope="row">
              {schemeLabel(row.scheme)}
              {row.scheme === ring.scheme ? ' (in use)' : ''}
            </th>
            <td>{percent(row.fraction)}</td>
            <td>{row.maxOverMean.toFixed(2)}</td>
          </tr>
        ))}
      </DataTable>
      {c && CHANGE_NOTE[c.kind] && <p className="muted">{CHANGE_NOTE[c.kind]}</p>}
      {c && c.movement.ideal > 0 && (
        <p className="muted">
          Ideal for one server joining or leaving: {percent(c.movement.ideal)}.
        </p>
      )}
      <SpreadPlot points={ring.spreadByVnodes} current={ring.vnodes} />
    </section>
  );
}

/** max/mean against virtual nodes per server (log2 x axis), with a table alternative. */
export function SpreadPlot({
  points,
  current,
}: {
  readonly points: HashRingSummary['spreadByVnodes'];
  readonly current: number;
}) {
  const g = spreadGeometry(points);
  const sentence = spreadSentence(points);
  const bottom = PLOT.height - PLOT.bottom;
  const goalY = g.y(SPREAD_GOAL);
  const showGoal = goalY >= PLOT.top && goalY <= bottom;
  return (
    <figure className="spread-plot" data-testid="spread-plot">
      <figcaption>Load spread against virtual nodes per server</figcaption>
      <svg viewBox={`0 0 ${PLOT.width} ${PLOT.height}`} role="img" aria-label={sentence}>
        <g className="axis">
          <line x1={PLOT.left} x2={PLOT.width - PLOT.right} y1={bottom} y2={bottom} />
          {g.xTicks.map((t) => (
            <g key={t} transform={`translate(${g.x(t)},${bottom})`}>
              <line y2={4} />
              <text y={14} textAnchor="middle">
                {t}
              </text>
            </g>
          ))}
          <text x={(PLOT.left + PLOT.width) / 2} y={PLOT.height - 2} textAnchor="middle">
            virtual nodes per server
          </text>
          <line x1={PLOT.left} x2={PLOT.left} y1={PLOT.top} y2={bottom} />
          {g.yTicks.map((t) => (
            <g key={t} transform={`translate(${PLOT.left},${g.y(t)})`}>
              <line x2={-4} />
              <text x={-6} textAnchor="end" dominantBaseline="middle">
                {t.toFixed(1)}
              </text>
            </g>
          ))}
          <text
            transform={`translate(10,${(PLOT.top + bottom) / 2}) rotate(-90)`}
            textAnchor="middle"
          >
            max/mean
          </text>
        </g>
        {showGoal && (
          <g className="spread-goal">
            <line x1={PLOT.left} x2={PLOT.width - PLOT.right} y1={goalY} y2={goalY} />
            <text x={PLOT.width - PLOT.right} y={goalY - 3} textAnchor="end">
              goal {SPREAD_GOAL}
            </text>
          </g>
        )}
        {current >= 1 && (
          <line
            className="spread-current"
            x1={g.x(Math.min(current, g.x.domain()[1] ?? current))}
            x2={g.x(Math.min(current, g.x.domain()[1] ?? current))}
            y1={PLOT.top}
            y2={bottom}
          />
        )}
        <path className="spread-line" d={g.path} />
        {g.sorted.map((p) => (
          <circle
            key={p.vnodes}
            className="spread-point"
            cx={g.x(p.vnodes)}
            cy={g.y(p.maxOverMean)}
            r={3}
          />
        ))}
      </svg>
      <p className="muted">
        {sentence} The dashed line is the goal; the upright line is the lab’s {current}.
      </p>
      <details>
        <summary>The spread as a table</summary>
        <DataTable
          caption="Load spread (max/mean) by virtual nodes per server"
          captionHidden
          columns={['Virtual nodes', 'Max/mean']}
          empty="No spread measured yet."
        >
          {g.sorted.map((p) => (
            <tr key={p.vnodes} aria-current={p.vnodes === current ? 'true' : undefined}>
              <td>{p.vnodes}</td>
              <td>{p.maxOverMean.toFixed(2)}</td>
            </tr>
          ))}
        </DataTable>
      </details>
    </figure>
  );
}
