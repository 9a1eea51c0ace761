/**
 * The geometry of the spread plot: load spread (max/mean) against virtual nodes per server,
 * the x axis in powers of two (a log2 scale: 1, 2, 4 … 256), the y axis from 1 (perfect) up.
 * d3 computes the scales and ticks; the component draws them.
 */
import { scaleLinear, scaleLog } from 'd3-scale';

/** The plot's box in SVG units and its margins (room for the axes' labels). */
export const PLOT = { width: 320, height: 180, left: 40, right: 12, top: 10, bottom: 34 } as const;

/** The goal a lesson grades on: max/mean under 1.25 (CURRICULUM §4 L18). */
export const SPREAD_GOAL = 1.25;

export interface SpreadPoint {
  readonly vnodes: number;
  readonly maxOverMean: number;
}

/** Scales, ticks and the line's path for the points (sorted by vnodes). */
export function spreadGeometry(points: readonly SpreadPoint[]) {
  const sorted = [...points]
    .filter((p) => p.vnodes >= 1 && Number.isFinite(p.maxOverMean))
    .sort((a, b) => a.vnodes - b.vnodes);
  const maxV = Math.max(2, ...sorted.map((p) => p.vnodes));
  const maxY = Math.max(1.5, ...sorted.map((p) => p.maxOverMean));
  const x = scaleLog()
    .base(2)
    .domain([1, maxV])
    .range([PLOT.left, PLOT.width - PLOT.right]);
  const y = scaleLinear()
    .domain([1, maxY])
    .nice(4)
    .range([PLOT.height - PLOT.bottom, PLOT.top]);
  const path = sorted
    .map((p, i) => `${i === 0 ? 'M' : 'L'}${x(p.vnodes).toFixed(1)},${y(p.maxOverMean).toFixed(1)}`)
    .join('');
  return {
    sorted,
    x,
    y,
    xTicks: x.ticks().filter((t) => Number.isInteger(Math.log2(t))),
    yTicks: y.ticks(4),
    path,
  };
}

/** The plot in one sentence: "max/mean 2.31 with 1 virtual node, 1.06 with 256". */
export function spreadSentence(points: readonly SpreadPoint[]): string {
  const { sorted } = spreadGeometry(points);
  const first = sorted[0];
  const last = sorted[sorted.length - 1];
  if (!first || !last) return 'No spread measured yet.';
  const vn = (v: number) => `${v} virtual node${v === 1 ? '' : 's'}`;
  const under = sorted.find((p) => p.maxOverMean < SPREAD_GOAL);
  const goal = under
    ? ` It first falls under ${SPREAD_GOAL} at ${vn(under.vnodes)}.`
    : ` It stays at or over ${SPREAD_GOAL}.`;
  return `Load spread (max/mean) is ${first.maxOverMean.toFixed(2)} with ${vn(first.vnodes)} per server and ${last.maxOverMean.toFixed(2)} with ${vn(last.vnodes)}.${goal}`;
}
