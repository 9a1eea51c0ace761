/**
 * Step tracking, free of the page: given a step and what the run did since the step began,
 * which goals hold, how far along the numeric ones are, and which near miss to mention.
 * The lesson player calls it on every frame; the lesson tests call it on an in-process run.
 */
import type { Claim, GoalContext, GoalProgress, GoalResult, Lesson, Step } from './types';

export interface StepStatus {
  /** Each goal, in order: true once it has held (goals stay ticked). */
  readonly goals: readonly boolean[];
  readonly progress: readonly (GoalProgress | null)[];
  readonly done: boolean;
  /** Virtual time at which the last goal ticked. */
  readonly doneAt: number | null;
  /** Near misses seen so far in this step, by id, in the order they happened. */
  readonly nearMisses: readonly string[];
}

export function freshStatus(step: Step): StepStatus {
  return {
    goals: step.goals.map(() => false),
    progress: step.goals.map(() => null),
    done: false,
    doneAt: null,
    nearMisses: [],
  };
}

function read(result: GoalResult): { done: boolean; progress: GoalProgress | null } {
  return typeof result === 'boolean' ? { done: result, progress: null } : result;
}

/** Evaluate a step's goals against the run; a goal that held once stays held. */
export function evaluateStep(step: Step, ctx: GoalContext, previous: StepStatus): StepStatus {
  if (previous.done) return previous;
  const goals: boolean[] = [];
  const progress: (GoalProgress | null)[] = [];
  step.goals.forEach((goal, i) => {
    if (previous.goals[i]) {
      goals.push(true);
      progress.push(previous.progress[i] ?? null);
      return;
    }
    const r = read(goal.check(ctx));
    goals.push(r.done);
    progress.push(r.progress);
  });
  const done = goals.every(Boolean);
  let nearMisses = previous.nearMisses;
  for (const miss of step.nearMisses ?? [])
    if (!nearMisses.includes(miss.id) && !done && miss.when(ctx))
      nearMisses = [...nearMisses, miss.id];
  return { goals, progress, done, doneAt: done ? ctx.frame.time : null, nearMisses };
}

/** Whether a goal holds now (for challenges, which have one goal each). */
export function goalHolds(result: GoalResult): boolean {
  return read(result).done;
}

/** The sentences a learner is shown: every general one, and each claim about the run that holds. */
export function shownText(claims: readonly Claim[]): string[] {
  return claims.filter((c) => c.holds !== false).map((c) => c.text);
}

/** How long before the learner's last move a replay of the key moment starts (virtual ms). */
export const REPLAY_LEAD_MS = 150;

/** How much virtual time before the goals held a replay shows at most, unless a step says. */
export const DEFAULT_REPLAY_MS = 1500;

/**
 * Where "Replay the key moment" starts: shortly (REPLAY_LEAD_MS) before the learner's last
 * move before the goals held — the move that set the moment off — but at most `windowMs`
 * before they held, and never before the step began. Times are virtual ms; `moveTimes` are
 * the learner's actions in the step.
 */
export function keyMomentFrom(
  stepStart: number,
  doneAt: number,
  moveTimes: readonly number[],
  windowMs: number = DEFAULT_REPLAY_MS,
): number {
  const lastMove = moveTimes.filter((t) => t <= doneAt).at(-1);
  const earliest = doneAt - windowMs;
  const from = lastMove === undefined ? earliest : Math.max(earliest, lastMove - REPLAY_LEAD_MS);
  return Math.min(doneAt, Math.max(stepStart, from));
}

/**
 * The settings of the run in use at step `index` (the sandbox past the last step): those of
 * the latest fresh run at or before it, over the lesson's own.
 */
export function runSettingsAt(lesson: Lesson, index: number): Readonly<Record<string, string>> {
  const stages = [...lesson.steps.map((s) => s.freshRun), lesson.sandbox.freshRun];
  const fresh = stages.slice(0, index + 1).findLast((f) => f !== undefined);
  return { ...lesson.scenario.settings, ...fresh?.settings };
}
