/**
 * Sets of integer keys as sorted, disjoint, non-adjacent half-open intervals
 * `[lo, hi)`: what a shard server owns, what a move carries, what a scan asks for. Plain
 * arrays of pairs, so they persist and cross the wire as they are. Every function returns a
 * new normalised set and never changes its arguments.
 */

/** One interval, keys lo ≤ k < hi. */
export type Interval = readonly [lo: number, hi: number];

/** A normalised set: sorted by lo, disjoint, no two touching, none empty. */
export type Intervals = readonly Interval[];

/** Sort, drop empty intervals, merge overlapping and touching ones. */
export function normalise(xs: readonly Interval[]): Interval[] {
  const sorted = xs.filter(([lo, hi]) => hi > lo).sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const [lo, hi] of sorted) {
    const last = out[out.length - 1];
    if (last && lo <= last[1]) last[1] = Math.max(last[1], hi);
    else out.push([lo, hi]);
  }
  return out;
}

/** Is `k` in the set? (binary search) */
export function contains(set: Intervals, k: number): boolean {
  let a = 0;
  let b = set.length - 1;
  while (a <= b) {
    const m = (a + b) >> 1;
    const [lo, hi] = set[m] as Interval;
    if (k < lo) b = m - 1;
    else if (k >= hi) a = m + 1;
    else return true;
  }
  return false;
}

export const union = (a: Intervals, b: Intervals): Interval[] => normalise([...a, ...b]);

export function intersect(a: Intervals, b: Intervals): Interval[] {
  const out: Interval[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const [alo, ahi] = a[i] as Interval;
    const [blo, bhi] = b[j] as Interval;
    const lo = Math.max(alo, blo);
    const hi = Math.min(ahi, bhi);
    if (hi > lo) out.push([lo, hi]);
    if (ahi < bhi) i++;
    else j++;
  }
  return out;
}

/** a without b. */
export function subtract(a: Intervals, b: Intervals): Interval[] {
  const out: Interval[] = [];
  let j = 0;
  for (const [lo0, hi] of a) {
    let lo = lo0;
    while (j < b.length && (b[j] as Interval)[1] <= lo) j++;
    let k = j;
    while (k < b.length && (b[k] as Interval)[0] < hi) {
      const [blo, bhi] = b[k] as Interval;
      if (blo > lo) out.push([lo, blo]);
      lo = Math.max(lo, bhi);
      if (lo >= hi) break;
      k++;
    }
    if (lo < hi) out.push([lo, hi]);
  }
  return out;
}

/** How many keys the set holds. */
export const sizeOf = (set: Intervals): number => set.reduce((n, [lo, hi]) => n + hi - lo, 0);

export const isEmpty = (set: Intervals): boolean => set.length === 0;

/** The set of the keys `keys` (integers, any order). */
export function fromKeys(keys: Iterable<number>): Interval[] {
  return normalise([...keys].map((k) => [k, k + 1] as const));
}
