/**
 * The retry policy at work: goodput, amplification (attempts per logical request), p50/p99
 * latency, server utilisation and shed, each labelled with the window it is measured over
 * (test ids `rpc-figure-<name>`), and a chart of amplification over the last minute, so a
 * retry storm is seen outliving its trigger and ending when a budget or shedding is on.
 */
import { memo } from 'react';
import { useLab } from '../../../state/lab-store';
import {
  CHART,
  chartGeometry,
  chartSentence,
  figureItems,
  seconds,
  STORM_AMPLIFICATION,
} from './figures-view';
import { ledgerSummaryOf } from './ledger-view';
import type { RpcLedgerSummary } from '../../../engine/protocols/rpc/summary';
import './rpc.css';

export const RpcFigures = memo(function RpcFigures() {
  const summary = useLab((s) => ledgerSummaryOf(s.frame?.checks));
  if (!summary) return null;
  return (
    <section
      className="panel rpc-figures"
      aria-labelledby="rpc-figures-title"
      data-testid="rpc-figures"
    >
      <h2 id="rpc-figures-title">Retry figures</h2>
      <dl className="rpc-figure-list">
        {figureItems(summary.figures).map((f) => (
          <div key={f.name} className="rpc-figure" data-testid={`rpc-figure-${f.name}`}>
            <dt>{f.label}</dt>
            <dd>{f.value}</dd>
          </div>
        ))}
      </dl>
      <AmplificationChart summary={summary} />
    </section>
  );
});

function AmplificationChart({ summary }: { summary: RpcLedgerSummary }) {
  const samples = summary.history;
  if (samples.length < 2) return null;
  const g = chartGeometry(samples);
  return (
    <figure className="rpc-chart">
      <svg
        viewBox={`0 0 ${CHART.width} ${CHART.height}`}
        role="img"
        aria-label={chartSentence(samples)}
        data-testid="rpc-figure-chart"
      >
        {g.yTicks.map((t) => (
          <g key={`y${t}`}>
            <line
              className="rpc-chart-grid"
              x1={CHART.left}
              x2={CHART.width - CHART.right}
              y1={g.y(t)}
              y2={g.y(t)}
            />
            <text className="rpc-chart-tick" x={CHART.left - 4} y={g.y(t) + 3} textAnchor="end">
              {t}
            </text>
          </g>
        ))}
        {g.xTicks.map((t) => (
          <text
            key={`x${t}`}
            className="rpc-chart-tick"
            x={g.x(t)}
            y={CHART.height - CHART.bottom + 12}
            textAnchor="middle"
          >
            {seconds(t)}
          </text>
        ))}
        <line
          className="rpc-chart-storm"
          x1={CHART.left}
          x2={CHART.width - CHART.right}
          y1={g.stormY}
          y2={g.stormY}
        />
        <text
          className="rpc-chart-tick"
          x={CHART.width - CHART.right}
          y={g.stormY - 3}
          textAnchor="end"
        >
          storm (&gt; {STORM_AMPLIFICATION})
        </text>
        <path className="rpc-chart-line" d={g.path} />
        <text
          className="rpc-chart-tick"
          x={(CHART.left + CHART.width - CHART.right) / 2}
          y={CHART.height - 4}
          textAnchor="middle"
        >
          virtual time; attempts per request over the last {summary.figures.windowMs / 1000} s
        </text>
      </svg>
      <figcaption>Amplification over time (dashed: the storm threshold).</figcaption>
    </figure>
  );
}
