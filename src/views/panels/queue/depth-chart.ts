/**
 * The geometry of the depth-over-time sparklines: every (group, partition) row drawn on one
 * shared scale (time across, messages waiting up), so a backlog in one row stands out against
 * the others. d3 computes the paths; React draws them (STYLE.md: D3 computes, React renders).
 */
import { scaleLinear } from 'd3-scale';
import { area, line } from 'd3-shape';

/** The sparklines show at most this many samples: the last minute at 250 ms a sample. */
export const WINDOW_SAMPLES = 240;

/** A sparkline's drawing box, in SVG user units (the SVG scales to its cell). */
export const SPARK_WIDTH = 200;
export const SPARK_HEIGHT = 40;

/** The scale every row shares: the longest window drawn and the highest depth in it (at least 1). */
export interface SharedScale {
  readonly samples: number;
  readonly maxDepth: number;
}

/** The shared scale of several rows' series, over their last `WINDOW_SAMPLES` samples. */
export function sharedScale(series: readonly (readonly number[])[]): SharedScale {
  let samples = 0;
  let maxDepth = 1;
  for (const s of series) {
    const from = Math.max(0, s.length - WINDOW_SAMPLES);
    samples = Math.max(samples, s.length - from);
    for (let i = from; i < s.length; i++) maxDepth = Math.max(maxDepth, s[i] ?? 0);
  }
  return { samples, maxDepth };
}

/** The filled area under a series and its top line, as SVG path data (empty before 2 samples). */
export function sparkPaths(
  series: readonly number[],
  scale: SharedScale,
): { area: string; line: string } {
  const points = series.slice(-WINDOW_SAMPLES);
  if (points.length < 2) return { area: '', line: '' };
  // Right-aligned: every row's newest sample sits at the right edge, "now".
  const offset = scale.samples - points.length;
  const x = scaleLinear()
    .domain([0, Math.max(1, scale.samples - 1)])
    .range([0, SPARK_WIDTH]);
  const y = scaleLinear()
    .domain([0, scale.maxDepth])
    .range([SPARK_HEIGHT - 1, 1]);
  const at = (_: number, i: number) => x(i + offset);
  return {
    area:
      area<number>()
        .x(at)
        .y0(SPARK_HEIGHT)
        .y1((d) => y(d))(points) ?? '',
    line:
      line<number>()
        .x(at)
        .y((d) => y(d))(points) ?? '',
  };
}
