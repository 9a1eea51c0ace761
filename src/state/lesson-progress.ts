/**
 * Lesson progress, kept in the browser (localStorage). What is read back is untrusted: it
 * is validated with a schema, and an entry that does not fit is dropped with a notice
 * rather than taking the page down. The run itself is kept as the learner's recorded
 * actions (the share-link encoding), those inside the current step included, with where the
 * step began and how far the run had got: reopening a lesson rebuilds exactly the world they
 * left, and the step's goals see the step's own actions again.
 */
import * as v from 'valibot';

import { PROGRESS_KEY, progressStorage, readRawProgress } from './progress-storage';

export { PROGRESS_KEY };

const json: v.GenericSchema<unknown> = v.lazy(() =>
  v.union([
    v.null(),
    v.boolean(),
    v.pipe(v.number(), v.finite()),
    v.pipe(v.string(), v.maxLength(2_000)),
    v.pipe(v.array(json), v.maxLength(200)),
    v.record(v.string(), json),
  ]),
);

const progressSchema = v.strictObject({
  /** Index of the current step; equal to the number of steps in the sandbox. */
  step: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(100)),
  completed: v.pipe(v.array(v.pipe(v.string(), v.maxLength(64))), v.maxLength(100)),
  answers: v.record(v.pipe(v.string(), v.maxLength(64)), v.pipe(v.string(), v.maxLength(64))),
  vars: v.record(v.pipe(v.string(), v.maxLength(64)), json),
  /** The learner jumped to the sandbox without doing every step. */
  skipped: v.boolean(),
  challenges: v.pipe(v.array(v.pipe(v.string(), v.maxLength(64))), v.maxLength(100)),
  /**
   * Encoded recorded actions: all of them, those of the current step included (when
   * `stepActions` is present); only those before the step in progress saved before that.
   */
  run: v.pipe(v.string(), v.maxLength(400_000)),
  /** Virtual time at which the current step began. */
  stepStart: v.pipe(v.number(), v.finite(), v.minValue(0)),
  /** How many of `run`'s actions came before the current step (the rest are the step's). */
  stepActions: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
  /** Index of the step's first trace entry (the run is deterministic, so it is again). */
  stepTrace: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
  /** Virtual time the run had reached when this was saved. */
  at: v.optional(v.pipe(v.number(), v.finite(), v.minValue(0))),
  /**
   * The run was paused when this was saved (by Pause, or while a menu was open to choose):
   * a reload brings it back paused, where the learner left it, not playing behind them.
   */
  paused: v.optional(v.boolean()),
  /** The current step's goals as the learner last saw them (goals stay ticked). */
  status: v.optional(
    v.strictObject({
      goals: v.pipe(v.array(v.boolean()), v.maxLength(50)),
      done: v.boolean(),
      doneAt: v.nullable(v.pipe(v.number(), v.finite())),
      nearMisses: v.pipe(v.array(v.pipe(v.string(), v.maxLength(64))), v.maxLength(50)),
    }),
  ),
});

export type LessonProgress = v.InferOutput<typeof progressSchema>;

export function emptyProgress(): LessonProgress {
  return {
    step: 0,
    completed: [],
    answers: {},
    vars: {},
    skipped: false,
    challenges: [],
    run: '',
    stepStart: 0,
  };
}

export interface ProgressRead {
  readonly all: Record<string, LessonProgress>;
  /** What was wrong with what the browser had kept, in words; null when all was well. */
  readonly problem: string | null;
}

const storage = progressStorage;

/** Parse saved progress; entries that do not fit the schema are dropped and named. */
export function parseProgress(text: string | null): ProgressRead {
  if (text === null) return { all: {}, problem: null };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { all: {}, problem: 'Your saved lesson progress could not be read, so it was reset.' };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    return { all: {}, problem: 'Your saved lesson progress could not be read, so it was reset.' };
  const all: Record<string, LessonProgress> = {};
  const broken: string[] = [];
  for (const [id, value] of Object.entries(raw)) {
    const parsed = v.safeParse(progressSchema, value);
    if (parsed.success) all[id] = parsed.output;
    else broken.push(id.slice(0, 40));
  }
  return {
    all,
    problem: broken.length
      ? `Saved progress for ${broken.join(', ')} was damaged, so that lesson starts afresh.`
      : null,
  };
}

/**
 * Read and check the saved progress; `text` is what was stored (read now when absent). What
 * does not fit is dropped, named in `problem`, and the rest written back.
 */
export function loadProgress(text: string | null = readRawProgress()): ProgressRead {
  const store = storage();
  const read = parseProgress(text);
  // Write back what survived, so the notice appears once, not on every visit.
  if (read.problem && store) store.setItem(PROGRESS_KEY, JSON.stringify(read.all));
  return read;
}

export function saveProgress(lessonId: string, progress: LessonProgress): void {
  const store = storage();
  if (!store) return;
  const { all } = parseProgress(store.getItem(PROGRESS_KEY));
  all[lessonId] = progress;
  try {
    store.setItem(PROGRESS_KEY, JSON.stringify(all));
  } catch {
    // Quota exceeded: keep the run going; progress simply is not saved.
  }
}

export function forgetProgress(lessonId: string): void {
  const store = storage();
  if (!store) return;
  const { all } = parseProgress(store.getItem(PROGRESS_KEY));
  delete all[lessonId];
  store.setItem(PROGRESS_KEY, JSON.stringify(all));
}
