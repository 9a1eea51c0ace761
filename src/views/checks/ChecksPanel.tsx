/**
 * The protocol's invariants, watched after every event: green while they hold. A node's view
 * may list checks its configuration does not promise (`notPromised`: check id → why, as the
 * store's clients do per replication mode); a violation of one of those is shown as expected
 * for this mode, with the sentence why, not as a failure.
 */
import { memo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { Frame } from '../../engine/sim/frame';
import { useLab } from '../../state/lab-store';
import { seekTo } from '../../state/lab-controller';

/** What the nodes' views say is not promised here: check id → why (the first node that says). */
function notPromisedIn(frame: Frame | null): Readonly<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const n of frame?.nodes ?? []) {
    const listed = (n.view as { notPromised?: unknown } | null)?.notPromised;
    if (typeof listed !== 'object' || listed === null) continue;
    for (const [id, why] of Object.entries(listed))
      if (typeof why === 'string' && !(id in out)) out[id] = why;
  }
  return out;
}

export const ChecksPanel = memo(function ChecksPanel() {
  const checks = useLab((s) => s.frame?.checks);
  // Compared entry by entry: the frame's views are new objects every frame.
  const notPromised = useLab(useShallow((s) => notPromisedIn(s.frame ?? null)));
  const described = useLab((s) => s.violationEvents);
  if (!checks || checks.length === 0) return null;
  return (
    <section className="panel checks" aria-labelledby="checks-title" data-testid="checks">
      <h2 id="checks-title">Invariants</h2>
      <ul>
        {checks.map((c) => {
          const why = notPromised[c.id];
          const isExpected = c.violation !== null && c.violation !== undefined && why !== undefined;
          return (
            <li
              key={c.id}
              className={
                c.violation
                  ? isExpected
                    ? 'check-broken check-expected'
                    : 'check-broken'
                  : 'check-ok'
              }
              data-check={c.id}
              data-holds={!c.violation}
              data-expected={isExpected ? 'true' : 'false'}
            >
              <span aria-hidden="true">{c.violation ? (isExpected ? '!' : '✗') : '✓'}</span>{' '}
              <strong>{c.title}</strong>{' '}
              {c.violation ? (
                <>
                  <span className="check-verdict">
                    violated at {c.violation.time.toFixed(1)} ms
                    {isExpected ? ', as expected for this mode' : ''}:
                  </span>{' '}
                  {c.violation.message}{' '}
                  <button
                    type="button"
                    className="link-button"
                    onClick={() => void seekTo(c.violation?.time ?? 0)}
                  >
                    Go there
                  </button>
                  <ol className="check-events" aria-label="Events that break it">
                    {c.violation.events.map((i, k) => (
                      <li key={i}>{described[c.id]?.[k] ?? `event #${i}`}</li>
                    ))}
                  </ol>
                  {isExpected && <div className="check-why">Not promised here: {why}</div>}
                </>
              ) : (
                <span className="check-verdict">holds</span>
              )}
              <div className="check-description">{c.description}</div>
            </li>
          );
        })}
      </ul>
    </section>
  );
});
