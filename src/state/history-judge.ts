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

/**
 * How long one check may search before it says "unknown" (wall ms). It runs in its own worker,
 * so it may take seconds without costing the page a frame: real histories of a few thousand
 * operations, with info writes, need more than the 40 ms it once had.
 */
export const VERDICT_BUDGET_MS = 3000;
/** Where there is no worker, the check runs on the page's thread: a frame's worth at most. */
export const IN_PAGE_BUDGET_MS = 40;

/** A verdict without the history it judged (what crosses from the worker). */
export interface Judgement {
  readonly verdict: LinearizabilityVerdict;
  /** Ids (operationsOf) of the operations that cannot be ordered, on a violation. */
  readonly unplaceable: readonly number[];
  /** How many operations were judged. */
  readonly operations: number;
  /**
   * Why the verdict is 'unknown', in a phrase: out of time, or operations no model knows (an
   * RPC's withdraw, say), which the panel must not call a timeout.
   */
  readonly reason?: string;
}

/**
 * Judge `history` within `budgetMs` of `now()` (a wall clock in ms). Never throws: whatever
 * the operations (append, add, kinds no model knows), the answer is a verdict, 'unknown' at
 * worst.
 */
export function judgeHistory(
  history: readonly RecordedOp[],
  now: () => number,
  budgetMs = VERDICT_BUDGET_MS,
): Judgement {
  let ops;
  try {
    ops = operationsOf(history);
  } catch {
    return {
      verdict: 'unknown',
      unplaceable: [],
      operations: history.length,
      reason: 'the history could not be read',
    };
  }
  const deadline = now() + budgetMs;
  const result = checkLinearizability(kvModel(), ops, { isTimeUp: () => now() > deadline });
  return {
    verdict: result.verdict,
    unplaceable: result.keys.flatMap((k) =>
      k.verdict === 'not-linearizable' ? k.unplaceable : [],
    ),
    operations: ops.length,
    ...(result.verdict === 'unknown' ? { reason: unknownReason(result) } : {}),
  };
}

/** The first undecided key's reason ("ran out of time…", "no model for withdraw"), or the check's own. */
function unknownReason(result: ReturnType<typeof checkLinearizability>): string {
  const key = result.keys.find((k) => k.verdict === 'unknown');
  return key && key.verdict === 'unknown' ? key.reason : (result.reason ?? 'ran out of time');
}
