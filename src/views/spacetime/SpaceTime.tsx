/**
 * The space-time (Lamport) diagram: one line per node, time flowing right, an arrow per
 * message from its send to its delivery (or to an ✕ where it was lost), crashes marked.
 * Select an event to light up its causal past — everything that happened before it.
 */
import { scaleLinear } from 'd3-scale';
import { memo, useEffect, useMemo, useState } from 'react';
import { isProcessEvent } from '../../engine/sim/causality';
import type { TraceEntry } from '../../engine/sim/trace';
import { plural } from '../../engine/words';
import { causalPast } from '../../state/lab-controller';
import { narrate } from '../../state/narration';
import { useLab } from '../../state/lab-store';
import { SPACETIME_MAX_ENTRIES, SPACETIME_MAX_SPAN_MS } from '../../state/view-fold';

const WIDTH = 640;
const ROW = 26;
const LEFT = 36;
/** Room under the node lines for the time axis: its ticks, their labels and its caption. */
const AXIS_HEIGHT = 30;
/** The windows offered; the widest is the one the store folds (state/view-fold.ts). */
const SPANS = [500, 1500, SPACETIME_MAX_SPAN_MS] as const;
const MAX_ENTRIES = SPACETIME_MAX_ENTRIES;

interface Arrow {
  readonly key: number;
  readonly send: number;
  readonly end: number;
  readonly x1: number;
  readonly y1: number;
  readonly x2: number;
  readonly y2: number;
  readonly lost: boolean;
  readonly pending: boolean;
  readonly label: string;
}

export const SpaceTime = memo(function SpaceTime() {
  const time = useLab((s) => s.frame?.time ?? 0);
  const nodeIds = useLab((s) => s.frame?.nodes.map((n) => n.id).join(',') ?? '');
  const folded = useLab((s) => s.spacetime);
  const [span, setSpan] = useState<number>(1500);
  const [selected, setSelected] = useState<number | null>(null);
  const ids = useMemo(() => (nodeIds ? nodeIds.split(',') : []), [nodeIds]);
  const linesHeight = ids.length * ROW + 8;
  const height = linesHeight + AXIS_HEIGHT;
  // The store holds the latest entries of the widest window; a narrower one is a filter.
  const entries = useMemo(() => {
    const from = Math.max(0, time - span);
    return folded.entries.filter((e) => e.t >= from);
  }, [folded, time, span]);
  const isNarrowed = entries.length >= MAX_ENTRIES;
  const start = isNarrowed ? (entries[0]?.t ?? 0) : Math.max(0, time - span);
  // The right edge is now; early in a run the window is simply shorter.
  const shown = Math.max(1, time - start);
  const x = (t: number) => LEFT + ((t - start) / shown) * (WIDTH - LEFT - 8);
  // The time axis: d3-scale picks round ticks and their format for the window; React draws
  // them (D3 computes, React renders — no d3-axis/d3-selection touching the DOM).
  const axis = scaleLinear()
    .domain([start, start + shown])
    .range([LEFT, WIDTH - 8]);
  const tickFormat = axis.tickFormat(5);
  const ticks = axis.ticks(5).map((t) => ({ t, x: axis(t), label: tickFormat(t) }));
  const row = (id: string) => 14 + ids.indexOf(id) * ROW;

  // Rebuilt when the trace grows or time moves, not on every unrelated render.
  const { events, arrows } = useMemo(() => {
    const events = entries.filter(
      (e): e is TraceEntry & { node: string } => isProcessEvent(e) && 'node' in e,
    );
    const arrows: Arrow[] = [];
    const delivered = new Set<number>();
    for (const e of entries) {
      if (e.k !== 'deliver' && e.k !== 'drop') continue;
      delivered.add(e.msg);
      const send = folded.sends.get(e.msg);
      if (!send) continue;
      arrows.push({
        key: e.i,
        send: send.i,
        end: e.i,
        x1: x(Math.max(send.t, start)),
        y1: row(send.node),
        x2: x(e.t),
        y2: row(e.node),
        lost: e.k === 'drop',
        pending: false,
        label: `${send.kind} ${send.node} → ${send.to}`,
      });
    }
    for (const e of entries) {
      if (e.k !== 'send' || delivered.has(e.msg)) continue;
      const progress = Math.min(1, (time - e.t) / Math.max(1e-9, e.deliverAt - e.t));
      arrows.push({
        key: e.i,
        send: e.i,
        end: e.i,
        x1: x(e.t),
        y1: row(e.node),
        x2: x(e.t) + (x(Math.min(e.deliverAt, time)) - x(e.t)),
        y2: row(e.node) + (row(e.to) - row(e.node)) * progress,
        lost: false,
        pending: true,
        label: `${e.kind} ${e.node} → ${e.to} (in flight)`,
      });
    }
    return { events, arrows };
    // x and row derive from start/span/ids.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [entries, ids, folded]);

  // The past of an event never changes once it happened: asked once per selection, after
  // rendering (never during it).
  const [past, setPast] = useState<ReadonlySet<number> | null>(null);
  useEffect(() => setPast(selected === null ? null : causalPast(selected)), [selected]);
  const lit = (i: number) => past === null || i === selected || past.has(i);

  return (
    <section className="panel spacetime" aria-labelledby="spacetime-title" data-testid="spacetime">
      <div className="spacetime-head">
        <h2 id="spacetime-title">Space-time diagram</h2>
        <label>
          <span>Window</span>
          <select
            value={span}
            onChange={(e) => setSpan(Number(e.target.value))}
            aria-label="Diagram window"
          >
            {SPANS.map((s) => (
              <option key={s} value={s}>
                last {s >= 1000 ? `${s / 1000} s` : `${s} ms`}
              </option>
            ))}
          </select>
        </label>
        {isNarrowed && (
          <span className="muted" data-testid="spacetime-narrowed">
            busy: the last {(time - start).toFixed(0)} ms
          </span>
        )}
        {selected !== null && (
          <button type="button" className="link-button" onClick={() => setSelected(null)}>
            Clear selection
          </button>
        )}
      </div>
      <svg
        viewBox={`0 0 ${WIDTH} ${height}`}
        className="spacetime-svg"
        role="group"
        aria-label="Space-time diagram"
      >
        <defs>
          <marker
            id="st-arrow"
            viewBox="0 0 8 8"
            refX="7"
            refY="4"
            markerWidth="6"
            markerHeight="6"
            orient="auto"
          >
            <path d="M0,0 L8,4 L0,8 z" className="st-arrowhead" />
          </marker>
        </defs>
        {ids.map((id) => (
          <g key={id}>
            <text x={4} y={row(id) + 4} className="st-node">
              {id}
            </text>
            <line x1={LEFT} x2={WIDTH - 8} y1={row(id)} y2={row(id)} className="st-line" />
          </g>
        ))}
        <g
          className="st-axis"
          role="group"
          aria-label={`Time axis: virtual time from ${tickFormat(start)} to ${tickFormat(start + shown)} ms`}
          data-testid="spacetime-axis"
        >
          <line x1={LEFT} x2={WIDTH - 8} y1={linesHeight} y2={linesHeight} />
          {ticks.map((k) => (
            <g key={k.t} transform={`translate(${k.x},${linesHeight})`}>
              <line y2={4} />
              <text y={14} textAnchor="middle">
                {k.label}
              </text>
            </g>
          ))}
          <text x={4} y={linesHeight + 26} className="st-axis-caption">
            virtual time (ms)
          </text>
        </g>
        {arrows.map((a) => (
          <line
            key={`a${a.key}`}
            x1={a.x1}
            y1={a.y1}
            x2={a.x2}
            y2={a.y2}
            className={`st-msg${a.lost ? ' st-lost' : ''}${a.pending ? ' st-pending' : ''}${lit(a.send) ? '' : ' st-dim'}`}
            markerEnd={a.lost ? undefined : 'url(#st-arrow)'}
          >
            <title>{a.label}</title>
          </line>
        ))}
        {arrows
          .filter((a) => a.lost)
          .map((a) => (
            <path
              key={`x${a.key}`}
              className="st-death"
              d={`M ${a.x2 - 4} ${a.y2 - 4} L ${a.x2 + 4} ${a.y2 + 4} M ${a.x2 + 4} ${a.y2 - 4} L ${a.x2 - 4} ${a.y2 + 4}`}
            />
          ))}
        {events.map((e, n) => (
          <circle
            key={e.i}
            cx={x(e.t)}
            cy={row(e.node)}
            r={e.i === selected ? 6 : 3.5}
            className={`st-event st-${e.k}${lit(e.i) ? '' : ' st-dim'}${e.i === selected ? ' st-selected' : ''}`}
            role="button"
            tabIndex={n >= events.length - 30 ? 0 : -1}
            aria-label={`${e.t.toFixed(1)} ms: ${narrate(e)}`}
            onClick={() => setSelected(e.i === selected ? null : e.i)}
            onKeyDown={(k) => {
              if (k.key === 'Enter' || k.key === ' ') {
                k.preventDefault();
                setSelected(e.i === selected ? null : e.i);
              }
            }}
          >
            <title>{`${e.t.toFixed(1)} ms: ${narrate(e)}`}</title>
          </circle>
        ))}
      </svg>
      {selected !== null && past !== null && (
        <p className="spacetime-note" data-testid="causal-note">
          {plural(past.size, 'earlier event')} happened before the selected one; the rest is
          concurrent with it or later.
        </p>
      )}
    </section>
  );
});
