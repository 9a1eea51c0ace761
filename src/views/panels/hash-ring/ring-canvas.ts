/**
 * The ring's dense layer, drawn on a canvas: every arc coloured by its owner (up to 256 × N
 * arcs) and every key as a dot (10,000 and more). One path per colour and one for all dots,
 * so a redraw is a few dozen fills however many arcs there are (ARCHITECTURE.md: canvas for
 * what SVG cannot carry). The labels, the selected key and focus are SVG and HTML on top.
 */
import type { NodeId } from '../../../engine/protocol';
import type { RingArc } from '../../../engine/protocols/hash-ring/placement/types';
import { angleOf, arcLength, RING_SIZE } from './ring-model';

/** The drawing's size in CSS pixels (square) and its radii: the arc band, the dot band. */
export const RING_BOX = 360;
export const RING_GEOMETRY = {
  centre: RING_BOX / 2,
  outer: 170,
  inner: 140,
  dotsOuter: 134,
  dotsInner: 96,
} as const;

/** What one redraw needs: arcs, key positions, a colour per owner, who is down or picked out. */
export interface RingDrawing {
  readonly arcs: readonly RingArc[];
  readonly positions: readonly number[];
  /** The CSS colour of each owner's arcs. */
  readonly colourOf: (owner: NodeId) => string;
  /** Owners whose arcs are drawn struck through (down servers). */
  readonly down: ReadonlySet<NodeId>;
  /** The server picked out (the others' arcs are faded), or null. */
  readonly highlight: NodeId | null;
  readonly dotColour: string;
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

/** Add one arc's annulus segment to the current path. */
function addArc(ctx: CanvasRenderingContext2D, arc: RingArc, arcCount: number): void {
  const { centre: c, outer, inner } = RING_GEOMETRY;
  const full = arcLength(arc, arcCount) === RING_SIZE;
  const a0 = full ? -Math.PI / 2 : canvasAngle(arc.start);
  const a1 = full ? (3 * Math.PI) / 2 : canvasAngle(arc.end);
  ctx.moveTo(c + outer * Math.cos(a0), c + outer * Math.sin(a0));
  ctx.arc(c, c, outer, a0, a1, false);
  ctx.arc(c, c, inner, a1, a0, true);
  ctx.closePath();
}

/**
 * Draw the ring on `ctx` (already scaled to CSS pixels): arcs grouped by owner, one fill each;
 * down owners' arcs struck through with a hatch; then every key as a 2 px dot in one fill.
 */
export function drawRing(ctx: CanvasRenderingContext2D, d: RingDrawing): void {
  ctx.clearRect(0, 0, RING_BOX, RING_BOX);
  const byOwner = new Map<NodeId, RingArc[]>();
  for (const a of d.arcs) {
    let list = byOwner.get(a.owner);
    if (!list) byOwner.set(a.owner, (list = []));
    list.push(a);
  }
  for (const [owner, arcs] of byOwner) {
    ctx.globalAlpha = d.highlight === null || d.highlight === owner ? 1 : 0.25;
    ctx.fillStyle = d.colourOf(owner);
    ctx.beginPath();
    for (const a of arcs) addArc(ctx, a, d.arcs.length);
    ctx.fill();
    if (d.down.has(owner)) {
      // Down is said in words in the table and by the hatch, never by colour alone.
      ctx.strokeStyle = d.strikeColour;
      ctx.lineWidth = 1;
      ctx.save();
      ctx.clip();
      ctx.beginPath();
      for (let x = -RING_BOX; x < RING_BOX; x += 6) {
        ctx.moveTo(x, 0);
        ctx.lineTo(x + RING_BOX, RING_BOX);
      }
      ctx.stroke();
      ctx.restore();
    }
  }
  ctx.globalAlpha = 1;
  // Borders between arcs only while they are few enough to read (one point per server).
  if (d.arcs.length > 1 && d.arcs.length <= 64) {
    const { outer, inner } = RING_GEOMETRY;
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
  ctx.fillStyle = d.dotColour;
  ctx.globalAlpha = d.positions.length > 2000 ? 0.45 : 0.8;
  ctx.beginPath();
  for (let i = 0; i < d.positions.length; i++) {
    const p = pointAt(d.positions[i] ?? 0, dotRadius(i));
    ctx.rect(p.x - 1, p.y - 1, 2, 2);
  }
  ctx.fill();
  ctx.globalAlpha = 1;
}

/**
 * A cheap fingerprint of what the canvas shows (arcs, keys, states, highlight), so the canvas
 * is redrawn when the drawing changes and not on every frame of the run.
 */
export function drawingKey(
  arcs: readonly RingArc[],
  positions: readonly number[],
  extra: string,
): string {
  let h = 0;
  for (const a of arcs) {
    h = (Math.imul(h, 31) + a.end + a.vnode) | 0;
    for (let i = 0; i < a.owner.length; i++) h = (Math.imul(h, 31) + a.owner.charCodeAt(i)) | 0;
  }
  let k = 0;
  for (let i = 0; i < positions.length; i += 1) k = (Math.imul(k, 31) + (positions[i] ?? 0)) | 0;
  return `${arcs.length}:${h}:${positions.length}:${k}:${extra}`;
}
