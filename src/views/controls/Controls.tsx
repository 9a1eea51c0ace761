/** Play, Pause, Step, Reset, Speed, Seed, and the network-wide actions. */
import { memo, useEffect, useState } from 'react';
import { labHash } from '../../app/router';
import { scenarioEntry } from '../../engine/scenarios';
import { settingsToQuery } from '../../engine/scenarios/settings';
import { act, pause, play, reset, setSpeed, step } from '../../state/lab-controller';
import { useLab } from '../../state/lab-store';
import { useAllow, useControlAllowed } from '../common/allow';

/** The Speed slider is logarithmic: 0 → 0.02×, 100 → 20× virtual time per wall time. */
const MIN_SPEED = 0.02;
const MAX_SPEED = 20;
const toSlider = (speed: number) =>
  Math.round((Math.log(speed / MIN_SPEED) / Math.log(MAX_SPEED / MIN_SPEED)) * 100);
const fromSlider = (v: number) => MIN_SPEED * Math.pow(MAX_SPEED / MIN_SPEED, v / 100);

function formatSpeed(speed: number): string {
  return speed >= 1 ? `${speed.toFixed(speed >= 10 ? 0 : 1)}×` : `${speed.toFixed(2)}×`;
}

export const Controls = memo(function Controls() {
  const playing = useLab((s) => s.playing);
  const speed = useLab((s) => s.speed);
  const seed = useLab((s) => s.seed);
  const ready = useLab((s) => s.status === 'ready');
  const holdMessages = useLab((s) => s.frame?.holdMessages ?? false);
  const hasCuts = useLab((s) => (s.frame?.cut.length ?? 0) > 0);
  const isLesson = useLab((s) => s.mode === 'lesson');
  const canPlay = useControlAllowed('play');
  const canStep = useControlAllowed('step');
  const canSpeed = useControlAllowed('speed');
  const can = useAllow();
  const [seedText, setSeedText] = useState(String(seed));
  useEffect(() => setSeedText(String(seed)), [seed]);

  const applySeed = () => {
    const { scenarioId, nodeCount, settings } = useLab.getState();
    const specs = scenarioEntry(scenarioId)?.settings ?? [];
    if (!/^-?\d{1,10}$/.test(seedText.trim())) {
      useLab.setState({ notice: `A seed is a whole number; "${seedText.slice(0, 20)}" is not.` });
      setSeedText(String(seed));
      return;
    }
    const next = Number(seedText.trim());
    if (next === seed) return;
    // The URL is the source of truth: the lab restarts when the hash changes.
    window.location.hash = labHash(
      scenarioId,
      next,
      nodeCount,
      null,
      settingsToQuery(specs, settings),
    );
  };

  return (
    <div className="controls" role="toolbar" aria-label="Simulation controls">
      {playing ? (
        <button type="button" onClick={pause} disabled={!ready || !canPlay}>
          Pause
        </button>
      ) : (
        <button type="button" onClick={play} disabled={!ready || !canPlay}>
          Play
        </button>
      )}
      <button type="button" onClick={() => void step()} disabled={!ready || !canStep}>
        Step
      </button>
      {!isLesson && (
        <button type="button" onClick={() => void reset()} disabled={!ready}>
          Reset
        </button>
      )}
      <label className="control-speed">
        <span>Speed</span>
        <input
          type="range"
          min={0}
          max={100}
          value={toSlider(speed)}
          aria-label="Speed"
          aria-valuetext={formatSpeed(speed)}
          disabled={!canSpeed}
          onChange={(e) => setSpeed(fromSlider(Number(e.target.value)))}
        />
        <output>{formatSpeed(speed)}</output>
      </label>
      {!isLesson && (
        <label className="control-seed">
          <span>Seed</span>
          <input
            type="text"
            inputMode="numeric"
            aria-label="Seed"
            value={seedText}
            size={8}
            onChange={(e) => setSeedText(e.target.value)}
            onBlur={applySeed}
            onKeyDown={(e) => {
              if (e.key === 'Enter') applySeed();
            }}
          />
        </label>
      )}
      <button
        type="button"
        onClick={() => void act({ type: 'heal' })}
        disabled={!ready || !hasCuts || !can('heal')}
      >
        Heal network
      </button>
      <button
        type="button"
        aria-pressed={holdMessages}
        onClick={() => void act({ type: 'hold-messages', on: !holdMessages })}
        disabled={!ready || !can('hold-messages')}
        title="Arriving messages wait until you deliver them by hand"
      >
        Hold messages
      </button>
    </div>
  );
});

export const VirtualTime = memo(function VirtualTime() {
  const time = useLab((s) => s.frame?.time ?? 0);
  return (
    <div className="virtual-time">
      <span className="virtual-time-label">virtual time</span>{' '}
      <span data-testid="virtual-time">
        {time.toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 })} ms
      </span>
    </div>
  );
});
