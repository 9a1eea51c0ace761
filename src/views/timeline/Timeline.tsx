/**
 * The Timeline scrubber: drag back to see the exact past state (restored from a checkpoint
 * and replayed), with markers for faults and new leaders. Acting in the past branches.
 */
import { memo, useEffect, useRef } from 'react';
import { seekTo } from '../../state/lab-controller';
import { useLab } from '../../state/lab-store';
import { useControlAllowed } from '../common/allow';

const fmt = (t: number) => `${t.toLocaleString('en-US', { maximumFractionDigits: 0 })} ms`;

export const Timeline = memo(function Timeline() {
  const time = useLab((s) => s.frame?.time ?? 0);
  const { horizon, markers, inPast } = useLab((s) => s.timeline);
  const ready = useLab((s) => s.status === 'ready');
  const canSeek = useControlAllowed('timeline');
  const max = Math.max(horizon, time, 1);
  const slider = useRef<HTMLInputElement>(null);
  // Listened to natively, on the element itself: React's value tracking may take a move for
  // no change (and restore the rendered value) before its own onChange would see it.
  useEffect(() => {
    const el = slider.current;
    if (!el) return;
    const onMove = () => void seekTo(Number(el.value));
    el.addEventListener('input', onMove);
    return () => el.removeEventListener('input', onMove);
  }, []);
  return (
    <div className="timeline">
      <div className="timeline-track">
        <ol className="timeline-markers" aria-label="Timeline markers">
          {markers.map((m) => (
            <li
              key={m.i}
              className={`timeline-marker marker-${m.kind}`}
              style={{ left: `${(m.t / max) * 100}%` }}
              title={`${fmt(m.t)}: ${m.text}`}
            >
              <button
                type="button"
                aria-label={`Go to ${fmt(m.t)}: ${m.text}`}
                disabled={!canSeek}
                onClick={() => void seekTo(m.t)}
              />
            </li>
          ))}
        </ol>
        <input
          ref={slider}
          type="range"
          aria-label="Timeline"
          aria-valuetext={`${fmt(time)} of ${fmt(max)}`}
          min={0}
          max={max}
          step="any"
          value={Math.min(time, max)}
          disabled={!ready || !canSeek}
          // The seek itself is the native listener's; React needs a handler on a controlled input.
          onChange={() => undefined}
        />
      </div>
      {inPast && (
        <p className="timeline-note" data-testid="timeline-past">
          Viewing the past. Play replays what happened next; acting now starts a new branch of
          history.
        </p>
      )}
    </div>
  );
});
