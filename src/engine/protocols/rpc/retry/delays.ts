/**
 * The retry policies' delay functions (`DelayFn`, types.ts), one per `BackoffKind`, with the
 * formulas of M. Brooker, "Exponential Backoff And Jitter" (AWS Architecture Blog, 2015). Each is
 * pure: the jitter is the uniform draw `u` the caller takes from the node's seeded stream, so a
 * run replays exactly. Every result is an integer number of ms in [0, capMs].
 */
import type { BackoffKind, DelayFn, RetryPolicy } from './types';

function checkArgs(retry: number, u: number): void {
  if (!Number.isInteger(retry) || retry < 1)
    throw new RangeError(`retry must be an integer ≥ 1, got ${retry}`);
  if (!(u >= 0 && u < 1)) throw new RangeError(`u must be a draw in [0, 1), got ${u}`);
}

/** min(cap, base · 2^(retry − 1)): the capped exponential every exponential kind starts from. */
export function cappedExponential(policy: RetryPolicy, retry: number): number {
  // 2^(retry − 1) overflows to Infinity for huge retries; min() then gives the cap.
  return Math.min(policy.capMs, policy.baseMs * 2 ** (retry - 1));
}

/** base every time (never above the cap). */
export const fixedDelay: DelayFn = (policy, retry, _previous, u) => {
  checkArgs(retry, u);
  return Math.floor(Math.min(policy.capMs, policy.baseMs));
};

/** min(cap, base · 2^(retry − 1)). */
export const exponentialDelay: DelayFn = (policy, retry, _previous, u) => {
  checkArgs(retry, u);
  return Math.floor(cappedExponential(policy, retry));
};

/** "Full jitter": uniform in [0, min(cap, base · 2^(retry − 1))). */
export const fullJitterDelay: DelayFn = (policy, retry, _previous, u) => {
  checkArgs(retry, u);
  return Math.floor(u * cappedExponential(policy, retry));
};

/** "Equal jitter": half the capped exponential, plus uniform in [0, that half). */
export const equalJitterDelay: DelayFn = (policy, retry, _previous, u) => {
  checkArgs(retry, u);
  const half = cappedExponential(policy, retry) / 2;
  return Math.floor(half + u * half);
};

/**
 * "Decorrelated jitter": min(cap, uniform in [base, 3 · previous)), where previous is the last
 * wait (base before the first retry). Never below base unless the cap is.
 */
export const decorrelatedJitterDelay: DelayFn = (policy, retry, previousMs, u) => {
  checkArgs(retry, u);
  const lo = policy.baseMs;
  const hi = Math.max(lo, 3 * Math.max(previousMs, 0));
  // Whole ms drawn in [0, span): lo + u·span in floating point can round up to hi itself when
  // u is a hair under 1 (fast-check found u = 0.9999999999999997, span 3,413).
  const span = hi - lo;
  const offset = span > 0 ? Math.min(span - 1, Math.floor(u * span)) : 0;
  return Math.min(policy.capMs, lo + offset);
};

/** The delay function of each backoff kind. */
export const DELAYS: Readonly<Record<BackoffKind, DelayFn>> = {
  fixed: fixedDelay,
  exponential: exponentialDelay,
  'full-jitter': fullJitterDelay,
  'equal-jitter': equalJitterDelay,
  'decorrelated-jitter': decorrelatedJitterDelay,
};

/** The wait before retry `retry` under `policy` (see `DelayFn` for the arguments). */
export const retryDelay: DelayFn = (policy, retry, previousMs, u) =>
  DELAYS[policy.backoff](policy, retry, previousMs, u);

/** The backoff kinds, in the order the lab's setting lists them, with their names in words. */
export const BACKOFF_CHOICES: ReadonlyArray<{
  readonly value: BackoffKind;
  readonly label: string;
}> = [
  { value: 'fixed', label: 'fixed' },
  { value: 'exponential', label: 'capped exponential' },
  { value: 'full-jitter', label: 'exponential, full jitter' },
  { value: 'equal-jitter', label: 'exponential, equal jitter' },
  { value: 'decorrelated-jitter', label: 'decorrelated jitter' },
];
