/**
 * The history diagram, as Porcupine draws it: one lane per client, each operation a bar from
 * its invocation to its answer (open-ended and dashed when the outcome is unknown), and the
 * linearizability checker's verdict in words. On a violation, the operations that cannot be
 * ordered are outlined; a read the stale-read checker caught is marked too.
 */
import { memo, useMemo } from 'react';
import { operationsOf } from '../../engine/check/history';
import { plural } from '../../engine/words';
import { useLab } from '../../state/lab-store';
import { describeOp as describe } from './describe-op';
/** The operations drawn: the most recent ones (the verdict covers them all). */
const DRAWN = 24;
/** Bars narrower than this carry no text (their name is in their title and label). */
const MIN_LABELLED_PX = 56;
const LANE_PX = 30;
const WIDTH = 640;
const LEFT = 40;

const VERDICT_WORDS = {
  linearizable: 'linearizable',
  'not-linearizable': 'not linearizable',
  unknown: 'unknown',
  pending: 'checking…',
} as const;

export const HistoryPanel = memo(function HistoryPanel() {
  const history = useLab((s) => s.history);
  const now = useLab((s) => Math.round((s.frame?.time ?? 0) / 100) * 100);
  const staleAt = useLab(
    (s) => s.frame?.checks.find((c) => c.id === 'no-stale-read')?.violation?.time ?? null,
  );
  // The checker runs off the render path (state/history-verdict.ts); its verdict lands in
  // the store beside the history it judged. Until it has judged this one, say so.
  const judged = useLab((s) => s.historyVerdict);
  const result = judged?.history === history ? judged : null;
  const verdict = result?.verdict ?? 'pending';
  const ops = useMemo(() => operationsOf(history), [history]);
  const unplaceable = useMemo(() => new Set(result?.unplaceable ?? []), [result]);
  if (ops.length === 0) return null;
  const drawn = ops.slice(-DRAWN);
  const clients = [...new Set(drawn.map((o) => o.client))].sort();
  const start = Math.min(...drawn.map((o) => o.callMs));
  const end = Math.max(
    now,
    ...drawn.map((o) => (Number.isFinite(o.returnMs) ? o.returnMs : o.callMs)),
  );
  const x = (t: number) => LEFT + ((t - start) / Math.max(1, end - start)) * (WIDTH - LEFT - 10);
  const height = clients.length * LANE_PX + 24;
  return (
    <section className="panel history-panel" aria-labelledby="history-title" data-testid="history">
      <h2 id="history-title">History</h2>
      <p role="status" data-testid="history-verdict" data-verdict={verdict}>
        Linearizability: <strong>{VERDICT_WORDS[verdict]}</strong>
        {verdict === 'unknown' && result?.reason && <>: {result.reason}</>}
        {verdict === 'not-linearizable' && unplaceable.size > 0 && (
          <> — {plural(unplaceable.size, 'operation')} cannot be ordered (outlined)</>
        )}
        <span className="muted"> ({plural(ops.length, 'operation')})</span>
      </p>
      <svg
        viewBox={`0 0 ${WIDTH} ${height}`}
        role="group"
        aria-label="Operations per client over time"
      >
        {clients.map((c, lane) => (
          <g key={c}>
            <text x={4} y={lane * LANE_PX + 20} className="history-lane">
              {c}
            </text>
            <line
              x1={LEFT}
              x2={WIDTH - 10}
              y1={lane * LANE_PX + 16}
              y2={lane * LANE_PX + 16}
              className="history-axis"
            />
          </g>
        ))}
        {drawn.map((op) => {
          const lane = clients.indexOf(op.client);
          const x1 = x(op.callMs);
          const x2 = Number.isFinite(op.returnMs) ? x(op.returnMs) : x(end);
          const isStale = op.fn === 'read' && op.returnMs === staleAt;
          const isUnplaceable = unplaceable.has(op.id);
          const label = `${op.client} ${describe(op)}, ${op.callMs.toFixed(0)}–${Number.isFinite(op.returnMs) ? `${op.returnMs.toFixed(0)} ms` : 'no answer'}${isUnplaceable ? ', cannot be ordered' : ''}${isStale ? ', stale read' : ''}`;
          return (
            <g
              key={op.id}
              role="img"
              aria-label={label}
              data-testid="history-op"
              data-unplaceable={isUnplaceable ? 'true' : 'false'}
              data-stale={isStale ? 'true' : 'false'}
              className={`history-op op-${op.fn} outcome-${op.outcome}${isUnplaceable ? ' op-unplaceable' : ''}${isStale ? ' op-stale' : ''}`}
            >
              <title>{label}</title>
              <rect x={x1} y={lane * LANE_PX + 6} width={Math.max(3, x2 - x1)} height={20} rx={3} />
              {x2 - x1 >= MIN_LABELLED_PX && (
                <text x={x1 + 3} y={lane * LANE_PX + 20}>
                  {describe(op).replace(' (outcome unknown)', '?')}
                </text>
              )}
            </g>
          );
        })}
      </svg>
    </section>
  );
});
