/**
 * A client's retry budget (types.ts `RetryBudget`; Finagle's `RetryBudget`, gRPC A6 retry
 * throttling, Google SRE book ch. 22): over the last `windowMs`, retries may be at most
 * `ratio` × first attempts plus `minRetriesPerSec` × the window's seconds. Plain data and pure
 * functions, so the budget lives in a node's state and replays exactly.
 */
import type { RetryBudget } from './types';

/** What the budget remembers: the virtual times (ms) of first attempts and of retries sent. */
export interface BudgetLedger {
  firsts: number[];
  retries: number[];
}

/** A budget that has seen nothing yet. */
export const emptyBudgetLedger = (): BudgetLedger => ({ firsts: [], retries: [] });

/** Forgets what is older than the window before `now` (in place). */
function prune(ledger: BudgetLedger, budget: RetryBudget, now: number): void {
  const from = now - budget.windowMs;
  while ((ledger.firsts[0] ?? Infinity) <= from) ledger.firsts.shift();
  while ((ledger.retries[0] ?? Infinity) <= from) ledger.retries.shift();
}

/** Notes a first attempt sent at `now` (in place); nothing to note without a budget. */
export function noteFirst(ledger: BudgetLedger, budget: RetryBudget | null, now: number): void {
  if (budget === null) return;
  prune(ledger, budget, now);
  ledger.firsts.push(now);
}

/**
 * Whether one more retry fits the budget at `now`; if it does, spends it (notes the retry).
 * A null budget always allows (retries are then limited by maxAttempts and the deadline alone).
 */
export function spendRetry(ledger: BudgetLedger, budget: RetryBudget | null, now: number): boolean {
  if (budget === null) return true;
  prune(ledger, budget, now);
  const allowed =
    budget.ratio * ledger.firsts.length + (budget.minRetriesPerSec * budget.windowMs) / 1000;
  if (ledger.retries.length + 1 > allowed) return false;
  ledger.retries.push(now);
  return true;
}
