/**
 * Each node's own view of the ring while a membership change spreads, and the cluster's
 * cache hit rate over time, in words and geometry. Pure, over the published summary.
 */
import { scaleLinear } from 'd3-scale';
import { dipAround } from '../../../engine/protocols/hash-ring/hit-rate';
import type { HashRingSummary, MembershipView } from '../../../engine/protocols/hash-ring/summary';
import { count, percent } from './ring-model';

/** The agreed membership version: the highest any node has heard of. */
export function agreedVersion(views: readonly MembershipView[]): number {
  return views.reduce((m, v) => Math.max(m, v.version), 0);
}

/** The views in one sentence: agreed, or who lags and by how much, and the misroutes. */
export function viewsSentence(ring: HashRingSummary): string {
  const agreed = agreedVersion(ring.views);
  const misroutes = `${count(ring.misroutes)} misroute${ring.misroutes === 1 ? '' : 's'} so far`;
  if (ring.viewsAgree) return `Every node routes by version ${agreed} of the ring; ${misroutes}.`;
  const behind = ring.views.filter((v) => v.version < agreed).map((v) => v.node);
  return `Views differ: ${behind.length ? behind.join(', ') : 'some nodes'} still ${behind.length === 1 ? 'routes' : 'route'} by an older ring than version ${agreed}, so one key can go to different owners; ${misroutes}.`;
}

/** The hit-rate chart's box in SVG units. */
export const HIT_PLOT = {
  width: 320,
  height: 120,
  left: 36,
  right: 8,
  top: 8,
  bottom: 22,
} as const;

/**
 * The hit-rate line: time on x, 0–100 % on y, broken where a bucket served no read (null),
 * so a gap is not drawn as a dip.
 */
export function hitRateGeometry(series: HashRingSummary['hitRateSeries']) {
  const t0 = series[0]?.t ?? 0;
  const t1 = Math.max(t0 + 1, series[series.length - 1]?.t ?? 1);
  const x = scaleLinear()
    .domain([t0, t1])
    .range([HIT_PLOT.left, HIT_PLOT.width - HIT_PLOT.right]);
  const y = scaleLinear()
    .domain([0, 1])
    .range([HIT_PLOT.height - HIT_PLOT.bottom, HIT_PLOT.top]);
  let path = '';
  let pen = false;
  for (const p of series) {
    if (p.hitRate === null) {
      pen = false;
      continue;
    }
    path += `${pen ? 'L' : 'M'}${x(p.t).toFixed(1)},${y(p.hitRate).toFixed(1)}`;
    pen = true;
  }
  return { x, y, path, xTicks: x.ticks(4), yTicks: [0, 0.5, 1] };
}

/**
 * The chart in one sentence: the latest hit rate, and the dip a change causes — the rate in
 * the last bucket before the last change (`changeAt`, ms of virtual time) and the lowest since
 * (what L18 grades as the hit-rate drop). Without a change, or with no reads on one side of it,
 * the lowest over the run (which, from a cold cache, is its start).
 */
export function hitRateSentence(
  series: HashRingSummary['hitRateSeries'],
  changeAt: number | null = null,
  counts?: HashRingSummary['hitCounts'],
): string {
  const seen = series.filter((p): p is { t: number; hitRate: number } => p.hitRate !== null);
  const last = seen[seen.length - 1];
  if (!last) return 'No reads served yet.';
  const now = `Cache hit rate ${percent(last.hitRate)} now`;
  // With the counts, the figures L18 grades (hit-rate.ts): the rate over the 2 s before the
  // change, and the lowest half-second since with enough reads to count.
  const dip = changeAt !== null && counts ? dipAround({ hitCounts: counts }, changeAt) : null;
  if (dip && changeAt !== null)
    return `${now}; ${percent(dip.before)} in the 2 s before the last change (at ${count(changeAt)} ms), lowest since ${percent(dip.lowest)} at ${count(dip.lowestAt)} ms: a drop of ${Math.round(dip.drop * 100)} points.`;
  if (changeAt !== null) {
    const before = seen.filter((p) => p.t < changeAt).pop();
    const after = seen.filter((p) => p.t >= changeAt);
    const lowAfter = after.reduce<(typeof after)[number] | undefined>(
      (m, p) => (!m || p.hitRate < m.hitRate ? p : m),
      undefined,
    );
    if (before && lowAfter)
      return `${now}; ${percent(before.hitRate)} just before the last change (at ${count(changeAt)} ms), lowest since ${percent(lowAfter.hitRate)} at ${count(lowAfter.t)} ms.`;
  }
  const low = seen.reduce((m, p) => (p.hitRate < m.hitRate ? p : m), last);
  return `${now}; lowest ${percent(low.hitRate)} at ${count(low.t)} ms.`;
}
