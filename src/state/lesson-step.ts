/**
 * A lesson step's lifecycle beside the live lab: begin it (its setup, speed, panels and
 * allow-list, or a resumed step rebuilt from saved progress), check its goals on every frame
 * against what happened since it began, and finish it when they hold (capture, pause, reveal).
 * The sandbox past the last step is checked the same way, against its challenges.
 */
import type { Frame } from '../engine/sim/frame';
import { StepWatch, type StepOrigin } from '../lessons/goal-context';
import {
  evaluateStep,
  freshStatus,
  goalHolds,
  shownText,
  type StepStatus,
} from '../lessons/runner';
import type { GoalContext, Step } from '../lessons/types';
import { NOTHING, type Capabilities } from './capabilities';
import {
  act,
  advance,
  currentSimulation,
  pause,
  play,
  recordedActions,
  setSpeed,
} from './lab-controller';
import { useLab } from './lab-store';
import { currentStep, inSandbox, live, save } from './lesson-live';
import { openLessonRun } from './lesson-run';
import { useLesson, type LessonState } from './lesson-store';

const set = useLesson.setState;

/** After a step's goals hold: watch, read, go on — but change nothing until the next step. */
export const READING: Capabilities = { controls: ['play', 'step', 'speed'], actions: [] };

/** The step's reveal and the chosen answer's feedback, in words, from the run as it is. */
function tell(step: Step, ctx: GoalContext): NonNullable<LessonState['told']> {
  const chosen = step.predict?.options.find((o) => o.id === useLesson.getState().answers[step.id]);
  return {
    reveal: shownText(step.reveal(ctx)),
    feedback: chosen ? shownText(chosen.feedback(ctx)) : [],
  };
}

/** Whether the learner-visible part of a step's status changed (progress gauges aside). */
const changed = (a: StepStatus, b: StepStatus) =>
  a.done !== b.done ||
  a.nearMisses.length !== b.nearMisses.length ||
  a.goals.some((g, i) => g !== b.goals[i]);

function context(frame: Frame): GoalContext | null {
  const selected = useLab.getState().selected;
  return live.run
    ? live.run.context(frame, live.vars, selected?.kind === 'node' ? selected.id : null)
    : null;
}

/** On every frame: check the step's goals (or the sandbox's challenges). */
export function onFrame(frame: Frame): void {
  if (live.replaying) return;
  const { lesson } = live;
  const ui = useLesson.getState();
  if (!lesson || ui.status !== 'ready') return;
  // A new action of the learner's is kept at once: a reload replays it.
  if (recordedActions().length !== live.savedActions) save();
  if (inSandbox()) {
    const ctx = context(frame);
    if (!ctx) return;
    const met = lesson.sandbox.challenges
      .filter((c) => !ui.challenges.includes(c.id) && goalHolds(c.goal.check(ctx)))
      .map((c) => c.id);
    if (met.length) {
      set({ challenges: [...ui.challenges, ...met] });
      save();
    }
    return;
  }
  const step = currentStep();
  if (!step || !ui.step || ui.step.done) return;
  if (step.predict && ui.answers[step.id] === undefined) return;
  const ctx = context(frame);
  if (!ctx) return;
  pointAt(step.highlight?.(ctx) ?? []);
  const status = evaluateStep(step, ctx, ui.step);
  if (status === ui.step) return;
  if (!status.done) {
    set({ step: status });
    if (changed(status, ui.step)) save();
    return;
  }
  finishStep(step, ctx, status);
}

/** The step's goals hold: remember what it captured, stop the run, tell what happened. */
function finishStep(step: Step, ctx: GoalContext, status: StepStatus): void {
  const ui = useLesson.getState();
  live.vars = { ...live.vars, ...(step.capture?.(ctx) ?? {}) };
  pointAt([]);
  pause();
  useLab.setState({ allow: READING });
  set({
    step: status,
    completed: ui.completed.includes(step.id) ? ui.completed : [...ui.completed, step.id],
    told: tell(step, ctx),
  });
  save();
}

/** Point at these nodes (a new array only when the set changed, so views re-render rarely). */
function pointAt(ids: readonly string[]): void {
  const current = useLab.getState().highlight;
  if (current.length === ids.length && ids.every((id) => current.includes(id))) return;
  useLab.setState({ highlight: [...ids] });
}

/** A step reopened from saved progress: where it began, and how its goals stood. */
export interface Resumed {
  readonly origin: StepOrigin;
  readonly status: StepStatus | null;
  /** The virtual time (ms) the learner had reached in the step. */
  readonly at: number;
  /** Whether the run was paused when saved. */
  readonly paused: boolean;
}

/**
 * Begin step `index` (the sandbox past the last step). A `resumed` step is not set up again
 * (its setup is in the rebuilt run); its watch starts at its saved origin, and the run then
 * replays the learner's actions in it up to `at`, the virtual time the learner had reached.
 */
export async function beginStep(index: number, resumed?: Resumed): Promise<void> {
  const { lesson } = live;
  if (!lesson) return;
  const step = lesson.steps[index];
  const fresh = step ? step.freshRun : lesson.sandbox.freshRun;
  if (fresh && !resumed) {
    // A new run from the scenario's first moment; a reload rebuilds this one (its actions).
    const myGeneration = live.generation;
    const status = useLesson.getState().status;
    // Frames of the new run are not checked (nor saved) against the old step meanwhile.
    set({ status: 'restoring' });
    useLab.setState({ allow: NOTHING });
    await openLessonRun(lesson, index, null);
    if (myGeneration !== live.generation || useLab.getState().status !== 'ready') return;
    set({ status });
  }
  const setup = step ? step.setup : lesson.sandbox.setup;
  if (setup?.length && !resumed) {
    useLab.setState({ allow: null });
    for (const action of setup) await act(action);
  }
  const speed = step ? step.speed : lesson.sandbox.speed;
  if (speed !== undefined) setSpeed(speed);
  const frame = useLab.getState().frame;
  const sim = currentSimulation();
  if (!frame || !sim) return;
  live.run = new StepWatch(sim, frame, resumed?.origin);
  set({ stepIndex: index, step: step ? freshStatus(step) : null, hintsShown: 0, told: null });
  useLab.setState({ panels: step?.panels ?? null });
  if (resumed && resumed.at > frame.time) {
    const myGeneration = live.generation;
    await advance(resumed.at - frame.time);
    if (myGeneration !== live.generation) return;
  }
  if (resumed && step && (await resumeStatus(step, resumed.status))) return;
  // A run saved paused comes back paused (the learner had stopped to look, or to choose).
  const go = resumed?.paused ? pause : play;
  if (!step) {
    useLab.setState({ allow: null });
    go();
  } else if (step.predict && useLesson.getState().answers[step.id] === undefined) {
    // Predict first: the run waits, untouchable, until the learner commits to an answer.
    pause();
    useLab.setState({ allow: NOTHING });
  } else {
    useLab.setState({ allow: step.allow });
    go();
  }
  save();
}

/**
 * A resumed step's goals: those saved stay ticked, and the rebuilt run is checked once more.
 * True when the step is done (the reveal is shown and the run stays paused).
 */
async function resumeStatus(step: Step, saved: StepStatus | null): Promise<boolean> {
  const frame = useLab.getState().frame;
  const ctx = frame ? context(frame) : null;
  if (!ctx) return false;
  const before = saved && saved.goals.length === step.goals.length ? saved : freshStatus(step);
  const answered = !step.predict || useLesson.getState().answers[step.id] !== undefined;
  const status = answered ? evaluateStep(step, ctx, { ...before, done: false }) : before;
  const doneAt = before.done ? before.doneAt : status.doneAt;
  if (!status.done) {
    set({ step: status });
    return false;
  }
  finishStep(step, ctx, { ...status, doneAt });
  return true;
}
