/**
 * The lesson player: runs a lesson's steps beside the live lab. It opens the lesson's
 * scenario in the lab, sets what the learner may do (the step's allow-list, or nothing while
 * a prediction waits for its answer), checks the step's goals on every frame against what
 * happened since the step began, pauses when they hold, and keeps progress in the browser —
 * the learner's actions inside the step too, so a reload rebuilds the step as they left it.
 */
import type { Json } from '../engine/protocol';
import { scenarioEntry } from '../engine/scenarios';
import { encodeActions } from '../engine/share/run-link';
import type { Frame } from '../engine/sim/frame';
import { loadLesson } from '../lessons/catalogue';
import { StepWatch, type StepOrigin } from '../lessons/goal-context';
import {
  evaluateStep,
  freshStatus,
  goalHolds,
  keyMomentFrom,
  runSettingsAt,
  shownText,
  type StepStatus,
} from '../lessons/runner';
import type { GoalContext, Lesson, Step } from '../lessons/types';
import { ALL_CONTROLS, NOTHING, type Capabilities } from './capabilities';
import {
  act,
  advance,
  currentSimulation,
  openLab,
  pause,
  play,
  recordedActions,
  replayMoment,
  restartFrom,
  setSpeed,
} from './lab-controller';
import { useLab } from './lab-store';
import {
  emptyProgress,
  forgetProgress,
  loadProgress,
  saveProgress,
  type LessonProgress,
} from './lesson-progress';
import { useLesson } from './lesson-store';

const set = useLesson.setState;

/** After a step's goals hold: watch, read, go on — but change nothing until the next step. */
const READING: Capabilities = { controls: ['play', 'step', 'speed'], actions: [] };

/** The replay of the key moment plays at most this fast (virtual ms per wall ms). */
const REPLAY_SPEED = 0.1;

let lesson: Lesson | null = null;
/** The current step (or the sandbox), watched since it began. */
let run: StepWatch | null = null;
let vars: Record<string, Json> = {};
let unsubscribe: (() => void) | null = null;
let generation = 0;
/** Goals are not checked while the key moment replays: the step is already done. */
let replaying = false;
/** How many recorded actions the saved progress holds: a new one is saved at once. */
let savedActions = 0;

const currentStep = (): Step | undefined => lesson?.steps[useLesson.getState().stepIndex];
const inSandbox = () => lesson !== null && useLesson.getState().stepIndex >= lesson.steps.length;

function progressNow(): LessonProgress {
  const s = useLesson.getState();
  const actions = recordedActions();
  savedActions = actions.length;
  return {
    ...emptyProgress(),
    step: s.stepIndex,
    completed: [...s.completed],
    answers: { ...s.answers },
    vars,
    skipped: s.skipped,
    challenges: [...s.challenges],
    // Every action, the step's own included: a reload replays them, so the step is rebuilt.
    run: encodeActions(actions),
    stepStart: run?.start.time ?? 0,
    stepActions: run?.actionsBefore ?? 0,
    stepTrace: run?.firstEntry ?? 0,
    at: currentSimulation()?.time ?? 0,
    paused: !useLab.getState().playing,
    ...(s.step
      ? {
          status: {
            goals: [...s.step.goals],
            done: s.step.done,
            doneAt: s.step.doneAt,
            nearMisses: [...s.step.nearMisses],
          },
        }
      : {}),
  };
}

function save(): void {
  if (lesson) saveProgress(lesson.id, progressNow());
}

/** The step's reveal and the chosen answer's feedback, in words, from the run as it is. */
function tell(step: Step, ctx: GoalContext): LessonStateTold {
  const chosen = step.predict?.options.find((o) => o.id === useLesson.getState().answers[step.id]);
  return {
    reveal: shownText(step.reveal(ctx)),
    feedback: chosen ? shownText(chosen.feedback(ctx)) : [],
  };
}

type LessonStateTold = NonNullable<ReturnType<typeof useLesson.getState>['told']>;

/** Whether the learner-visible part of a step's status changed (progress gauges aside). */
const changed = (a: StepStatus, b: StepStatus) =>
  a.done !== b.done ||
  a.nearMisses.length !== b.nearMisses.length ||
  a.goals.some((g, i) => g !== b.goals[i]);

function context(frame: Frame): GoalContext | null {
  return run ? run.context(frame, vars) : null;
}

/** On every frame: check the step's goals (or the sandbox's challenges). */
function onFrame(frame: Frame): void {
  if (replaying) return;
  const ui = useLesson.getState();
  if (!lesson || ui.status !== 'ready') return;
  // A new action of the learner's is kept at once: a reload replays it.
  if (recordedActions().length !== savedActions) save();
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
  vars = { ...vars, ...(step.capture?.(ctx) ?? {}) };
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
interface Resumed {
  readonly origin: StepOrigin;
  readonly status: StepStatus | null;
}

/**
 * Begin step `index` (the sandbox past the last step). A `resumed` step is not set up again
 * (its setup is in the rebuilt run); its watch starts at its saved origin, and the run then
 * replays the learner's actions in it up to `at`, the virtual time the learner had reached.
 */
async function beginStep(
  index: number,
  resumed?: Resumed & { readonly at: number; readonly paused: boolean },
): Promise<void> {
  if (!lesson) return;
  const step = lesson.steps[index];
  const fresh = step ? step.freshRun : lesson.sandbox.freshRun;
  if (fresh && !resumed) {
    // A new run from the scenario's first moment; a reload rebuilds this one (its actions).
    const myGeneration = generation;
    const status = useLesson.getState().status;
    // Frames of the new run are not checked (nor saved) against the old step meanwhile.
    set({ status: 'restoring' });
    useLab.setState({ allow: NOTHING });
    await openLessonRun(lesson, index, null);
    if (myGeneration !== generation || useLab.getState().status !== 'ready') return;
    set({ status });
  }
  if (step?.setup?.length && !resumed) {
    useLab.setState({ allow: null });
    for (const action of step.setup) await act(action);
  }
  if (step?.speed !== undefined) setSpeed(step.speed);
  const frame = useLab.getState().frame;
  const sim = currentSimulation();
  if (!frame || !sim) return;
  run = new StepWatch(sim, frame, resumed?.origin);
  set({ stepIndex: index, step: step ? freshStatus(step) : null, hintsShown: 0, told: null });
  useLab.setState({ panels: step?.panels ?? null });
  if (resumed && resumed.at > frame.time) {
    const myGeneration = generation;
    await advance(resumed.at - frame.time);
    if (myGeneration !== generation) return;
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

/**
 * Open the lab on the lesson's scenario with the settings in use at step `index` (a step or
 * sandbox that began a new run may lay its own over the lesson's), replaying `run`.
 */
async function openLessonRun(l: Lesson, index: number, run: string | null): Promise<void> {
  const sc = l.scenario;
  await openLab({
    scenarioId: sc.scenarioId,
    seed: sc.seed,
    nodes: sc.nodes ?? null,
    run,
    // What the lab does by default to look alive (a workload) is the lesson's to choose.
    settings: { ...scenarioEntry(sc.scenarioId)?.lessonSettings, ...runSettingsAt(l, index) },
  });
  if (useLab.getState().status !== 'ready') return;
  useLab.setState({ mode: 'lesson', allow: NOTHING });
  setSpeed(sc.speed ?? useLab.getState().speed);
}

/** Open a lesson at the learner's saved step, rebuilding the run they left. */
export async function openLesson(id: string): Promise<void> {
  const myGeneration = ++generation;
  closeLesson();
  set({ status: 'loading', error: null, lesson: null, step: null, replaying: false });
  const { all, problem } = loadProgress();
  let loaded: Lesson;
  try {
    loaded = await loadLesson(id);
  } catch (err) {
    set({ status: 'error', error: err instanceof Error ? err.message : String(err) });
    return;
  }
  if (myGeneration !== generation) return;
  lesson = loaded;
  const kept = all[id];
  const saved = kept ?? emptyProgress();
  vars = { ...(saved.vars as Record<string, Json>) };
  const stepIndex = Math.min(saved.step, loaded.steps.length);
  set({
    lesson: loaded,
    notice: problem,
    stepIndex,
    answers: saved.answers,
    completed: saved.completed,
    skipped: saved.skipped,
    challenges: saved.challenges,
    hintsShown: 0,
  });
  useLab.setState({ mode: 'lesson', allow: NOTHING });
  await openLessonRun(loaded, stepIndex, saved.run || null);
  if (myGeneration !== generation || useLab.getState().status !== 'ready') return;
  // Goals are not checked while the run is rebuilt: the resumed step checks them once at the end.
  set({ status: 'restoring' });
  await advance(saved.stepStart);
  if (myGeneration !== generation) return;
  savedActions = recordedActions().length;
  const stopFrames = useLab.subscribe((state, previous) => {
    if (state.frame && state.frame !== previous.frame) onFrame(state.frame);
    // Paused (by the learner, or to choose from a menu): kept at once, where it stands.
    if (!state.playing && previous.playing && useLesson.getState().status === 'ready') save();
  });
  // Leaving or reloading the page keeps the run where it is (its time and whether it played).
  const onPageHide = () => {
    if (useLesson.getState().status === 'ready') save();
  };
  window.addEventListener('pagehide', onPageHide);
  unsubscribe = () => {
    stopFrames();
    window.removeEventListener('pagehide', onPageHide);
  };
  // A lesson never opened begins afresh. Saved progress resumes its step, which is not set up
  // a second time (its setup is in the run); progress saved before in-step actions were kept
  // holds only the actions before the step, so that step resumes at its start.
  await beginStep(
    stepIndex,
    kept && {
      origin: {
        actionsBefore: kept.stepActions ?? recordedActions().length,
        firstEntry: kept.stepTrace ?? currentSimulation()?.recorder.length ?? 0,
      },
      status: kept.status ? { ...kept.status, progress: kept.status.goals.map(() => null) } : null,
      at: kept.at ?? kept.stepStart,
      paused: kept.paused === true,
    },
  );
  if (myGeneration === generation && lesson === loaded) set({ status: 'ready' });
}

export function closeLesson(): void {
  unsubscribe?.();
  unsubscribe = null;
  lesson = null;
  run = null;
  replaying = false;
  set({ status: 'idle', lesson: null, step: null, replaying: false, told: null });
  useLab.setState({ highlight: [] });
}

/** The learner commits to a prediction: the step opens. */
export function answer(optionId: string): void {
  const step = currentStep();
  if (!step?.predict || useLesson.getState().answers[step.id] !== undefined) return;
  set({ answers: { ...useLesson.getState().answers, [step.id]: optionId } });
  useLab.setState({ allow: step.allow });
  play();
  save();
}

/** Dismiss the lesson's notice (e.g. progress that could not be read). */
export function dismissLessonNotice(): void {
  set({ notice: null });
}

export function showHint(): void {
  const step = currentStep();
  const shown = useLesson.getState().hintsShown;
  if (step && shown < step.hints.length) set({ hintsShown: shown + 1 });
}

export async function nextStep(): Promise<void> {
  const ui = useLesson.getState();
  if (!lesson || !ui.step?.done) return;
  await beginStep(ui.stepIndex + 1);
}

/** Go back to where the current step began; the attempts since are forgotten. */
export async function restartStep(): Promise<void> {
  if (!lesson || !run) return;
  const index = useLesson.getState().stepIndex;
  await restartFrom(run.start.time);
  await beginStep(index);
}

/** Play the moments before the step's goals held again, slowly; the run stops where it was. */
export async function replayKeyMoment(): Promise<void> {
  const step = currentStep();
  const status = useLesson.getState().step;
  if (!step || !run || !status?.done || status.doneAt === null) return;
  const moves = recordedActions()
    .slice(run.actionsBefore)
    .map((a) => a.time);
  const from = keyMomentFrom(run.start.time, status.doneAt, moves, step.replayMs);
  replaying = true;
  set({ replaying: true });
  useLab.setState({
    allow: { controls: ALL_CONTROLS.filter((c) => c !== 'timeline'), actions: [] },
  });
  await replayMoment(from, status.doneAt, REPLAY_SPEED);
  if (!replaying) return; // the lesson was closed meanwhile
  replaying = false;
  useLab.setState({ allow: READING });
  set({ replaying: false });
}

/** A step's shortcut: its actions all at one virtual instant (the run holds still meanwhile). */
export async function runPreset(id: string): Promise<void> {
  const preset = currentStep()?.presets?.find((p) => p.id === id);
  const frame = useLab.getState().frame;
  if (!preset || !frame) return;
  const wasPlaying = useLab.getState().playing;
  pause();
  for (const action of preset.actions(frame)) if (!(await act(action))) break;
  if (wasPlaying) play();
}

/** The expert's path: straight to the sandbox, every control open. */
export async function skipToSandbox(): Promise<void> {
  if (!lesson) return;
  set({ skipped: !lesson.steps.every((s) => useLesson.getState().completed.includes(s.id)) });
  await beginStep(lesson.steps.length);
}

/** Forget this lesson's progress and start it again from the first step. */
export async function restartLesson(): Promise<void> {
  if (!lesson) return;
  const id = lesson.id;
  forgetProgress(id);
  set({ answers: {}, completed: [], skipped: false, challenges: [] });
  await openLesson(id);
}
