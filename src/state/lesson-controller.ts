/**
 * The lesson player: runs a lesson's steps beside the live lab. It opens the lesson's
 * scenario in the lab, sets what the learner may do (the step's allow-list, or nothing while
 * a prediction waits for its answer), checks the step's goals on every frame against what
 * happened since the step began, pauses when they hold, and keeps progress in the browser —
 * the learner's actions inside the step too, so a reload rebuilds the step as they left it.
 * This module holds what the learner asks for (open, answer, next step, replay, ...); a
 * step's lifecycle is in lesson-step.ts, the shared state and saving in lesson-live.ts.
 */
import type { Json } from '../engine/protocol';
import { loadLesson } from '../lessons/catalogue';
import { keyMomentFrom } from '../lessons/runner';
import type { Lesson } from '../lessons/types';
import { ALL_CONTROLS, NOTHING } from './capabilities';
import {
  act,
  advance,
  currentSimulation,
  pause,
  play,
  recordedActions,
  replayMoment,
  restartFrom,
} from './lab-controller';
import { useLab } from './lab-store';
import { currentStep, live, save } from './lesson-live';
import { openLessonRun } from './lesson-run';
import { emptyProgress, forgetProgress, loadProgress } from './lesson-progress';
import { beginStep, onFrame, READING } from './lesson-step';
import { useLesson } from './lesson-store';

const set = useLesson.setState;

/** The replay of the key moment plays at most this fast (virtual ms per wall ms). */
const REPLAY_SPEED = 0.1;

let unsubscribe: (() => void) | null = null;

/** Open a lesson at the learner's saved step, rebuilding the run they left. */
export async function openLesson(id: string): Promise<void> {
  closeLesson();
  const myGeneration = ++live.generation;
  set({ status: 'loading', error: null, lesson: null, step: null, replaying: false });
  const { all, problem } = loadProgress();
  let loaded: Lesson;
  try {
    loaded = await loadLesson(id);
  } catch (err) {
    set({ status: 'error', error: err instanceof Error ? err.message : String(err) });
    return;
  }
  if (myGeneration !== live.generation) return;
  live.lesson = loaded;
  const kept = all[id];
  const saved = kept ?? emptyProgress();
  live.vars = { ...(saved.vars as Record<string, Json>) };
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
  if (myGeneration !== live.generation || useLab.getState().status !== 'ready') return;
  // Goals are not checked while the run is rebuilt: the resumed step checks them once at the end.
  set({ status: 'restoring' });
  await advance(saved.stepStart);
  if (myGeneration !== live.generation) return;
  live.savedActions = recordedActions().length;
  const stopFrames = useLab.subscribe((state, previous) => {
    // A new selection is checked too (a goal may ask the learner to pick a node out).
    if (state.frame && (state.frame !== previous.frame || state.selected !== previous.selected))
      onFrame(state.frame);
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
  if (myGeneration === live.generation && live.lesson === loaded) set({ status: 'ready' });
}

export function closeLesson(): void {
  // Whatever an openLesson still awaits (the lesson's code, its run) finds itself stale and
  // stops: the learner has gone to another page, which it must not take over.
  live.generation++;
  unsubscribe?.();
  unsubscribe = null;
  live.lesson = null;
  live.run = null;
  live.replaying = false;
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
  if (!live.lesson || !ui.step?.done) return;
  await beginStep(ui.stepIndex + 1);
}

/** Go back to where the current step began; the attempts since are forgotten. */
export async function restartStep(): Promise<void> {
  if (!live.lesson || !live.run) return;
  const index = useLesson.getState().stepIndex;
  await restartFrom(live.run.start.time);
  await beginStep(index);
}

/** Play the moments before the step's goals held again, slowly; the run stops where it was. */
export async function replayKeyMoment(): Promise<void> {
  const step = currentStep();
  const status = useLesson.getState().step;
  if (!step || !live.run || !status?.done || status.doneAt === null) return;
  const moves = recordedActions()
    .slice(live.run.actionsBefore)
    .map((a) => a.time);
  const from = keyMomentFrom(live.run.start.time, status.doneAt, moves, step.replayMs);
  live.replaying = true;
  set({ replaying: true });
  useLab.setState({
    allow: { controls: ALL_CONTROLS.filter((c) => c !== 'timeline'), actions: [] },
  });
  await replayMoment(from, status.doneAt, REPLAY_SPEED);
  if (!live.replaying) return; // the lesson was closed meanwhile
  live.replaying = false;
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
  const { lesson } = live;
  if (!lesson) return;
  set({ skipped: !lesson.steps.every((s) => useLesson.getState().completed.includes(s.id)) });
  await beginStep(lesson.steps.length);
}

/** Forget this lesson's progress and start it again from the first step. */
export async function restartLesson(): Promise<void> {
  if (!live.lesson) return;
  const id = live.lesson.id;
  forgetProgress(id);
  set({ answers: {}, completed: [], skipped: false, challenges: [] });
  await openLesson(id);
}
