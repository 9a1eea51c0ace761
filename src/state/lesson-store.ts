/** The lesson player's UI state: what the lesson panel reads. The lesson controller writes it. */
import { create } from 'zustand';
import type { Lesson } from '../lessons/types';
import type { StepStatus } from '../lessons/runner';

export interface LessonState {
  readonly status: 'idle' | 'loading' | 'restoring' | 'ready' | 'error';
  readonly error: string | null;
  /** Something the learner should know that did not stop the lesson (damaged progress). */
  readonly notice: string | null;
  readonly lesson: Lesson | null;
  /** The current step; equal to the number of steps in the sandbox. */
  readonly stepIndex: number;
  readonly step: StepStatus | null;
  /** The learner's predictions, by step id. */
  readonly answers: Readonly<Record<string, string>>;
  readonly hintsShown: number;
  /** Steps completed, by id. */
  readonly completed: readonly string[];
  /** The learner went to the sandbox without doing every step. */
  readonly skipped: boolean;
  /** Sandbox challenges met, by id. */
  readonly challenges: readonly string[];
  /** A replay of the key moment is playing. */
  readonly replaying: boolean;
  /**
   * What the step's reveal and the chosen answer's feedback say, built from the run when the
   * step's goals held (null until then).
   */
  readonly told: {
    readonly reveal: readonly string[];
    readonly feedback: readonly string[];
  } | null;
}

export const useLesson = create<LessonState>(() => ({
  status: 'idle',
  error: null,
  notice: null,
  lesson: null,
  stepIndex: 0,
  step: null,
  answers: {},
  hintsShown: 0,
  completed: [],
  skipped: false,
  challenges: [],
  replaying: false,
  told: null,
}));
