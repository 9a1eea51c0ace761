/**
 * Retry policies for the RPC family's clients: how long to wait before attempt n + 1, how many
 * attempts, until when, and how many retries the client may spend. The delay functions are pure
 * and take their randomness as an argument (a draw from the node's seeded stream), so a run
 * replays exactly.
 *
 * Sources: M. Brooker, "Exponential Backoff And Jitter", AWS Architecture Blog, 2015 (capped
 * exponential; full, equal and decorrelated jitter and their formulas); gRPC A6 "Client
 * Retries" (maxAttempts, retry throttling by a token bucket); Finagle `RetryBudget` (retries as
 * a fraction of requests, with a floor per second); Google SRE book ch. 22 "Addressing Cascading
 * Failures" (retry budgets, load shedding).
 */

/** How the wait before the next attempt grows. `base`/`cap` are the policy's `baseMs`/`capMs`. */
export type BackoffKind =
  /** base every time. */
  | 'fixed'
  /** min(cap, base · 2^(n−1)) for retry n = 1, 2, … */
  | 'exponential'
  /** uniform in [0, min(cap, base · 2^(n−1))). */
  | 'full-jitter'
  /** half of the capped exponential, plus uniform in [0, that half). */
  | 'equal-jitter'
  /** min(cap, uniform in [base, 3 · previous delay)), starting from previous = base. */
  | 'decorrelated-jitter';

/**
 * A retry budget: retries allowed are at most `ratio` × first attempts sent in the last
 * `windowMs`, plus `minRetriesPerSec` × the window's seconds (so a quiet client may still retry).
 * Finagle's default is ratio 0.2 over 10 s with 10 retries/s.
 */
export interface RetryBudget {
  readonly ratio: number;
  readonly windowMs: number;
  readonly minRetriesPerSec: number;
}

/** A client's whole retry policy. All times are virtual milliseconds. */
export interface RetryPolicy {
  readonly backoff: BackoffKind;
  readonly baseMs: number;
  readonly capMs: number;
  /** Attempts in all, the first included (1 = never retry: at-most-once). */
  readonly maxAttempts: number;
  /** How long the client waits for a reply before it counts the attempt as timed out. */
  readonly timeoutMs: number;
  /** Give up on a logical request this long after its first attempt; null for none. */
  readonly deadlineMs: number | null;
  /** null: retries are unlimited (within maxAttempts). */
  readonly budget: RetryBudget | null;
}

/**
 * The wait before retry `retry` (1 for the first retry), in ms: an integer ≥ 0 and ≤ capMs.
 * `previousMs` is the last wait (decorrelated jitter only; pass baseMs before the first retry).
 * `u` is a uniform draw in [0, 1) from the caller's seeded stream; the non-jittered kinds ignore it.
 * Throws a RangeError for retry < 1 or u outside [0, 1).
 */
export type DelayFn = (policy: RetryPolicy, retry: number, previousMs: number, u: number) => number;
