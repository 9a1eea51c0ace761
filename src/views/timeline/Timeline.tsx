/**
 * The Timeline scrubber: drag back to see the exact past state (restored from a checkpoint
 * and replayed), with markers for faults and new leaders. Acting in the past branches.
 * Each marker says what it marks (its tooltip and accessible name); a legend names the
 * colours of the kinds on the track.
 */
import { memo, useEffect, useMemo, useRef } from 'react';
import type { Marker } from '../../engine/sim/markers';
import { groupedNumber } from '../../engine/words';
import { seekTo } from '../../state/lab-controller';
import { useLab, type OptionalPanel } from '../../state/lab-store';
import { useControlAllowed } from '../common/allow';

const fmt = (t: number) => `${groupedNumber(t)} ms`;

/** Each kind of marker in words, in the legend's order. */
export const MARKER_KINDS: Readonly<Record<Marker['kind'], string>> = {
  fault: 'fault',
  network: 'network change',
  leader: 'new leader',
  commit: 'commit',
  learned: 'value learned',
  violation: 'invariant broken',
  milestone: 'milestone',
  chosen: 'value chosen',
};

const KIND_ORDER = Object.keys(MARKER_KINDS) as Marker['kind'][];

export const Timeline = memo(function Timeline() {
  const time = useLab((s) => s.frame?.time ?? 0);
  const { horizon, markers: all, inPast, replaying } = useLab((s) => s.timeline);
  const panels = useLab((s) => s.panels);
  // A lesson may hide a checker's moment (the chosen value) until it reveals it.
  const markers = useMemo(
    () =>
      panels === null
        ? all
        : all.filter((m) => !m.revealedBy || panels.includes(m.revealedBy as OptionalPanel)),
    [all, panels],
  );
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
          {markers.map((m) => {
            const said = `${fmt(m.t)}, ${MARKER_KINDS[m.kind]}: ${m.text}`;
            return (
              <li
                key={m.i}
                className={`timeline-marker marker-${m.kind}`}
                style={{ left: `${(m.t / max) * 100}%` }}
              >
                <button
                  type="button"
                  title={said}
                  aria-label={`Go to ${said}`}
                  disabled={!canSeek}
                  onClick={() => void seekTo(m.t)}
                />
              </li>
            );
          })}
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
      <MarkerLegend kinds={new Set(markers.map((m) => m.kind))} />
      {inPast && (
        <p className="timeline-note" data-testid="timeline-past">
          Viewing the past. Play replays what happened next; acting now starts a new branch of
          history.
        </p>
      )}
      {replaying && (
        <p className="timeline-note" data-testid="timeline-replaying">
          {`Replaying the shared run: ${replaying.ahead === 1 ? '1 recorded action' : `${replaying.ahead} recorded actions`} still to come, the last at ${fmt(replaying.lastAt)}; from there on the run is yours. Acting before then ends the replay there.`}
        </p>
      )}
    </div>
  );
});

/**
 * Kinds any lab can put on the track (the learner's own faults and network changes); the
 * others (new leader, commit, …) only some protocols produce, so they are named once seen.
 */
const ALWAYS_POSSIBLE: ReadonlySet<Marker['kind']> = new Set(['fault', 'network']);

/** The colours of the markers in words: faults and network changes, and the kinds on the track. */
function MarkerLegend({ kinds }: { kinds: ReadonlySet<Marker['kind']> }) {
  const shown = KIND_ORDER.filter((k) => ALWAYS_POSSIBLE.has(k) || kinds.has(k));
  return (
    <ul className="timeline-legend" aria-label="Timeline marker key" data-testid="timeline-legend">
      {shown.map((k) => (
        <li key={k}>
          <span className={`timeline-swatch marker-${k}`} aria-hidden="true" />
          {MARKER_KINDS[k]}
        </li>
      ))}
    </ul>
  );
}
