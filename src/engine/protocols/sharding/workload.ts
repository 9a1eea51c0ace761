/**
 * The clients' key choices, drawn from each client's own seeded stream (`ctx.random()`):
 * - uniform: every key equally likely;
 * - zipf: rank r (1-based) drawn with weight 1/r^1.1 — one hot key takes about a sixth of the
 *   traffic (Kleppmann, DDIA ch. 6, "Skewed Workloads and Relieving Hot Spots"); ranks are
 *   scattered over the key space by a fixed bijection, so the hot key is one key, not a range;
 * - monotonic: keys are timestamps (the client's local clock, one key per 20 ms, from three
 *   quarters of the key space up), so every write lands on the last range — the hot spot
 *   DDIA warns of for range partitioning by timestamp. Reads ask for recent timestamps.
 */
import type { ShardWorkload } from './summary';

/** Zipf exponent of the hot-key workload. */
export const ZIPF_EXPONENT = 1.1;
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

/** The timestamp key for local time `nowMs` (monotonic workload), within the key space. */
export const timestampKey = (nowMs: number, keySpace: number): number =>
  Math.min(keySpace - 1, Math.floor((keySpace * 3) / 4) + Math.floor(nowMs / MS_PER_TIMESTAMP));

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
    case 'monotonic': {
      const latest = timestampKey(nowMs, keySpace);
      return isRead ? Math.max(0, latest - Math.floor(u * 5)) : latest;
    }
  }
}
