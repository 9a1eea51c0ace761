/**
 * The cache hit rate around a change, read off the published series (`summary.ts`): one
 * definition for the hit-rate chart's sentence, L18's goals and its sandbox's grading, so
 * what is graded is what the learner reads.
 *
 * - before: the hit rate over the last `BEFORE_MS` before the change (hits / reads, so a
 *   half-second with few reads does not swing it);
 * - lowest: the lowest half-second bucket from the change on (the miss storm's floor);
 * - drop: before − lowest, in hit-rate points (0…1), what L18 calls `hit_rate_drop`.
 */
import type { HashRingSummary } from './summary';

/** How long before a change its "before" hit rate is read over (virtual ms). */
export const BEFORE_MS = 2000;

/** A bucket with fewer reads than this is too thin to count as the storm's floor. */
export const MIN_READS = 5;

/** [bucket start ms, hits, reads] of a summary (older summaries have only rates). */
export function countsOf(
  ring: Pick<HashRingSummary, 'hitCounts'>,
): readonly (readonly [number, number, number])[] {
  return ring.hitCounts ?? [];
}

/** Hits / reads over buckets starting in [from, to) (virtual ms); null with no reads. */
export function hitRateOver(
  ring: Pick<HashRingSummary, 'hitCounts'>,
  from: number,
  to: number = Infinity,
): number | null {
  let hits = 0;
  let reads = 0;
  for (const [t, h, r] of countsOf(ring))
    if (t >= from && t < to) {
      hits += h;
      reads += r;
    }
  return reads ? hits / reads : null;
}

/** The hit rate around a change at `at` (ms), or null when either side has no reads yet. */
export interface HitRateDip {
  readonly before: number;
  readonly lowest: number;
  /** When the lowest bucket began (ms). */
  readonly lowestAt: number;
  readonly drop: number;
  /** Virtual ms of buckets seen since the change (the dip is final once this is long enough). */
  readonly sinceMs: number;
}

export function dipAround(ring: Pick<HashRingSummary, 'hitCounts'>, at: number): HitRateDip | null {
  // The bucket holding the change belongs to "after": its misses are the change's.
  const changeBucket = at - (at % 500);
  const before = hitRateOver(ring, changeBucket - BEFORE_MS, changeBucket);
  let lowest: number | null = null;
  let lowestAt = at;
  let last = at;
  for (const [t, h, r] of countsOf(ring)) {
    if (t < changeBucket) continue;
    last = Math.max(last, t + 500);
    if (r < MIN_READS) continue;
    if (lowest === null || h / r < lowest) {
      lowest = h / r;
      lowestAt = t;
    }
  }
  if (before === null || lowest === null) return null;
  return { before, lowest, lowestAt, drop: Math.max(0, before - lowest), sinceMs: last - at };
}
