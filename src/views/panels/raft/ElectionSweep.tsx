/**
 * A hundred elections at once (the ladder of abstraction, CURRICULUM.md P12): the time to the
 * first leader over 100 seeds, for the timeouts you choose, as a histogram. Narrow the spread
 * and watch split votes stretch the tail; open any bar's run in the lab to see one of them.
 */
import { bin, max as maxOf, quantile } from 'd3-array';
import { memo, useState, type FormEvent } from 'react';
import { labHash } from '../../../app/router';
import type { ElectionSweepRun } from '../../../engine/protocols/raft/sweep/election-sweep';
import { plural } from '../../../engine/words';
import { useLab } from '../../../state/lab-store';
import { runElectionSweep } from './run-sweep';

const SEEDS = Array.from({ length: 100 }, (_, i) => i + 1);
const LIMIT_MS = 5000;
const WIDTH = 600;
const HEIGHT = 120;

interface Result {
  readonly min: number;
  readonly max: number;
  readonly runs: readonly ElectionSweepRun[];
}

export const ElectionSweep = memo(function ElectionSweep() {
  const isRaft = useLab((s) => s.scenarioId === 'raft');
  const settings = useLab((s) => s.settings);
  const nodes = useLab((s) => s.frame?.nodes.filter((n) => n.protocol === 'raft').length ?? 5);
  const [min, setMin] = useState(String(settings.electionMin ?? 150));
  const [max, setMax] = useState(String(settings.electionMax ?? 300));
  const [running, setRunning] = useState(false);
  const [result, setResult] = useState<Result | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  if (!isRaft) return null;

  const run = (e: FormEvent) => {
    e.preventDefault();
    const lo = Number(min);
    const hi = Number(max);
    if (!(Number.isFinite(lo) && Number.isFinite(hi) && lo >= 20 && hi > lo && hi <= 10_000)) {
      setProblem('Choose timeouts from 20 ms, with “to” above “from” (at most 10,000 ms).');
      return;
    }
    setProblem(null);
    setRunning(true);
    runElectionSweep({
      seeds: SEEDS,
      nodes,
      electionMinMs: lo,
      electionMaxMs: hi,
      limitMs: LIMIT_MS,
    })
      .then((runs) => setResult({ min: lo, max: hi, runs }))
      .catch((err: unknown) => setProblem(`The sweep failed: ${String(err)}`))
      .finally(() => setRunning(false));
  };

  return (
    <details className="panel settings sweep" data-testid="sweep">
      <summary>Sweep: time to elect a leader, over 100 seeds</summary>
      <form className="settings-form" onSubmit={run}>
        <label>
          <span>Election timeout from (ms)</span>
          <input type="number" value={min} onChange={(e) => setMin(e.target.value)} />
        </label>
        <label>
          <span>Election timeout to (ms)</span>
          <input type="number" value={max} onChange={(e) => setMax(e.target.value)} />
        </label>
        <button type="submit" disabled={running}>
          {running ? 'Running…' : 'Run 100 seeds'}
        </button>
      </form>
      {problem && <p className="popover-error">{problem}</p>}
      {result && <Histogram result={result} nodes={nodes} />}
    </details>
  );
});

function Histogram({ result, nodes }: { result: Result; nodes: number }) {
  const times = result.runs
    .map((r) => r.firstLeaderMs)
    .filter((t): t is number => t !== null)
    .sort((a, b) => a - b);
  const never = result.runs.length - times.length;
  const bins = bin<number, number>().thresholds(20)(times);
  const tallest = maxOf(bins, (b) => b.length) ?? 1;
  const barWidth = WIDTH / Math.max(1, bins.length);
  const open = (seed: number) =>
    labHash('raft', seed, nodes, null, {
      electionMin: String(result.min),
      electionMax: String(result.max),
    });
  return (
    <div data-testid="sweep-result">
      <p role="status">
        {plural(result.runs.length, 'seed')}, timeouts {result.min}–{result.max} ms:{' '}
        {times.length
          ? `first leader after ${quantile(times, 0.5)?.toFixed(0)} ms (median), ${quantile(times, 0.95)?.toFixed(0)} ms (95th percentile)`
          : 'no leader at all'}
        {never > 0 && `; no leader within ${LIMIT_MS / 1000} s in ${never}`}.
      </p>
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT + 16}`}
        role="group"
        aria-label="Time to the first leader, per seed"
      >
        {bins.map((b, i) => {
          const slowest = result.runs.find((r) => r.firstLeaderMs === b.at(-1));
          const h = (b.length / tallest) * HEIGHT;
          const label = `${plural(b.length, 'seed')} elected between ${b.x0?.toFixed(0)} and ${b.x1?.toFixed(0)} ms${slowest ? `; open seed ${slowest.seed}` : ''}`;
          return b.length === 0 || !slowest ? null : (
            <a key={b.x0} href={open(slowest.seed)} aria-label={label} className="sweep-bar">
              <title>{label}</title>
              <rect x={i * barWidth + 1} y={HEIGHT - h} width={barWidth - 2} height={h} />
            </a>
          );
        })}
        <text x={0} y={HEIGHT + 13}>
          {times[0]?.toFixed(0) ?? ''} ms
        </text>
        <text x={WIDTH} y={HEIGHT + 13} textAnchor="end">
          {times.at(-1)?.toFixed(0) ?? ''} ms
        </text>
      </svg>
    </div>
  );
}
