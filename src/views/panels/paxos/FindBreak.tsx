/**
 * "The lab links to it" (issue 14): while the single-decree lab's settings are unsafe —
 * quorums with Q1 + Q2 ≤ N, or a broken variant — a learner's own runs rarely break
 * anything, so this panel says why the settings are unsafe and searches the package's own
 * randomized runs (seeds 1–300, in a worker) for one that chooses two values, then links to
 * it. Hidden in lessons: finding such a run is a lesson's challenge.
 */
import { memo, useEffect, useRef, useState } from 'react';
import type { FindBreakResult } from '../../../engine/protocols/paxos/find-break/find-break';
import { unsafeReasons } from '../../../engine/protocols/paxos/find-break/unsafe';
import { scenarioEntry } from '../../../engine/scenarios';
import { settingsToQuery } from '../../../engine/scenarios/settings';
import { useLab } from '../../../state/lab-store';
import { startFindBreak } from './run-find-break';
import './paxos.css';

const SEEDS = 300;

/** The search for the settings spelled `key`: under way, finished, or failed to run. */
type Search =
  | { readonly key: string; readonly phase: 'running'; readonly tried: number }
  | { readonly key: string; readonly phase: 'done'; readonly result: FindBreakResult }
  | { readonly key: string; readonly phase: 'error'; readonly message: string };

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

export const FindBreak = memo(function FindBreak() {
  const scenarioId = useLab((s) => (s.mode === 'lab' ? s.scenarioId : ''));
  const values = useLab((s) => s.settings);
  const nodes = useLab((s) => s.frame?.nodes.filter((n) => n.protocol === 'paxos').length ?? 0);
  const [search, setSearch] = useState<Search | null>(null);
  const cancel = useRef<(() => void) | null>(null);
  const isPaxos = scenarioId === 'paxos';
  const settings = settingsToQuery(scenarioEntry(scenarioId)?.settings ?? [], values);
  // The settings the search ran on, as the link spells them: another run's result is stale.
  const key = `${nodes}?${new URLSearchParams(settings).toString()}`;

  // Stop a search whose settings the learner has since changed, or on leaving the lab.
  useEffect(
    () => () => {
      cancel.current?.();
      cancel.current = null;
    },
    [key],
  );

  const reasons = isPaxos && nodes > 0 ? unsafeReasons(values, nodes) : [];
  if (reasons.length === 0) return null;
  const current = search?.key === key ? search : null;

  const find = () => {
    cancel.current?.();
    setSearch({ key, phase: 'running', tried: 0 });
    const job = startFindBreak({ nodes, settings, seeds: SEEDS }, (tried) =>
      setSearch((s) => (s?.key === key && s.phase === 'running' ? { ...s, tried } : s)),
    );
    cancel.current = job.cancel;
    job.done
      .then((result) => setSearch({ key, phase: 'done', result }))
      .catch((err: unknown) =>
        setSearch({
          key,
          phase: 'error',
          message: err instanceof Error ? err.message : String(err),
        }),
      )
      .finally(() => {
        if (cancel.current === job.cancel) cancel.current = null;
      });
  };

  return (
    <section
      className="panel find-break"
      aria-labelledby="find-break-title"
      data-testid="find-break"
    >
      <h2 id="find-break-title">Unsafe settings</h2>
      <p>These settings are unsafe: {reasons.join('; and ')}.</p>
      {current?.phase !== 'done' && (
        <button type="button" onClick={find} disabled={current?.phase === 'running'}>
          Find a run that chooses two values
        </button>
      )}
      <div role="status" className="find-break-status">
        {current?.phase === 'running' &&
          (current.tried === 0
            ? `Trying seeds 1 to ${SEEDS}…`
            : `Tried ${plural(current.tried, 'seed')}…`)}
        {current?.phase === 'done' && <Outcome result={current.result} />}
      </div>
      {current?.phase === 'error' && (
        <p className="popover-error">The search could not run: {current.message}</p>
      )}
    </section>
  );
});

function Outcome({ result }: { result: FindBreakResult }) {
  const found = result.found;
  if (!found)
    return (
      <p>
        None of seeds 1 to {SEEDS} chose two values under crashes, partitions, loss and reordering.
        That does not make these settings safe: the break needs a rarer schedule. Try two or three
        proposers started together, or hold messages and deliver them by hand.
      </p>
    );
  const at = found.atMs === null ? '' : ` at ${Math.round(found.atMs).toLocaleString('en')} ms`;
  return (
    <>
      <p>
        Seed {found.seed} breaks <strong>{found.check}</strong>
        {at} (after trying {plural(result.tried, 'seed')}): {found.message}.
      </p>
      <p>
        <a href={found.link}>Open that run</a>{' '}
        <span className="muted">
          — the same seed and faults from the start; play it to the end and {found.check} turns red
          under Invariants.
        </span>
      </p>
    </>
  );
}
