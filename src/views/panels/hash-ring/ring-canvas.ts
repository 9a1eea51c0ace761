/**
 * The ring's dense layer, drawn on canvases: every arc coloured by its owner (up to 256 × N
 * arcs) and every key as a dot (10,000 and more), rasterised pixel by pixel (`ring-raster.ts`)
 * so a redraw costs the same however many arcs there are (ARCHITECTURE.md: canvas for what
 * SVG cannot carry). The labels, the selected key and focus are SVG and HTML on top.
 */
import type { NodeId } from '../../../engine/protocol';
import type { RingArc } from '../../../engine/protocols/hash-ring/placement/types';
import { angleOf, RING_SIZE, sortedArcs } from './ring-model';
import { ownerBins, rasterBand, rasterDots, rgbOf } from './ring-raster';

/** The drawing's size in CSS pixels (square) and its radii: the arc band, the dot band. */
export const RING_BOX = 360;
export const RING_GEOMETRY = {
  centre: RING_BOX / 2,
  outer: 170,
  inner: 140,
  dotsOuter: 134,
  dotsInner: 96,
} as const;

/** What one redraw of the arcs needs: the arcs, a colour per owner, who is down or picked out. */
export interface RingDrawing {
  readonly arcs: readonly RingArc[];
  /** The CSS colour of each owner's arcs. */
  readonly colourOf: (owner: NodeId) => string;
  /** Owners whose arcs are drawn struck through (down servers). */
  readonly down: ReadonlySet<NodeId>;
  /** The server picked out (the others' arcs are faded), or null. */
  readonly highlight: NodeId | null;
  readonly strikeColour: string;
}

/**
 * The radius of key `i`'s dot: spread over the dot band by a fixed multiplicative hash of its
 * index (Knuth's 2654435761), so dense keys do not sit on one circle and hide each other.
 */
export function dotRadius(i: number): number {
  const { dotsInner, dotsOuter } = RING_GEOMETRY;
  const spread = (Math.imul(i + 1, 2654435761) >>> 0) / RING_SIZE;
  return dotsInner + spread * (dotsOuter - dotsInner);
}

/** Canvas angle (0 = 3 o'clock) of a ring position (0 = 12 o'clock, clockwise). */
const canvasAngle = (position: number) => angleOf(position) - Math.PI / 2;

/** The point on the drawing at ring position `position` and radius `r`. */
export function pointAt(position: number, r: number): { x: number; y: number } {
  const a = canvasAngle(position);
  const c = RING_GEOMETRY.centre;
  return { x: c + r * Math.cos(a), y: c + r * Math.sin(a) };
}

/**
 * Draw the arcs on `ctx` (a canvas of `RING_BOX` × `scale` device pixels a side): each pixel
 * of the band in its owner's colour (`ring-raster.ts`), down owners hatched, the others faded
 * while one is picked out; borders between arcs while they are few enough to read.
 */
export function drawArcs(ctx: CanvasRenderingContext2D, scale: number, d: RingDrawing): void {
  const size = ctx.canvas.width;
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, size, size);
  const owners = [...new Set(d.arcs.map((a) => a.owner))];
  const rgb = new Uint8Array(owners.length * 3);
  const alpha = new Float32Array(owners.length);
  const hatched = new Uint8Array(owners.length);
  owners.forEach((o, i) => {
    rgb.set(rgbOf(ctx, d.colourOf(o)), i * 3);
    alpha[i] = d.highlight === null || d.highlight === o ? 1 : 0.25;
    hatched[i] = d.down.has(o) ? 1 : 0;
  });
  const image = ctx.createImageData(size, size);
  const { inner, outer } = RING_GEOMETRY;
  rasterBand(image.data, size, scale, inner, outer, ownerBins(sortedArcs(d.arcs), owners), {
    rgb,
    alpha,
    hatched,
    strike: rgbOf(ctx, d.strikeColour),
  });
  ctx.putImageData(image, 0, 0);
  ctx.setTransform(scale, 0, 0, scale, 0, 0);
  if (d.arcs.length > 1 && d.arcs.length <= 64) {
    ctx.strokeStyle = d.strikeColour;
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    for (const a of d.arcs) {
      const p = pointAt(a.end, outer);
      const q = pointAt(a.end, inner);
      ctx.moveTo(p.x, p.y);
      ctx.lineTo(q.x, q.y);
    }
    ctx.stroke();
  }
}

/**
 * Draw every key as a dot on its own canvas (`RING_BOX` × `scale` device pixels a side): the
 * key set does not change when the ring does, so a new ring redraws only the arcs.
 */
export function drawDots(
  ctx: CanvasRenderingContext2D,
  scale: number,
  positions: readonly number[],
  colour: string,
): void {
  const size = ctx.canvas.width;
  const image = ctx.createImageData(size, size);
  rasterDots(
    image.data,
    size,
    scale,
    positions,
    dotRadius,
    rgbOf(ctx, colour),
    positions.length > 2000 ? 0.45 : 0.8,
  );
  ctx.putImageData(image, 0, 0);
}

/**
 * Cheap fingerprints of what the canvases show, so they are redrawn when the drawing changes
 * and not on every frame of the run (the summary is a new object every frame).
 */
export function arcsKey(arcs: readonly RingArc[]): string {
  let h = 0;
  for (const a of arcs) {
    h = (Math.imul(h, 31) + a.end + a.vnode) | 0;
    for (let i = 0; i < a.owner.length; i++) h = (Math.imul(h, 31) + a.owner.charCodeAt(i)) | 0;
  }
  return `${arcs.length}:${h}`;
}

export function positionsKey(positions: readonly number[]): string {
  let k = 0;
  for (let i = 0; i < positions.length; i++) k = (Math.imul(k, 31) + (positions[i] ?? 0)) | 0;
  return `${positions.length}:${k}`;
}
