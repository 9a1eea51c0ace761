/** The protocol's invariants, watched after every event: green while they hold. */
import { memo } from 'react';
import { useLab } from '../../state/lab-store';
import { seekTo } from '../../state/lab-controller';

export const ChecksPanel = memo(function ChecksPanel() {
  const checks = useLab((s) => s.frame?.checks);
  const described = useLab((s) => s.violationEvents);
  if (!checks || checks.length === 0) return null;
  return (
    <section className="panel checks" aria-labelledby="checks-title" data-testid="checks">
      <h2 id="checks-title">Invariants</h2>
      <ul>
        {checks.map((c) => (
          <li
            key={c.id}
            className={c.violation ? 'check-broken' : 'check-ok'}
            data-check={c.id}
            data-holds={!c.violation}
          >
            <span aria-hidden="true">{c.violation ? '✗' : '✓'}</span> <strong>{c.title}</strong>{' '}
            {c.violation ? (
              <>
                <span className="check-verdict">violated at {c.violation.time.toFixed(1)} ms:</span>{' '}
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
              </>
            ) : (
              <span className="check-verdict">holds</span>
            )}
            <div className="check-description">{c.description}</div>
          </li>
        ))}
      </ul>
    </section>
  );
});
