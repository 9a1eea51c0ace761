/**
 * "Send more messengers": the lab's variant (rounds, decision rule) run over 100 seeds for 1 to
 * 6 messengers per message at the capture chance you choose, with the share of runs in which
 * one general attacked alone beside what the arithmetic predicts. It falls fast, and never
 * reaches zero while a messenger can be captured (Gray 1978).
 */
import { memo, useState, type FormEvent } from 'react';
import { aloneByArithmetic } from '../../../engine/protocols/two-generals/sweep';
import type { AttackSweepPoint } from '../../../engine/protocols/two-generals/summary';
import { useLab } from '../../../state/lab-store';
import { generalsSummaryOf } from './generals-view';
import { runAttackSweep } from './run-attack-sweep';

const SEEDS = 100;
const COUNTS = [1, 2, 3, 4, 5, 6];

interface Shown {
  readonly lossPct: number;
  readonly rounds: number;
  readonly rule: 'all' | 'first';
  readonly points: readonly AttackSweepPoint[];
}

const pct = (x: number) => `${(x * 100).toFixed(x > 0 && x < 0.01 ? 2 : 0)} %`;

export const AttackSweep = memo(function AttackSweep() {
  const rounds = useLab((s) => generalsSummaryOf(s.frame?.checks)?.rounds ?? null);
  const settings = useLab((s) => s.settings);
  const [loss, setLoss] = useState(String(Number(settings.loss) > 0 ? settings.loss : 30));
  const [running, setRunning] = useState(false);
  const [shown, setShown] = useState<Shown | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  if (rounds === null) return null;
  const rule = settings.rule === 'first' ? 'first' : 'all';

  const run = (e: FormEvent) => {
    e.preventDefault();
    const lossPct = loss.trim() === '' ? Number.NaN : Number(loss);
    if (!(Number.isFinite(lossPct) && lossPct > 0 && lossPct <= 90)) {
      setProblem('Choose a capture chance above 0 and at most 90 %.');
      return;
    }
    setProblem(null);
    setRunning(true);
    runAttackSweep({ rounds, lossPct, rule, messengers: COUNTS, seeds: SEEDS })
      .then((points) => setShown({ lossPct, rounds, rule, points }))
      .catch((err: unknown) => setProblem(`The sweep failed: ${String(err)}`))
      .finally(() => setRunning(false));
  };

  return (
    <details className="panel settings sweep" data-testid="attack-sweep">
      <summary>Sweep: send more messengers ({SEEDS} seeds each)</summary>
      <p className="muted">
        This lab’s variant ({rounds} round{rounds === 1 ? '' : 's'}) with 1 to {COUNTS.length}{' '}
        messengers per message: how often does one general attack alone?
      </p>
      <form className="settings-form" onSubmit={run} noValidate>
        <label>
          <span>Messengers captured (%)</span>
          <input
            type="number"
            min={1}
            max={90}
            value={loss}
            onChange={(e) => setLoss(e.target.value)}
          />
        </label>
        <button type="submit" disabled={running}>
          {running ? 'Running…' : `Run ${SEEDS * COUNTS.length} runs`}
        </button>
      </form>
      {problem && <p className="popover-error">{problem}</p>}
      {shown && <SweepTable shown={shown} />}
    </details>
  );
});

function SweepTable({ shown }: { shown: Shown }) {
  const first = shown.points[0];
  const last = shown.points[shown.points.length - 1];
  const p = shown.lossPct / 100;
  return (
    <div data-testid="attack-sweep-result">
      {first && last && (
        <p role="status">
          At {shown.lossPct} % captured, one general attacked alone in {first.attackedAlone} of{' '}
          {first.seeds} runs with {first.messengers} messenger, and in {last.attackedAlone} of{' '}
          {last.seeds} with {last.messengers}: rarer, never impossible (the chance is{' '}
          {pct(aloneByArithmetic(shown.rounds, p, last.messengers, shown.rule))} by the arithmetic).
        </p>
      )}
      <table>
        <caption>Runs by messengers per message</caption>
        <thead>
          <tr>
            <th scope="col">Messengers</th>
            <th scope="col">Did the same</th>
            <th scope="col">One attacked alone</th>
            <th scope="col">By the arithmetic</th>
          </tr>
        </thead>
        <tbody>
          {shown.points.map((pt) => (
            <tr key={pt.messengers}>
              <th scope="row">{pt.messengers}</th>
              <td>{pct(pt.coordinated / pt.seeds)}</td>
              <td>{pct(pt.attackedAlone / pt.seeds)}</td>
              <td>{pct(aloneByArithmetic(shown.rounds, p, pt.messengers, shown.rule))}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
