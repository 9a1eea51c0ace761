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

/** The message's progress at `time`: a held one waits at its receiver; a lost one stops where it died. */
export function shownProgress(m: FrameMessage, time: number): number {
  if (m.heldSince !== null) return 1;
  const dying = m.lostAt !== null && time >= m.lostAt;
  return progressAt(m, dying && m.lostAt !== null ? m.lostAt : time);
}

/** How far out a crowded message may be fanned (lanes beside its link) before it gives up. */
const MAX_LANE = 8;

/** A message's spot before fanning: how far along its link (px), on which lane at least. */
interface Seat {
  readonly m: FrameMessage;
  readonly from: Point;
  readonly to: Point;
  readonly travel: number;
  readonly distance: number;
  readonly lane: number;
}

/**
 * Each message's spot at virtual time `time`. Messages whose nodes are not in the layout
 * get none. Held messages are seated first (oldest first), then moving ones; each takes
 * the first lane, from its own outwards, where no message already seated is within
 * MESSAGE_SPACING (on any link: links meet at the nodes). O(n) with a grid of cells.
 */
export function placeMessages(
  messages: readonly FrameMessage[],
  time: number,
  layout: Layout,
): Map<number, Placement> {
  const seats = seatsOf(messages, time, layout);
  const grid = new Map<string, Point[]>();
  const cell = (x: number, y: number) =>
    `${Math.floor(x / MESSAGE_SPACING)},${Math.floor(y / MESSAGE_SPACING)}`;
  const isFree = (p: Point) => {
    const cx = Math.floor(p.x / MESSAGE_SPACING);
    const cy = Math.floor(p.y / MESSAGE_SPACING);
    for (let dx = -1; dx <= 1; dx++)
      for (let dy = -1; dy <= 1; dy++)
        for (const q of grid.get(`${cx + dx},${cy + dy}`) ?? [])
          if (Math.hypot(p.x - q.x, p.y - q.y) < MESSAGE_SPACING) return false;
    return true;
  };
  const placements = new Map<number, Placement>();
  for (const s of seats) {
    const progress = Math.min(1, Math.max(0, s.distance / s.travel));
    let at = along(s.from, s.to, layout.nodeRadius, progress, s.lane);
    for (let lane = s.lane + 1; !isFree(at) && lane <= s.lane + MAX_LANE; lane++)
      at = along(s.from, s.to, layout.nodeRadius, progress, lane);
    const key = cell(at.x, at.y);
    const list = grid.get(key);
    if (list) list.push(at);
    else grid.set(key, [at]);
    placements.set(s.m.id, { at, progress });
  }
  return placements;
}

/** The seats in the order they are placed: held (oldest first), then moving (furthest first). */
function seatsOf(messages: readonly FrameMessage[], time: number, layout: Layout): Seat[] {
  const byLink = new Map<string, FrameMessage[]>();
  for (const m of messages) {
    if (!layout.positions.has(m.from) || !layout.positions.has(m.to)) continue;
    const key = `${m.from}>${m.to}`;
    const list = byLink.get(key);
    if (list) list.push(m);
    else byLink.set(key, [m]);
  }
  const held: Seat[] = [];
  const moving: Seat[] = [];
  for (const list of byLink.values()) {
    const first = list[0];
    if (!first) continue;
    const from = layout.positions.get(first.from) ?? { x: 0, y: 0 };
    const to = layout.positions.get(first.to) ?? { x: 0, y: 0 };
    const travel = Math.max(1, Math.hypot(to.x - from.x, to.y - from.y) - 2 * layout.nodeRadius);
    // Held messages queue from the receiver back to the middle of the link, then start a
    // new row on the next lane: a queue of any length stays on its own link.
    const perRow = Math.max(1, Math.floor(travel / 2 / MESSAGE_SPACING) + 1);
    list
      .filter((m) => m.heldSince !== null)
      .sort((a, b) => (a.heldSince ?? 0) - (b.heldSince ?? 0) || a.id - b.id)
      .forEach((m, k) =>
        held.push({
          m,
          from,
          to,
          travel,
          distance: travel - (k % perRow) * MESSAGE_SPACING,
          lane: Math.floor(k / perRow),
        }),
      );
    for (const m of list)
      if (m.heldSince === null)
        moving.push({ m, from, to, travel, distance: shownProgress(m, time) * travel, lane: 0 });
  }
  held.sort(
    (a, b) => (a.m.heldSince ?? 0) - (b.m.heldSince ?? 0) || a.lane - b.lane || a.m.id - b.m.id,
  );
  moving.sort((a, b) => b.distance / b.travel - a.distance / a.travel || a.m.id - b.m.id);
  return [...held, ...moving];
}
