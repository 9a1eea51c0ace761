/**
 * The clients' key choices, drawn from each client's own seeded stream (`ctx.random()`):
 * - uniform: every key equally likely;
 * - zipf: rank r (1-based) drawn with weight 1/r^1.1 — one hot key takes about a sixth of the
 *   traffic (Kleppmann, DDIA ch. 6, "Skewed Workloads and Relieving Hot Spots"); ranks are
 *   scattered over the key space by a fixed bijection, so the hot key is one key, not a range;
 * - monotonic: keys are timestamps (the client's local clock, one key per 20 ms) in the top
 *   quarter of the key space, so every write lands on the last range — the hot spot DDIA warns
 *   of for range partitioning by timestamp. The quarter is a ring of time slots (a time-series
 *   store keeping its last K/4 slots): past its end the timestamps start again at its start,
 *   rather than piling onto the last key, which would turn "monotonic" into one hot key after
 *   a few seconds (and make even hash partitioning look hot). Reads ask for recent timestamps;
 * - celebrity: one key (the Zipf workload's hottest, a third of the way up) takes
 *   CELEBRITY_SHARE of the operations and the rest are uniform: DDIA's celebrity with
 *   millions of followers. Hashing cannot spread one key, so its shard stays hot (M38).
 */
import type { ShardWorkload } from './summary';

/** Zipf exponent of the hot-key workload. */
export const ZIPF_EXPONENT = 1.1;
/** Share of operations on the celebrity key (celebrity workload). */
export const CELEBRITY_SHARE = 0.3;
/** Virtual ms per timestamp key in the monotonic workload. */
export const MS_PER_TIMESTAMP = 20;

const cdfs = new Map<number, Float64Array>();

/** Cumulative Zipf weights over ranks 1…n, normalised to end at 1 (memoised: pure). */
function zipfCdf(n: number): Float64Array {
  let cdf = cdfs.get(n);
  if (cdf) return cdf;
  cdf = new Float64Array(n);
  let sum = 0;
  for (let r = 1; r <= n; r++) {
    sum += 1 / Math.pow(r, ZIPF_EXPONENT);
    cdf[r - 1] = sum;
  }
  for (let i = 0; i < n; i++) cdf[i] = (cdf[i] as number) / sum;
  cdfs.set(n, cdf);
  return cdf;
}

/** The 0-based Zipf rank for a uniform draw u in [0, 1). */
export function zipfRank(u: number, n: number): number {
  const cdf = zipfCdf(n);
  let a = 0;
  let b = n - 1;
  while (a < b) {
    const m = (a + b) >> 1;
    if ((cdf[m] as number) > u) b = m;
    else a = m + 1;
  }
  return a;
}

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

/** The key of Zipf rank `rank` (0 = hottest): a fixed bijection of 0…n−1, hottest at n/3. */
export function keyOfRank(rank: number, n: number): number {
  let step = 617;
  while (gcd(step, n) !== 1) step++;
  return (rank * step + Math.floor(n / 3)) % n;
}

/** First key of the monotonic workload's slots: three quarters of the key space up. */
const firstSlot = (keySpace: number): number => Math.floor((keySpace * 3) / 4);

/**
 * The timestamp key for local time `nowMs` (monotonic workload): one slot per
 * MS_PER_TIMESTAMP in the top quarter of the key space, going round when it is used up.
 */
export function timestampKey(nowMs: number, keySpace: number): number {
  const first = firstSlot(keySpace);
  const slots = Math.max(1, keySpace - first);
  return first + (Math.max(0, Math.floor(nowMs / MS_PER_TIMESTAMP)) % slots);
}

/**
 * The next key a client uses: `u` a uniform draw, `nowMs` its local clock; a read of the
 * monotonic workload asks for one of the last few timestamps.
 */
export function nextKey(
  workload: ShardWorkload,
  keySpace: number,
  u: number,
  nowMs: number,
  isRead: boolean,
): number {
  switch (workload) {
    case 'uniform':
      return Math.min(keySpace - 1, Math.floor(u * keySpace));
    case 'zipf':
      return keyOfRank(zipfRank(u, keySpace), keySpace);
    case 'celebrity':
      // One draw: below the share it is the celebrity, above it spreads evenly over the rest.
      return u < CELEBRITY_SHARE
        ? keyOfRank(0, keySpace)
        : Math.min(
            keySpace - 1,
            Math.floor(((u - CELEBRITY_SHARE) / (1 - CELEBRITY_SHARE)) * keySpace),
          );
    case 'monotonic': {
      // A read asks for one of the last five timestamps (wrapping round with the slots).
      return isRead
        ? timestampKey(Math.max(0, nowMs - Math.floor(u * 5) * MS_PER_TIMESTAMP), keySpace)
        : timestampKey(nowMs, keySpace);
    }
  }
}
