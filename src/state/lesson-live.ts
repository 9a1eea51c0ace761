/**
 * The open lesson's live state, shared by the lesson player's parts (the step lifecycle in
 * lesson-step.ts, the learner's commands in lesson-controller.ts), and its snapshot to the
 * progress kept in the browser. Module state, as the lab controller's is: one lesson is open
 * at a time.
 */
import type { Json } from '../engine/protocol';
import { encodeActions } from '../engine/share/run-link';
import type { StepWatch } from '../lessons/goal-context';
import type { Lesson, Step } from '../lessons/types';
import { currentSimulation, recordedActions } from './lab-controller';
import { useLab } from './lab-store';
import { emptyProgress, saveProgress, type LessonProgress } from './lesson-progress';
import { useLesson } from './lesson-store';

/** What the lesson player holds between frames (not shown, so not in the lesson store). */
export interface LiveLesson {
  lesson: Lesson | null;
  /** The current step (or the sandbox), watched since it began. */
  run: StepWatch | null;
  /** What the steps captured so far (a later step's goals and prose may read it). */
  vars: Record<string, Json>;
  /** Bumped by each openLesson: an await that comes back to an older one stops. */
  generation: number;
  /** Goals are not checked while the key moment replays: the step is already done. */
  replaying: boolean;
  /** How many recorded actions the saved progress holds: a new one is saved at once. */
  savedActions: number;
}

export const live: LiveLesson = {
  lesson: null,
  run: null,
  vars: {},
  generation: 0,
  replaying: false,
  savedActions: 0,
};

/** The step the learner is on; undefined in the sandbox or with no lesson open. */
export const currentStep = (): Step | undefined =>
  live.lesson?.steps[useLesson.getState().stepIndex];

/** Whether the learner is past the last step, in the sandbox. */
export const inSandbox = (): boolean =>
  live.lesson !== null && useLesson.getState().stepIndex >= live.lesson.steps.length;

function progressNow(): LessonProgress {
  const s = useLesson.getState();
  const actions = recordedActions();
  live.savedActions = actions.length;
  return {
    ...emptyProgress(),
    step: s.stepIndex,
    completed: [...s.completed],
    answers: { ...s.answers },
    vars: live.vars,
    skipped: s.skipped,
    challenges: [...s.challenges],
    // Every action, the step's own included: a reload replays them, so the step is rebuilt.
    run: encodeActions(actions),
    stepStart: live.run?.start.time ?? 0,
    stepActions: live.run?.actionsBefore ?? 0,
    stepTrace: live.run?.firstEntry ?? 0,
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

/** Keep the open lesson's progress, the run as it stands included (nothing when none is open). */
export function save(): void {
  if (live.lesson) saveProgress(live.lesson.id, progressNow());
}
