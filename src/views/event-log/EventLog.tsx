import { memo } from 'react';
import { useLab } from '../../state/lab-store';
import { narrate } from '../../state/narration';

function formatTime(t: number): string {
  return `${t.toFixed(1)} ms`;
}

/** The narrated events: faults, protocol milestones, losses. A polite live region. */
export const EventLog = memo(function EventLog() {
  const narration = useLab((s) => s.narration);
  const latest = useLab((s) => s.frame?.events.at(-1));
  return (
    <section className="panel event-log-panel" aria-labelledby="event-log-title">
      <h2 id="event-log-title">Events</h2>
      <p className="last-event" data-testid="last-event">
        {latest ? `${formatTime(latest.t)} — ${narrate(latest)}` : 'Nothing has happened yet.'}
      </p>
      {/* The live region scrolls, so it can take focus (keyboard users scroll it too); the
          list inside keeps its list semantics, which role="log" on the list would erase. */}
      <div
        className="event-log"
        data-testid="event-log"
        role="log"
        aria-live="polite"
        aria-label="Event log"
        tabIndex={0}
      >
        <ol>
          {narration.map((e) => (
            // `event-kind-…`, not `event-…`: a protocol's own log entries (kind "log") were
            // styled as the list's container `.event-log`, their time below their words.
            <li key={e.i} className={`event event-kind-${e.k}`}>
              <span className="event-time">{formatTime(e.t)}</span> {narrate(e)}
            </li>
          ))}
        </ol>
      </div>
    </section>
  );
});
