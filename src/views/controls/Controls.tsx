/** Play, Pause, Step back, Step, Reset, Speed, Seed, and the network-wide actions: all from the registry. */
import { memo, useEffect, useId, useState } from 'react';
import { BUILTIN_ACTIONS } from '../../engine/actions';
import { readSeed } from '../../engine/share/seed';
import { groupedNumber } from '../../engine/words';
import { explain, perform } from '../../state/commands';
import { useLab } from '../../state/lab-store';
import { ActionButton } from '../actions/ActionButton';
import { RUN, useRunReason } from '../actions/use-actions';
import { CommandButtons } from '../actions/KeyboardCommands';

/** The Speed slider is logarithmic: 0 → 0.02×, 100 → 20× virtual time per wall time. */
const MIN_SPEED = 0.02;
const MAX_SPEED = 20;
const toSlider = (speed: number) =>
  Math.round((Math.log(speed / MIN_SPEED) / Math.log(MAX_SPEED / MIN_SPEED)) * 100);
const fromSlider = (v: number) => MIN_SPEED * Math.pow(MAX_SPEED / MIN_SPEED, v / 100);

function formatSpeed(speed: number): string {
  // An achieved speed can be next to nothing on a swamped machine: not "0.00×".
  if (speed < 0.01) return 'under 0.01×';
  return speed >= 1 ? `${speed.toFixed(speed >= 10 ? 0 : 1)}×` : `${speed.toFixed(2)}×`;
}

const { play, step, speed: speedAction, reset, seed: seedAction, heal } = BUILTIN_ACTIONS;
const hold = BUILTIN_ACTIONS['hold-messages'];
const stepBack = BUILTIN_ACTIONS['step-back'];

export const Controls = memo(function Controls() {
  const playing = useLab((s) => s.playing);
  const speed = useLab((s) => s.speed);
  const achieved = useLab((s) => (s.playing ? s.achievedSpeed : null));
  const seed = useLab((s) => s.seed);
  const holdMessages = useLab((s) => s.frame?.holdMessages ?? false);
  const isLesson = useLab((s) => s.mode === 'lesson');
  const speedReason = useRunReason(speedAction);
  const playReason = useRunReason(play);
  const stepReason = useRunReason(step);
  const stepBackReason = useRunReason(stepBack);
  const resetReason = useRunReason(reset);
  const healReason = useRunReason(heal);
  const holdReason = useRunReason(hold);
  const speedWhy = useId();
  const [seedText, setSeedText] = useState(String(seed));
  useEffect(() => setSeedText(String(seed)), [seed]);

  const applySeed = () => {
    const read = readSeed(seedText);
    if (!read.ok) {
      explain(`${read.error.charAt(0).toUpperCase()}${read.error.slice(1)}.`);
      setSeedText(String(seed));
      return;
    }
    void perform(seedAction, RUN, { seed: read.seed }, 'toolbar');
  };

  return (
    <div className="controls" role="toolbar" aria-label="Simulation controls">
      <ActionButton
        def={play}
        target={RUN}
        reason={playReason}
        label={playing ? 'Pause' : 'Play'}
        source="toolbar"
      />
      <ActionButton def={stepBack} target={RUN} reason={stepBackReason} source="toolbar" />
      <ActionButton def={step} target={RUN} reason={stepReason} source="toolbar" />
      {!isLesson && <ActionButton def={reset} target={RUN} reason={resetReason} source="toolbar" />}
      <label className="control-speed">
        <span>Speed</span>
        <input
          type="range"
          min={0}
          max={100}
          value={toSlider(speed)}
          aria-label="Speed"
          aria-valuetext={
            achieved === null
              ? formatSpeed(speed)
              : `${formatSpeed(speed)}, running at ${formatSpeed(achieved)}`
          }
          disabled={speedReason !== null}
          aria-describedby={speedReason === null ? undefined : speedWhy}
          onChange={(e) =>
            void perform(speedAction, RUN, { speed: fromSlider(Number(e.target.value)) }, 'toolbar')
          }
        />
        <output>{formatSpeed(speed)}</output>
        {achieved !== null && (
          // What the run really manages, when the machine cannot keep up (measured by the
          // run loop over the last second of playing).
          <span
            className="speed-achieved"
            data-testid="speed-achieved"
            title={`This computer cannot run the simulation at ${formatSpeed(speed)}; it manages about ${formatSpeed(achieved)}.`}
          >
            running at {formatSpeed(achieved)}
          </span>
        )}
        {speedReason !== null && (
          <span id={speedWhy} hidden>
            {speedReason}
          </span>
        )}
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
      <ActionButton def={heal} target={RUN} reason={healReason} source="toolbar" />
      <ActionButton
        def={hold}
        target={RUN}
        reason={holdReason}
        pressed={holdMessages}
        source="toolbar"
      />
      <CommandButtons />
    </div>
  );
});

export const VirtualTime = memo(function VirtualTime() {
  const time = useLab((s) => s.frame?.time ?? 0);
  return (
    <div className="virtual-time">
      <span className="virtual-time-label">virtual time</span>{' '}
      <span data-testid="virtual-time">{groupedNumber(time, 1)} ms</span>
    </div>
  );
});
