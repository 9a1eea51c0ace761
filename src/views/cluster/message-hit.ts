/**
 * Which message a pointer meant. A moving dot is a moving target: between seeing it and
 * pressing, a person's hand (or a test's round trip) lags, and by the press the dot has
 * moved on, so the press lands on the link under it. The stage remembers where it drew each
 * message over the last moments (`RecentPlacements`), and a press near any of those spots
 * is taken as meant for that message — the nearest one, so crowded dots stay apart. Spots
 * are compared on screen (CSS px), through where the drawing's box was when each frame was
 * drawn: the stage may resize between seeing and pressing. Plain data: no DOM.
 */
import type { FrameMessage } from '../../engine/sim/frame';
import { VIEW_SIZE, type Point } from './geometry';
import type { Placement } from './message-placement';

/**
 * Half the smallest target a pointer should have to hit (CSS px): WCAG 2.2, success
 * criterion 2.5.8 (Target Size, Minimum) asks for 24 × 24 px.
 */
export const MESSAGE_TARGET_RADIUS_PX = 12;

/**
 * How far back (wall-clock ms) a press still counts for where a message was drawn: a
 * person's hand lags what they see by a few hundred ms. Longer (2 s was tried, for a busy
 * machine that draws and delivers input late) and a stream of messages along a link covers
 * the whole link, so the link itself can no longer be clicked (L2's link settings).
 */
export const PRESS_LOOKBACK_MS = 700;

/** Where the drawing's box was on screen (CSS px), as getBoundingClientRect says. */
export interface DrawnBox {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
}

/** What one drawn frame showed: when (wall-clock ms), which messages, where, in what box. */
interface Drawn {
  readonly atMs: number;
  readonly messages: readonly FrameMessage[];
  readonly placements: ReadonlyMap<number, Placement>;
  readonly box: DrawnBox;
}

/** A view-box point on screen, in `box` (the view box is square, centred: SVG's "meet"). */
export function onScreen(p: Point, box: DrawnBox): Point {
  const scale = Math.min(box.width, box.height) / VIEW_SIZE;
  return {
    x: box.left + (box.width - VIEW_SIZE * scale) / 2 + p.x * scale,
    y: box.top + (box.height - VIEW_SIZE * scale) / 2 + p.y * scale,
  };
}

/** A message the press was meant for, as it was when drawn there. */
export interface MessageHit {
  readonly message: FrameMessage;
  /** Where it was drawn nearest the press (view-box units). */
  readonly at: Point;
  /** Distance from the press to that spot (CSS px). */
  readonly distance: number;
}

/** The frames drawn lately (at most `capacity`, the newest last). */
export class RecentPlacements {
  private readonly drawn: Drawn[] = [];

  constructor(private readonly capacity = 240) {}

  /** Remember a drawn frame; `atMs` is wall-clock ms (performance.now()). */
  note(
    atMs: number,
    messages: readonly FrameMessage[],
    placements: ReadonlyMap<number, Placement>,
    box: DrawnBox,
  ): void {
    const last = this.drawn.at(-1);
    if (last && last.placements === placements && last.box === box) return;
    this.drawn.push({ atMs, messages, placements, box });
    if (this.drawn.length > this.capacity) this.drawn.shift();
  }

  /**
   * The message drawn nearest `press` (CSS px), within `radiusPx`, in any frame drawn
   * at `sinceMs` or later — and always in the latest frame, however old (a paused stage
   * draws nothing new). Ties go to the later frame. Null when none was that near.
   */
  nearest(press: Point, radiusPx: number, sinceMs: number): MessageHit | null {
    let best: MessageHit | null = null;
    for (let i = this.drawn.length - 1; i >= 0; i--) {
      const frame = this.drawn[i] as Drawn;
      if (i < this.drawn.length - 1 && frame.atMs < sinceMs) break;
      for (const m of frame.messages) {
        const placed = frame.placements.get(m.id);
        if (!placed) continue;
        const seen = onScreen(placed.at, frame.box);
        const distance = Math.hypot(seen.x - press.x, seen.y - press.y);
        if (distance <= radiusPx && (best === null || distance < best.distance))
          best = { message: m, at: placed.at, distance };
      }
    }
    return best;
  }

  /** Forget every frame (a new run: its message ids start again). */
  clear(): void {
    this.drawn.length = 0;
  }
}
