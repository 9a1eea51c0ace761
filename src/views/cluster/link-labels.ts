/**
 * Where the labels of links set apart are drawn: part-way along each link, off-centre (so
 * diagonals that cross in the middle do not share a spot), and moved along their own link
 * when they would still cover a label placed before them (two "5–7 ms" labels overlapped
 * where the kv-causal lab's near links cross). Plain geometry in view-box units: no DOM.
 */
import type { Point } from './geometry';

/** A label to place: its text and the link it belongs to (from p to q). */
export interface LabelRequest {
  readonly text: string;
  readonly p: Point;
  readonly q: Point;
  /** Where along the link it would sit by choice (0 at p, 1 at q). */
  readonly preferred: number;
}

/** Rough size of a label's text (10 px font): wide enough to keep readers' eyes apart. */
const CHAR_WIDTH = 6;
const LINE_HEIGHT = 13;

/** Fractions tried, in order, after the preferred one: nearer the middle first. */
const FALLBACKS = [0.4, 0.6, 0.3, 0.7, 0.25, 0.75, 0.5, 0.2, 0.8];

const lerp = (p: Point, q: Point, t: number): Point => ({
  x: p.x + (q.x - p.x) * t,
  y: p.y + (q.y - p.y) * t,
});

interface Box {
  readonly at: Point;
  readonly halfWidth: number;
}

const overlaps = (a: Box, b: Box) =>
  Math.abs(a.at.x - b.at.x) < a.halfWidth + b.halfWidth && Math.abs(a.at.y - b.at.y) < LINE_HEIGHT;

/**
 * A spot for each label, in order: the preferred fraction along its link if it covers no
 * label placed before, else the first fallback that does not; if none is free, the
 * preferred spot (a crowded stage still labels every link).
 */
export function placeLinkLabels(labels: readonly LabelRequest[]): Point[] {
  const placed: Box[] = [];
  return labels.map(({ text, p, q, preferred }) => {
    const halfWidth = (text.length * CHAR_WIDTH) / 2;
    const tries = [preferred, ...FALLBACKS.filter((t) => t !== preferred)];
    const free = tries
      .map((t) => ({ at: lerp(p, q, t), halfWidth }))
      .find((box) => placed.every((other) => !overlaps(box, other)));
    const box = free ?? { at: lerp(p, q, preferred), halfWidth };
    placed.push(box);
    return box.at;
  });
}
