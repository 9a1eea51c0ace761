/**
 * The retry policy's figures in words (each label names the window it is measured over) and
 * the geometry of the amplification chart over time. d3 computes the scales and ticks; the
 * component draws them. Pure over `RpcFigures` and `RpcFigureSample`s.
 */
import { scaleLinear } from 'd3-scale';
import type { RpcFigureSample, RpcFigures } from '../../../engine/protocols/rpc/summary';

/** Amplification above this is a retry storm (issue 16's Done-when: the preset shows > 3). */
export const STORM_AMPLIFICATION = 3;
/** Amplification under this is calm again (the budget or shedding brings it back under 1.5). */
export const CALM_AMPLIFICATION = 1.5;

/** One figure: its test id suffix, its label (with the window) and its value in words. */
export interface FigureItem {
  readonly name: 'goodput' | 'amplification' | 'p50' | 'p99' | 'utilisation' | 'shed';
  readonly label: string;
  readonly value: string;
}

/** "the last 2 s" for a 2,000 ms window. */
export function windowWords(windowMs: number): string {
  return `last ${windowMs % 1000 === 0 ? `${windowMs / 1000} s` : `${windowMs} ms`}`;
}

/** What amplification means now, in a few words. */
export function amplificationVerdict(a: number): string {
  if (a > STORM_AMPLIFICATION) return 'a retry storm';
  if (a >= CALM_AMPLIFICATION) return 'retrying heavily';
  if (a > 1) return 'a few retries';
  return 'no retries';
}

const latency = (x: number | null) =>
  x === null ? 'none completed' : `${Math.round(x).toLocaleString('en-US')} ms`;

/** The figures, each with its label and value in words. */
export function figureItems(f: RpcFigures): FigureItem[] {
  const w = windowWords(f.windowMs);
  return [
    {
      name: 'goodput',
      label: `Goodput (requests answered ok per second, ${w})`,
      value: `${f.goodput.toFixed(1)} /s`,
    },
    {
      name: 'amplification',
      label: `Amplification (attempts per request, ${w})`,
      value: `${f.amplification.toFixed(2)} × (${amplificationVerdict(f.amplification)})`,
    },
    { name: 'p50', label: `Latency p50 (${w})`, value: latency(f.p50Ms) },
    { name: 'p99', label: `Latency p99 (${w})`, value: latency(f.p99Ms) },
    {
      name: 'utilisation',
      label: `Server utilisation (workers busy, ${w})`,
      value: `${Math.round(f.utilisation * 100)} %`,
    },
    {
      name: 'shed',
      label: `Shed (attempts refused under load, ${w})`,
      value: f.shed.toLocaleString('en-US'),
    },
  ];
}

/** The chart's box in SVG units and its margins (room for the axes' labels). */
export const CHART = { width: 360, height: 140, left: 34, right: 10, top: 8, bottom: 28 } as const;

/** Scales, ticks, the amplification line and the storm threshold's height. */
export function chartGeometry(samples: readonly RpcFigureSample[]) {
  const first = samples[0]?.t ?? 0;
  const last = samples[samples.length - 1]?.t ?? 0;
  const x = scaleLinear()
    .domain([first, Math.max(first + 1_000, last)])
    .range([CHART.left, CHART.width - CHART.right]);
  const top = Math.max(STORM_AMPLIFICATION + 1, ...samples.map((s) => s.amplification));
  const y = scaleLinear()
    .domain([0, top])
    .nice(4)
    .range([CHART.height - CHART.bottom, CHART.top]);
  const path = samples
    .map((s, i) => `${i === 0 ? 'M' : 'L'}${x(s.t).toFixed(1)},${y(s.amplification).toFixed(1)}`)
    .join('');
  return { x, y, path, xTicks: x.ticks(4), yTicks: y.ticks(4), stormY: y(STORM_AMPLIFICATION) };
}

/** The chart in one sentence (its accessible name): now, the peak, and when it was. */
export function chartSentence(samples: readonly RpcFigureSample[]): string {
  const last = samples[samples.length - 1];
  if (!last) return 'Amplification over time: nothing measured yet.';
  const peak = samples.reduce((a, b) => (b.amplification > a.amplification ? b : a), last);
  const from = samples[0]?.t ?? 0;
  return `Amplification over time, from ${seconds(from)} to ${seconds(last.t)}: now ${last.amplification.toFixed(2)}, peak ${peak.amplification.toFixed(2)} at ${seconds(peak.t)}; above ${STORM_AMPLIFICATION} is a retry storm.`;
}

/** Virtual ms as seconds: "3.2 s". */
export function seconds(t: number): string {
  return `${(t / 1000).toFixed(1)} s`;
}
