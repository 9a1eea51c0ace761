/**
 * "Propose a protocol" (CURRICULUM L3's sandbox): choose the rounds and the decision rule of a
 * variant, and the engine tries every single-message capture — none, round 1, round 2, … —
 * and shows what each general did at dawn, naming the capture that leaves one attacking alone.
 * Runs its own small runs in a worker; the lab's run is untouched.
 */
import { memo, useState, type FormEvent } from 'react';
import type { CaptureOutcome } from '../../../engine/protocols/two-generals/sweep';
import { roundMeaning } from '../../../engine/protocols/two-generals/message-look';
import { useLab } from '../../../state/lab-store';
import { generalsSummaryOf } from './generals-view';
import { runEveryCapture } from './run-attack-sweep';

interface Shown {
  readonly rounds: number;
  readonly rule: 'all' | 'first';
  readonly outcomes: readonly CaptureOutcome[];
}

const did = (d: CaptureOutcome['a']) =>
  d === 'attack' ? 'attacks' : d === 'hold' ? 'holds' : 'undecided';

export const CaptureSearch = memo(function CaptureSearch() {
  const present = useLab((s) => generalsSummaryOf(s.frame?.checks) !== null);
  const [rounds, setRounds] = useState('3');
  const [rule, setRule] = useState<'all' | 'first'>('all');
  const [running, setRunning] = useState(false);
  const [shown, setShown] = useState<Shown | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  if (!present) return null;

  const run = (e: FormEvent) => {
    e.preventDefault();
    const r = rounds.trim() === '' ? Number.NaN : Number(rounds);
    if (!(Number.isInteger(r) && r >= 1 && r <= 8)) {
      setProblem('Choose from 1 to 8 rounds.');
      return;
    }
    setProblem(null);
    setRunning(true);
    runEveryCapture({ rounds: r, rule })
      .then((outcomes) => setShown({ rounds: r, rule, outcomes }))
      .catch((err: unknown) => setProblem(`The search failed: ${String(err)}`))
      .finally(() => setRunning(false));
  };

  const breaking = shown?.outcomes.filter((o) => o.broken) ?? [];
  return (
    <details className="panel settings sweep" data-testid="capture-search">
      <summary>Propose a protocol: try every capture</summary>
      <p className="muted">
        Your variant, one messenger per message; the engine captures each message in turn.
      </p>
      <form className="settings-form" onSubmit={run} noValidate>
        <label>
          <span>Rounds</span>
          <input
            type="number"
            min={1}
            max={8}
            value={rounds}
            onChange={(e) => setRounds(e.target.value)}
          />
        </label>
        <label>
          <span>A general attacks</span>
          <select
            value={rule}
            onChange={(e) => setRule(e.target.value === 'first' ? 'first' : 'all')}
          >
            <option value="all">only if every message meant for it arrived</option>
            <option value="first">as soon as it has heard anything</option>
          </select>
        </label>
        <button type="submit" disabled={running}>
          {running ? 'Trying…' : 'Try every capture'}
        </button>
      </form>
      {problem && <p className="popover-error">{problem}</p>}
      {shown && (
        <div data-testid="capture-search-result">
          <p role="status">
            {breaking.length
              ? `Broken by capturing ${breaking
                  .map((o) => `round ${o.captured ?? 0} (${roundMeaning(o.captured ?? 1)})`)
                  .join(' or ')}: one general attacks alone.`
              : 'No single capture leaves a general attacking alone — check whether anyone ever attacks.'}
          </p>
          <table>
            <caption>
              {shown.rounds} round{shown.rounds === 1 ? '' : 's'}, each capture in turn
            </caption>
            <thead>
              <tr>
                <th scope="col">Captured</th>
                <th scope="col">A</th>
                <th scope="col">B</th>
              </tr>
            </thead>
            <tbody>
              {shown.outcomes.map((o) => (
                <tr key={o.captured ?? 0} data-broken={o.broken ? 'true' : 'false'}>
                  <th scope="row">{o.captured === null ? 'nothing' : `round ${o.captured}`}</th>
                  <td>{did(o.a)}</td>
                  <td>{did(o.b)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </details>
  );
});
