/**
 * Each node's own view of the ring (membership spreads over messages, so for a while nodes
 * route the same key to different owners: the misroutes), and the cluster's cache hit rate
 * over time (the miss storm after a server leaves), each with its figures in words.
 */
import { memo, useId } from 'react';
import type { HashRingSummary } from '../../../engine/protocols/hash-ring/summary';
import { useLab } from '../../../state/lab-store';
import { DataTable } from '../DataTable';
import {
  agreedVersion,
  HIT_PLOT,
  hitRateGeometry,
  hitRateSentence,
  viewsSentence,
} from './membership-model';
import { ringSummaryOf } from './ring-summary';
import './hash-ring.css';

export const MembershipViews = memo(function MembershipViews() {
  const ring = useLab((s) => ringSummaryOf(s.frame?.checks));
  if (!ring) return null;
  return <MembershipPanel ring={ring} />;
});

/** The panel for one summary, separate from the store so it renders in tests. */
export function MembershipPanel({ ring }: { readonly ring: HashRingSummary }) {
  const ids = useId();
  const agreed = agreedVersion(ring.views);
  const g = hitRateGeometry(ring.hitRateSeries);
  const bottom = HIT_PLOT.height - HIT_PLOT.bottom;
  const changeAt = ring.lastChange?.at ?? null;
  const hitText = hitRateSentence(ring.hitRateSeries, changeAt, ring.hitCounts);
  // The last change as an upright line, so the dip after it is read against it.
  const [x0, x1] = g.x.domain() as [number, number];
  const changeX = changeAt !== null && changeAt >= x0 && changeAt <= x1 ? g.x(changeAt) : null;
  return (
    <section
      className="panel ring-views"
      aria-labelledby={`${ids}-t`}
      data-testid="ring-views"
      data-agree={ring.viewsAgree ? 'true' : 'false'}
      data-misroutes={ring.misroutes}
    >
      <h2 id={`${ids}-t`}>Each node’s view of the ring</h2>
      <p role="status">{viewsSentence(ring)}</p>
      <DataTable
        className="ring-views-table"
        caption="Each node’s membership version and members"
        captionHidden
        columns={['Node', 'Version', 'Members']}
        empty="No node has reported its view yet."
      >
        {ring.views.map((v) => (
          <tr key={v.node} className={v.version < agreed ? 'behind' : ''}>
            <td>{v.node}</td>
            <td>
              {v.version}
              {v.version < agreed ? ' (behind)' : ''}
            </td>
            <td>{v.members.join(', ')}</td>
          </tr>
        ))}
      </DataTable>
      <figure className="hit-rate">
        <figcaption>Cache hit rate of the whole cluster</figcaption>
        <svg viewBox={`0 0 ${HIT_PLOT.width} ${HIT_PLOT.height}`} role="img" aria-label={hitText}>
          <g className="axis">
            <line x1={HIT_PLOT.left} x2={HIT_PLOT.width - HIT_PLOT.right} y1={bottom} y2={bottom} />
            {g.xTicks.map((t) => (
              <text key={t} x={g.x(t)} y={bottom + 14} textAnchor="middle">
                {`${(t / 1000).toLocaleString('en-US')} s`}
              </text>
            ))}
            {g.yTicks.map((t) => (
              <text
                key={t}
                x={HIT_PLOT.left - 4}
                y={g.y(t)}
                textAnchor="end"
                dominantBaseline="middle"
              >
                {`${t * 100} %`}
              </text>
            ))}
          </g>
          {changeX !== null && (
            <line className="hit-change" x1={changeX} x2={changeX} y1={HIT_PLOT.top} y2={bottom} />
          )}
          <path className="hit-line" d={g.path} />
        </svg>
        <p className="muted">{hitText}</p>
      </figure>
    </section>
  );
}
