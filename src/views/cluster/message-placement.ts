/**
 * Where each message is drawn, so that no two share a spot: held messages queue back along
 * their link from the receiver (in the order they arrived), and messages that would sit on
 * top of each other (sent together on one link, or queued there) are fanned out onto lanes
 * beside it. Each dot's centre stays outside every other dot's hit area, so each can be
 * clicked. Plain geometry over the frame: no DOM.
 */
import type { FrameMessage } from '../../engine/sim/frame';
import { along, progressAt, type Layout, type Point } from './geometry';

/** Centre-to-centre distance (px in the view box) that keeps two dots apart to the eye and the pointer. */
export const MESSAGE_SPACING = 16;

/** A message's spot: where it is drawn and how far along its trip that stands for. */
export interface Placement {
  readonly at: Point;
  /** Fraction of the link travelled (0 = at the sender, 1 = at the receiver). */
  readonly progress: number;
}

type Placed = { readonly id: number; readonly distance: number; lane: number };

/** The message's progress at `time`: a held one waits at its receiver; a lost one stops where it died. */
export function shownProgress(m: FrameMessage, time: number): number {
  if (m.heldSince !== null) return 1;
  const dying = m.lostAt !== null && time >= m.lostAt;
  return progressAt(m, dying && m.lostAt !== null ? m.lostAt : time);
}

/**
 * Each message's spot at virtual time `time`. Messages whose nodes are not in the layout
 * get none.
 */
export function placeMessages(
  messages: readonly FrameMessage[],
  time: number,
  layout: Layout,
): Map<number, Placement> {
  const byLink = new Map<string, FrameMessage[]>();
  for (const m of messages) {
    if (!layout.positions.has(m.from) || !layout.positions.has(m.to)) continue;
    const key = `${m.from}>${m.to}`;
    const list = byLink.get(key);
    if (list) list.push(m);
    else byLink.set(key, [m]);
  }
  const placements = new Map<number, Placement>();
  for (const list of byLink.values()) {
    const first = list[0];
    if (!first) continue;
    const from = layout.positions.get(first.from) ?? { x: 0, y: 0 };
    const to = layout.positions.get(first.to) ?? { x: 0, y: 0 };
    const travel = Math.max(1, Math.hypot(to.x - from.x, to.y - from.y) - 2 * layout.nodeRadius);
    for (const { id, progress, lane } of fanOut(list, time, travel))
      placements.set(id, { at: along(from, to, layout.nodeRadius, progress, lane), progress });
  }
  return placements;
}

/** One link's messages: queue the held ones, then move any that collide onto a free lane. */
function fanOut(
  list: readonly FrameMessage[],
  time: number,
  travel: number,
): Array<{ id: number; progress: number; lane: number }> {
  // Held messages queue from the receiver back to the middle of the link, then start a
  // new row on the next lane: a queue of any length stays on its own link.
  const perRow = Math.max(1, Math.floor(travel / 2 / MESSAGE_SPACING) + 1);
  const held = list
    .filter((m) => m.heldSince !== null)
    .sort((a, b) => (a.heldSince ?? 0) - (b.heldSince ?? 0) || a.id - b.id);
  const placed: Placed[] = [];
  held.forEach((m, k) => {
    placed.push({
      id: m.id,
      distance: travel - (k % perRow) * MESSAGE_SPACING,
      lane: Math.floor(k / perRow),
    });
  });
  const moving = list
    .filter((m) => m.heldSince === null)
    .map((m) => ({ id: m.id, distance: shownProgress(m, time) * travel, lane: 0 }))
    .sort((a, b) => b.distance - a.distance || a.id - b.id);
  for (const m of moving) {
    while (
      placed.some((o) => o.lane === m.lane && Math.abs(o.distance - m.distance) < MESSAGE_SPACING)
    )
      m.lane++;
    placed.push(m);
  }
  return placed.map(({ id, distance, lane }) => ({
    id,
    progress: Math.min(1, Math.max(0, distance / travel)),
    lane,
  }));
}
