/**
 * The ring's arcs and dots rasterised straight into pixels. A canvas path of 2,560 arc
 * segments takes 60–110 ms to fill in software (measured in headless Chromium), though the
 * ring is only about a thousand pixels round; so each pixel of the band looks up its owner
 * instead: the ring is cut into angular bins (more bins than pixels round), each bin's owner
 * found once by binary search, then every pixel's angle picks its bin. A few ms for
 * 2,560 arcs at twice the pixel density, whatever the number of arcs. Pure over typed arrays,
 * so it is tested without a canvas.
 */
import type { NodeId } from '../../../engine/protocol';
import type { RingArc } from '../../../engine/protocols/hash-ring/placement/types';
import { arcIndexAt, RING_SIZE } from './ring-model';

/** Angular bins round the ring: finer than the pixels of a 360 px ring at 2× density. */
export const RING_BINS = 4096;

/**
 * The owner (an index into `owners`) of the middle of each angular bin, −1 where the ring is
 * empty. `sorted` is in ring order (`sortedArcs`).
 */
export function ownerBins(
  sorted: readonly RingArc[],
  owners: readonly NodeId[],
  bins = RING_BINS,
): Int16Array {
  const out = new Int16Array(bins).fill(-1);
  if (sorted.length === 0) return out;
  const index = new Map(owners.map((o, i) => [o, i]));
  for (let b = 0; b < bins; b++) {
    const at = Math.floor(((b + 0.5) / bins) * RING_SIZE);
    const arc = sorted[arcIndexAt(sorted, at)];
    out[b] = arc ? (index.get(arc.owner) ?? -1) : -1;
  }
  return out;
}

/** How to paint each owner: its colour, its opacity, and whether it is struck through. */
export interface OwnerPaint {
  /** r, g, b per owner index, 0–255. */
  readonly rgb: Uint8Array;
  /** Opacity per owner index, 0–1 (a picked-out server's peers fade). */
  readonly alpha: Float32Array;
  /** 1 where the owner is down: its band is hatched. */
  readonly hatched: Uint8Array;
  /** The hatch's colour, r, g, b. */
  readonly strike: readonly [number, number, number];
}

/** The band's pixels, worked out once per size: where each lies, its bin and its coverage. */
interface BandGeometry {
  /** Offsets (in pixels) of the band's pixels. */
  readonly pixel: Int32Array;
  /** Each one's angular bin. */
  readonly bin: Int16Array;
  /** Each one's coverage by the band, 0–255 (the edges are smoothed over one pixel). */
  readonly cover: Uint8Array;
  /** 1 where the pixel lies on the hatch (down servers' lines). */
  readonly onHatch: Uint8Array;
}

const geometries = new Map<string, BandGeometry>();

/** The band's pixels for one size (cached: the ring keeps its size while the arcs change). */
function bandGeometry(
  size: number,
  scale: number,
  inner: number,
  outer: number,
  bins: number,
): BandGeometry {
  const key = `${size}|${scale}|${inner}|${outer}|${bins}`;
  const known = geometries.get(key);
  if (known) return known;
  const c = size / 2;
  const ro = outer * scale;
  const ri = inner * scale;
  const hatchStep = Math.max(3, Math.round(6 * scale));
  const perTurn = bins / (2 * Math.PI);
  const pixel: number[] = [];
  const bin: number[] = [];
  const cover: number[] = [];
  const onHatch: number[] = [];
  const lo = Math.max(0, Math.floor(c - ro - 1));
  const hi = Math.min(size, Math.ceil(c + ro + 1));
  for (let y = lo; y < hi; y++) {
    const dy = y + 0.5 - c;
    for (let x = lo; x < hi; x++) {
      const dx = x + 0.5 - c;
      const r = Math.sqrt(dx * dx + dy * dy);
      if (r < ri - 0.5 || r > ro + 0.5) continue;
      let turn = Math.atan2(dx, -dy);
      if (turn < 0) turn += 2 * Math.PI;
      pixel.push(y * size + x);
      bin.push(Math.min(bins - 1, Math.floor(turn * perTurn)));
      cover.push(Math.round(255 * Math.min(1, ro + 0.5 - r, r - (ri - 0.5))));
      onHatch.push((x + y) % hatchStep === 0 ? 1 : 0);
    }
  }
  const g = {
    pixel: Int32Array.from(pixel),
    bin: Int16Array.from(bin),
    cover: Uint8Array.from(cover),
    onHatch: Uint8Array.from(onHatch),
  };
  if (geometries.size > 8) geometries.clear();
  geometries.set(key, g);
  return g;
}

/**
 * Paint the band between radii `inner` and `outer` (CSS px; `scale` device pixels per CSS px)
 * into `pixels` (RGBA, `size` × `size` device pixels), centred, each pixel in the colour of
 * the owner of its angle (0 at the top, clockwise). The band's pixels and their bins are
 * worked out once per size; a redraw is one pass over them.
 */
export function rasterBand(
  pixels: Uint8ClampedArray,
  size: number,
  scale: number,
  inner: number,
  outer: number,
  bins: Int16Array,
  paint: OwnerPaint,
): void {
  const g = bandGeometry(size, scale, inner, outer, bins.length);
  for (let k = 0; k < g.pixel.length; k++) {
    const owner = bins[g.bin[k] ?? 0] ?? -1;
    if (owner < 0) continue;
    const i = (g.pixel[k] ?? 0) * 4;
    const struck = paint.hatched[owner] === 1 && g.onHatch[k] === 1;
    pixels[i] = struck ? paint.strike[0] : (paint.rgb[owner * 3] ?? 0);
    pixels[i + 1] = struck ? paint.strike[1] : (paint.rgb[owner * 3 + 1] ?? 0);
    pixels[i + 2] = struck ? paint.strike[2] : (paint.rgb[owner * 3 + 2] ?? 0);
    pixels[i + 3] = Math.round((g.cover[k] ?? 0) * (paint.alpha[owner] ?? 1));
  }
}

/**
 * Paint each key as a dot of `dot` device pixels at its ring angle and the radius
 * `radiusOf(i)` (CSS px), in one colour at one opacity.
 */
export function rasterDots(
  pixels: Uint8ClampedArray,
  size: number,
  scale: number,
  positions: readonly number[],
  radiusOf: (i: number) => number,
  rgb: readonly [number, number, number],
  alpha: number,
): void {
  const c = size / 2;
  const dot = Math.max(2, Math.round(2 * scale));
  const a = Math.round(255 * alpha);
  for (let k = 0; k < positions.length; k++) {
    const turn = ((positions[k] ?? 0) / RING_SIZE) * 2 * Math.PI;
    const r = radiusOf(k) * scale;
    const x0 = Math.round(c + r * Math.sin(turn) - dot / 2);
    const y0 = Math.round(c - r * Math.cos(turn) - dot / 2);
    for (let y = y0; y < y0 + dot; y++) {
      if (y < 0 || y >= size) continue;
      for (let x = x0; x < x0 + dot; x++) {
        if (x < 0 || x >= size) continue;
        const i = (y * size + x) * 4;
        pixels[i] = rgb[0];
        pixels[i + 1] = rgb[1];
        pixels[i + 2] = rgb[2];
        pixels[i + 3] = a;
      }
    }
  }
}

/** A CSS colour as r, g, b (via a canvas context, which normalises any CSS colour). */
export function rgbOf(ctx: CanvasRenderingContext2D, css: string): [number, number, number] {
  ctx.fillStyle = '#000';
  ctx.fillStyle = css;
  const v = String(ctx.fillStyle);
  const hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(v);
  if (hex)
    return [parseInt(hex[1] ?? '0', 16), parseInt(hex[2] ?? '0', 16), parseInt(hex[3] ?? '0', 16)];
  const nums = v.match(/[\d.]+/g)?.map(Number) ?? [];
  return [nums[0] ?? 0, nums[1] ?? 0, nums[2] ?? 0];
}
