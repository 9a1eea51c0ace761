/**
 * Paxos beside Raft (issue 14): the same workload and fault script run headless on the
 * Multi-Paxos lab and on the Raft lab, in a worker, and a small table of what a decision cost
 * each. Shown in the Multi-Paxos lab and in a lesson that shows panel 'compare' (L11's
 * sandbox, which shows every panel); the single-decree lab has no log of decisions to compare,
 * so there it draws nothing.
 */
import { memo, useState, type FormEvent } from 'react';
import type { DecisionCost } from '../../../engine/measure/decision-cost';
import { useLab } from '../../../state/lab-store';
import {
  COMPARED,
  COMPARE_SCRIPTS,
  WORKLOAD,
  compareLink,
  compareSettings,
  costRow,
  readingOf,
  scriptInWords,
  type CompareScript,
} from './beside-raft';
import { runCompare } from './run-compare';
import './paxos.css';

interface Shown {
  readonly script: CompareScript;
  readonly seed: number;
  readonly costs: readonly DecisionCost[];
}

export const BesideRaft = memo(function BesideRaft() {
  // The lab shows it on Multi-Paxos; a lesson step's panel list (which the section filter
  // applies) decides in a lesson.
  const shown = useLab((s) => s.scenarioId === 'multi-paxos' || s.mode === 'lesson');
  const seed = useLab((s) => s.seed);
  const [scriptId, setScriptId] = useState('crash');
  const [running, setRunning] = useState(false);
  const [result, setResult] = useState<Shown | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  if (!shown) return null;
  const script = COMPARE_SCRIPTS.find((s) => s.id === scriptId) ?? COMPARE_SCRIPTS[0];
  if (!script) return null;

  const run = (e: FormEvent) => {
    e.preventDefault();
    setProblem(null);
    setRunning(true);
    runCompare({
      scenarioIds: COMPARED.map((c) => c.scenarioId),
      nodes: WORKLOAD.servers,
      settings: compareSettings(),
      seed,
      script: script.faults,
      durationMs: WORKLOAD.durationMs,
    })
      .then((costs) => setResult({ script, seed, costs }))
      .catch((err: unknown) => setProblem(`The comparison failed: ${String(err)}`))
      .finally(() => setRunning(false));
  };

  return (
    <details className="panel settings beside-raft" data-testid="beside-raft">
      <summary>Paxos beside Raft: what a decision costs</summary>
      <form className="settings-form" onSubmit={run}>
        <label>
          <span>Fault script</span>
          <select value={script.id} onChange={(e) => setScriptId(e.target.value)}>
            {COMPARE_SCRIPTS.map((s) => (
              <option key={s.id} value={s.id}>
                {s.label}
              </option>
            ))}
          </select>
        </label>
        <p className="muted">Both labs run the same script: {scriptInWords(script, seed)}</p>
        <button type="submit" disabled={running}>
          {running ? 'Comparing…' : 'Compare'}
        </button>
      </form>
      {problem && <p className="popover-error">{problem}</p>}
      {result && <CostTable shown={result} />}
    </details>
  );
});

function CostTable({ shown }: { shown: Shown }) {
  const rows = COMPARED.map((c, i) => {
    const cost = shown.costs[i];
    return cost ? costRow(c.protocol, cost) : null;
  });
  const [paxos, raft] = shown.costs;
  return (
    <div className="duel-sweep-result beside-raft-result" data-testid="beside-raft-result">
      {paxos && raft && <p role="status">{readingOf(paxos, raft)}</p>}
      <p className="muted">Measured: {scriptInWords(shown.script, shown.seed)}</p>
      {/* Focusable: on a narrow screen the table scrolls inside, and a keyboard must reach it. */}
      <div className="duel-sweep-scroll" role="region" aria-label="Cost per decision" tabIndex={0}>
        <table>
          <caption>Multi-Paxos beside Raft</caption>
          <thead>
            <tr>
              <th scope="col">protocol</th>
              <th scope="col">decisions</th>
              <th scope="col">messages per decision</th>
              <th scope="col">median time to decide</th>
              <th scope="col">p95</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(
              (r) =>
                r && (
                  <tr key={r.protocol}>
                    <th scope="row">{r.protocol}</th>
                    <td>{r.decisions}</td>
                    <td>{r.messagesPerDecision}</td>
                    <td>{r.medianMs}</td>
                    <td>{r.p95Ms}</td>
                  </tr>
                ),
            )}
          </tbody>
        </table>
      </div>
      {/* Each figure comes from a run a person can watch: the same seed, load and faults. */}
      <p className="muted">
        Watch a measured run:{' '}
        {COMPARED.map((c, i) => {
          const cost = shown.costs[i];
          return (
            cost && (
              <span key={c.scenarioId}>
                {i > 0 && ' · '}
                <a href={compareLink(c.scenarioId, shown.seed, cost)}>
                  Open the {c.protocol} run in its lab
                </a>
              </span>
            )
          );
        })}
      </p>
    </div>
  );
}
