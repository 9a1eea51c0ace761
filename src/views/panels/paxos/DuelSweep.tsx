/**
 * Duelling proposers, measured (issue 14): the "Duelling proposers" preset over 100 seeds,
 * once with an equal fixed retry and once with randomized backoff — the median and 95th
 * percentile time to decide, and how many runs decided nothing within the horizon. A little
 * jitter lets some fixed-retry duels break free, late; with none, none do.
 */
import { memo, useState, type FormEvent } from 'react';
import { labHash } from '../../../app/router';
import {
  summarizeDuel,
  type DuelSummary,
  type DuelSweepResult,
} from '../../../engine/protocols/paxos/duel/duel-summary';
import { useLab } from '../../../state/lab-store';
import { runDuelSweep } from './run-duel-sweep';
import './paxos.css';

const SEEDS = Array.from({ length: 100 }, (_, i) => i + 1);
const HORIZON_MS = 10_000;
const MAX_JITTER_MS = 20;

interface Shown {
  readonly jitterMs: number;
  readonly result: DuelSweepResult;
}

const ms = (x: number | null) =>
  x === null ? `over ${HORIZON_MS / 1000} s` : `${Math.round(x).toLocaleString('en')} ms`;

export const DuelSweep = memo(function DuelSweep() {
  const isPaxos = useLab((s) => s.scenarioId === 'paxos');
  const nodes = useLab((s) => s.frame?.nodes.filter((n) => n.protocol === 'paxos').length ?? 5);
  const [jitter, setJitter] = useState('3');
  const [running, setRunning] = useState(false);
  const [shown, setShown] = useState<Shown | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  if (!isPaxos) return null;

  const run = (e: FormEvent) => {
    e.preventDefault();
    const jitterMs = jitter.trim() === '' ? Number.NaN : Number(jitter);
    if (!(Number.isFinite(jitterMs) && jitterMs >= 0 && jitterMs <= MAX_JITTER_MS)) {
      setProblem(`Choose a link jitter from 0 to ${MAX_JITTER_MS} ms.`);
      return;
    }
    setProblem(null);
    setRunning(true);
    runDuelSweep({ seeds: SEEDS, nodes: Math.max(3, nodes), jitterMs, horizonMs: HORIZON_MS })
      .then((result) => setShown({ jitterMs, result }))
      .catch((err: unknown) => setProblem(`The sweep failed: ${String(err)}`))
      .finally(() => setRunning(false));
  };

  return (
    <details className="panel settings sweep" data-testid="duel-sweep">
      <summary>Sweep: duelling proposers, time to decide over 100 seeds</summary>
      <p className="muted">
        Two proposers start together, close to each other and far from the other acceptors (the
        Duelling proposers preset), on {Math.max(3, nodes)} servers.{' '}
        <a href={labHash('paxos', 1, Math.max(3, nodes), null, { preset: 'duel' })}>
          Open the duel in the lab
        </a>
      </p>
      <form className="settings-form" onSubmit={run} noValidate>
        <label>
          <span>Link jitter (ms)</span>
          <input
            type="number"
            min={0}
            max={MAX_JITTER_MS}
            value={jitter}
            onChange={(e) => setJitter(e.target.value)}
          />
        </label>
        <button type="submit" disabled={running}>
          {running ? 'Running…' : 'Run 100 seeds'}
        </button>
      </form>
      {problem && <p className="popover-error">{problem}</p>}
      {shown && <Figures shown={shown} />}
    </details>
  );
});

function Row({ name, s }: { name: string; s: DuelSummary }) {
  return (
    <tr>
      <th scope="row">{name}</th>
      <td>{ms(s.medianMs)}</td>
      <td>{ms(s.p95Ms)}</td>
      <td>{s.undecided}</td>
      <td>{s.meanBallots.toFixed(1)}</td>
    </tr>
  );
}

function Figures({ shown }: { shown: Shown }) {
  const fixed = summarizeDuel(shown.result.fixed);
  const random = summarizeDuel(shown.result.random);
  return (
    <div data-testid="duel-sweep-result" className="duel-sweep-result">
      <p role="status">
        {fixed.runs} seeds, {shown.jitterMs} ms jitter: randomized backoff decides in{' '}
        {ms(random.medianMs)} (median); the equal fixed retry in {ms(fixed.medianMs)}, with{' '}
        {fixed.undecided} runs undecided after {HORIZON_MS / 1000} s.
      </p>
      {/* Focusable: on a narrow screen the table scrolls inside, and a keyboard must reach it. */}
      <div className="duel-sweep-scroll" role="region" aria-label="Time to decide" tabIndex={0}>
        <table>
          <caption>Time to decide, from the first prepare until a learner knows the value</caption>
          <thead>
            <tr>
              <th scope="col">After a refused ballot</th>
              <th scope="col">Median</th>
              <th scope="col">95th percentile</th>
              <th scope="col">Undecided after {HORIZON_MS / 1000} s</th>
              <th scope="col">Ballots per run</th>
            </tr>
          </thead>
          <tbody>
            <Row name="equal fixed retry" s={fixed} />
            <Row name="randomized backoff" s={random} />
          </tbody>
        </table>
      </div>
    </div>
  );
}
