/** Where things are drawn: nodes on a circle, messages along the line between two nodes. */
import type { FrameMessage } from '../../engine/sim/frame';

export const VIEW_SIZE = 640;

export interface Point {
  readonly x: number;
  readonly y: number;
}

export interface Layout {
  readonly positions: ReadonlyMap<string, Point>;
  readonly nodeRadius: number;
}

export function circleLayout(ids: readonly string[]): Layout {
  const n = Math.max(ids.length, 1);
  const center = VIEW_SIZE / 2;
  // Nodes shrink as the ring fills, so 50 still fit without touching.
  const nodeRadius = Math.max(9, Math.min(38, (Math.PI * (VIEW_SIZE * 0.36)) / n - 4));
  const ring = VIEW_SIZE / 2 - nodeRadius - 34;
  const positions = new Map<string, Point>();
  ids.forEach((id, i) => {
    const angle = -Math.PI / 2 + (2 * Math.PI * i) / n;
    positions.set(id, { x: center + ring * Math.cos(angle), y: center + ring * Math.sin(angle) });
  });
  return { positions, nodeRadius };
}

/** How far along its link a message is at virtual time t (0 = at the sender). */
export function progressAt(m: Pick<FrameMessage, 'departAt' | 'deliverAt'>, t: number): number {
  if (t <= m.departAt) return 0;
  const span = m.deliverAt - m.departAt;
  return span <= 0 ? 1 : Math.min(1, (t - m.departAt) / span);
}

/** Distance (px) between a link's centre line and its first lane, and between lanes. */
export const LANE_PX = 5;
export const LANE_STEP_PX = 16;

/**
 * A point on the segment between two node rims, at fraction p, on lane `lane` (0 is the
 * message's own side of the link; higher lanes fan out further from it).
 */
export function along(from: Point, to: Point, rim: number, p: number, lane = 0): Point {
  const dx = to.x - from.x;
  const dy = to.y - from.y;
  const len = Math.hypot(dx, dy) || 1;
  const ux = dx / len;
  const uy = dy / len;
  const start = { x: from.x + ux * rim, y: from.y + uy * rim };
  const travel = Math.max(0, len - 2 * rim);
  // Messages either way between a pair travel on parallel lanes, so they do not overlap.
  const off = LANE_PX + lane * LANE_STEP_PX;
  return { x: start.x + ux * travel * p - uy * off, y: start.y + uy * travel * p + ux * off };
}
