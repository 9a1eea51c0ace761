/**
 * The key-space × time heat map of requests, from the summary's `heat` (`HeatMap`): the key
 * range of each band, each band's total, the hottest band in words, the point a click on a
 * band splits its range at, and the scales that place the cells. Pure, so it is tested without
 * a page; `HeatMap.tsx` draws it.
 */
import { scaleLinear, scaleSqrt } from 'd3-scale';
import type { HeatMap, ShardMapSummary } from '../../../engine/protocols/sharding/summary';
import { percent, rangeWords } from './shard-map-view';

/** Band b's keys lo ≤ k < hi: `bands` equal parts of 0…keySpace−1 (the summary's rule). */
export function bandRange(keySpace: number, bands: number, b: number): { lo: number; hi: number } {
  const n = Math.max(1, bands);
  return { lo: Math.floor((b * keySpace) / n), hi: Math.floor(((b + 1) * keySpace) / n) };
}

/** Requests per band over every time bucket shown. */
export function bandTotals(heat: HeatMap): number[] {
  const totals = new Array<number>(heat.bands).fill(0);
  for (const row of heat.counts)
    for (let b = 0; b < heat.bands && b < row.length; b++)
      totals[b] = (totals[b] ?? 0) + (row[b] ?? 0);
  return totals;
}

/** The largest count in any one cell (0 when there are none). */
export function maxCell(heat: HeatMap): number {
  let max = 0;
  for (const row of heat.counts) for (const c of row) if (c > max) max = c;
  return max;
}

/** A band with its keys, its requests and its share of all requests shown. */
export interface BandInfo {
  readonly band: number;
  readonly lo: number;
  readonly hi: number;
  readonly requests: number;
  readonly share: number;
}

/** Every band, lowest keys first. */
export function bandInfos(summary: ShardMapSummary): readonly BandInfo[] {
  const totals = bandTotals(summary.heat);
  const all = totals.reduce((a, b) => a + b, 0);
  return totals.map((requests, band) => ({
    band,
    ...bandRange(summary.keySpace, summary.heat.bands, band),
    requests,
    share: all > 0 ? requests / all : 0,
  }));
}

/** The band with the most requests (the lowest such band on a tie), or null with none. */
export function hottestBand(bands: readonly BandInfo[]): BandInfo | null {
  let top: BandInfo | null = null;
  for (const b of bands) if (b.requests > 0 && (!top || b.requests > top.requests)) top = b;
  return top;
}

/** The window the map covers in words: "the last 10 s" (from its buckets). */
function windowWords(heat: HeatMap): string {
  const ms = heat.counts.length * heat.bucketMs;
  return ms >= 1000 ? `the last ${Math.round(ms / 100) / 10} s` : `the last ${Math.round(ms)} ms`;
}

/** The heat map's text summary: the hottest band, its requests and its share. */
export function hottestWords(summary: ShardMapSummary): string {
  const top = hottestBand(bandInfos(summary));
  if (!top) return 'No requests yet.';
  const even = 1 / Math.max(1, summary.heat.bands);
  const hot = top.share >= 2 * even ? ' — a hot spot' : '';
  return (
    `Hottest band: ${rangeWords(top.lo, top.hi)} (band ${top.band + 1} of ${summary.heat.bands}), ` +
    `${top.requests.toLocaleString('en-US')} requests over ${windowWords(summary.heat)}, ` +
    `${percent(top.share)} of all${hot}.`
  );
}

/** Where a click on a band splits, or why it cannot. */
export type SplitChoice =
  | {
      readonly ok: true;
      /** The server holding the range, which runs the split. */
      readonly node: string;
      readonly at: number;
      readonly lo: number;
      readonly hi: number;
      /** The spare that takes the upper part. */
      readonly to: string;
    }
  | { readonly ok: false; readonly why: string };

/**
 * The split that isolates key `k` (a hot key) in the range slice holding it, on the up server
 * `row`: cut at k, so k and the keys above it go to the spare; when k already starts the range,
 * cut just above it, so k keeps a range of its own. Null when the slice is one key wide.
 */
function splitAtKey(
  summary: ShardMapSummary,
  k: number,
  to: string,
): Extract<SplitChoice, { ok: true }> | null {
  for (const row of summary.shards) {
    if (!row.up) continue;
    for (const slice of row.slices) {
      if (slice.kind !== 'range' || k < slice.lo || k >= slice.hi) continue;
      const at = k > slice.lo ? k : k + 1 < slice.hi ? k + 1 : null;
      return at === null ? null : { ok: true, node: row.node, at, lo: slice.lo, hi: slice.hi, to };
    }
  }
  return null;
}

/**
 * The split "Split hottest range" asks for: at the hottest key of the load window
 * (`summary.hotKeys`), in the range of the server that holds it — not at the hottest heat-map
 * band, which can straddle two shards (under Zipf the hot key sits a third of the way up,
 * right at a range boundary). Falls back to the hottest band without hot keys.
 */
export function hotSplitChoice(
  summary: ShardMapSummary,
  spares: readonly string[],
): SplitChoice | null {
  const hot = summary.hotKeys?.[0];
  if (hot && summary.partitioning !== 'hash') {
    const to = spares[0];
    if (to === undefined) return { ok: false, why: 'no spare server to take the upper part' };
    const choice = splitAtKey(summary, hot.key, to);
    if (choice) return choice;
  }
  const band = hottestBand(bandInfos(summary));
  return band ? splitChoice(summary, band.band, spares) : null;
}

/**
 * The split a click on band `b` asks for. When the band holds one of the hottest keys, the
 * range holding the hottest of them is cut there (as `hotSplitChoice` does: the band may span
 * two shards, and the heat is in the one holding the key). Otherwise the range that holds the
 * band's keys is cut at the band's first key (so the band and the keys above it go to a new
 * shard), or, when the band starts the range, at its middle key. Hash partitioning has no key range to cut (a bucket holds
 * keys from all over the key space), a band of one key cannot be cut, and the upper part needs a
 * spare server to go to (`spares`: the first takes it).
 */
export function splitChoice(
  summary: ShardMapSummary,
  b: number,
  spares: readonly string[],
): SplitChoice {
  if (summary.partitioning === 'hash')
    return {
      ok: false,
      why: 'hash partitioning scatters a band over every shard: no range to split',
    };
  const to = spares[0];
  if (to === undefined) return { ok: false, why: 'no spare server to take the upper part' };
  const band = bandRange(summary.keySpace, summary.heat.bands, b);
  const hot = (summary.hotKeys ?? []).find((h) => h.key >= band.lo && h.key < band.hi);
  const atHot = hot ? splitAtKey(summary, hot.key, to) : null;
  if (atHot) return atHot;
  const mid = Math.floor((band.lo + band.hi) / 2);
  for (const row of summary.shards) {
    if (!row.up) continue;
    for (const slice of row.slices) {
      if (slice.kind !== 'range' || band.lo >= slice.hi || band.hi <= slice.lo) continue;
      const inside = (k: number) => k > slice.lo && k < slice.hi;
      const at = inside(band.lo) ? band.lo : inside(mid) ? mid : null;
      if (at === null) continue;
      return { ok: true, node: row.node, at, lo: slice.lo, hi: slice.hi, to };
    }
  }
  return { ok: false, why: 'no running shard holds a range this band could be split in' };
}

/** A band's accessible name: its keys, requests and share, and what Enter does (`split`). */
export function bandLabel(summary: ShardMapSummary, info: BandInfo, split: SplitChoice): string {
  const action = split.ok
    ? `Enter splits ${rangeWords(split.lo, split.hi)} on ${split.node} at key ${split.at.toLocaleString('en-US')}, the upper part to ${split.to}`
    : `cannot split: ${split.why}`;
  return `${rangeWords(info.lo, info.hi)}: ${info.requests.toLocaleString('en-US')} requests, ${percent(info.share)}. ${action}`;
}

/** The scales that place the cells in a `width` × `height` box: time across, keys down. */
export function heatScales(heat: HeatMap, width: number, height: number) {
  const buckets = Math.max(1, heat.counts.length);
  const time = scaleLinear()
    .domain([heat.start, heat.start + buckets * heat.bucketMs])
    .range([0, width]);
  const band = scaleLinear()
    .domain([0, Math.max(1, heat.bands)])
    .range([0, height]);
  // Square root: a hot band a hundred times a cold one still leaves the cold one visible.
  const alpha = scaleSqrt()
    .domain([0, Math.max(1, maxCell(heat))])
    .range([0, 1])
    .clamp(true);
  return { time, band, alpha };
}
