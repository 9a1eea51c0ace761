/**
 * The history verdict itself: the linearizability checker (Wing & Gong's search with
 * Lowe's memo, as Porcupine does) over the clients' operations, within a wall-clock budget.
 * Shared by the verdict worker and the in-page fallback, so both decide the same way.
 */
import { operationsOf, type RecordedOp } from '../engine/check/history';
import {
  checkLinearizability,
  kvModel,
  type LinearizabilityVerdict,
} from '../engine/check/linearizability';

/** How long one check may search before it says "unknown" (wall ms), as the panel always allowed. */
export const VERDICT_BUDGET_MS = 40;

/** A verdict without the history it judged (what crosses from the worker). */
export interface Judgement {
  readonly verdict: LinearizabilityVerdict;
  /** Ids (operationsOf) of the operations that cannot be ordered, on a violation. */
  readonly unplaceable: readonly number[];
  /** How many operations were judged. */
  readonly operations: number;
}

/** Judge `history` within `budgetMs` of `now()` (a wall clock in ms). */
export function judgeHistory(
  history: readonly RecordedOp[],
  now: () => number,
  budgetMs = VERDICT_BUDGET_MS,
): Judgement {
  const ops = operationsOf(history);
  const deadline = now() + budgetMs;
  const result = checkLinearizability(kvModel(), ops, { isTimeUp: () => now() > deadline });
  return {
    verdict: result.verdict,
    unplaceable: result.keys.flatMap((k) =>
      k.verdict === 'not-linearizable' ? k.unplaceable : [],
    ),
    operations: ops.length,
  };
}
