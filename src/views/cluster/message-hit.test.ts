import { describe, expect, it } from 'vitest';
import type { FrameMessage } from '../../engine/sim/frame';
import type { Placement } from './message-placement';
import { VIEW_SIZE } from './geometry';
import { onScreen, RecentPlacements } from './message-hit';

/** A box the size of the view box at the page's origin: screen px are view-box units. */
const BOX = { left: 0, top: 0, width: VIEW_SIZE, height: VIEW_SIZE };

function msg(id: number): FrameMessage {
  return {
    id,
    from: 'n1',
    to: 'n2',
    kind: 'Ping',
    sentAt: 0,
    departAt: 0,
    deliverAt: 40,
    heldSince: null,
    lostAt: null,
    payload: null,
    duplicateOf: null,
  };
}

const at = (x: number, y: number): Placement => ({ at: { x, y }, progress: 0.5 });

describe('RecentPlacements', () => {
  it('takes a press where a moving message was drawn a moment ago as meant for it', () => {
    const recent = new RecentPlacements();
    const m = msg(1);
    recent.note(0, [m], new Map([[1, at(100, 100)]]), BOX);
    recent.note(16, [m], new Map([[1, at(140, 100)]]), BOX);
    recent.note(32, [m], new Map([[1, at(180, 100)]]), BOX);
    // The press lands where the dot was two frames ago: 80 units behind it now.
    expect(recent.nearest({ x: 102, y: 101 }, 10, -1000)?.message.id).toBe(1);
    expect(recent.nearest({ x: 102, y: 101 }, 10, -1000)?.at).toEqual({ x: 100, y: 100 });
    // Too long ago, or too far from any spot: not a message.
    expect(recent.nearest({ x: 102, y: 101 }, 10, 20)).toBeNull();
    expect(recent.nearest({ x: 120, y: 100 }, 10, -1000)).toBeNull();
  });

  it('picks the nearest of crowded messages, and a message that has since left', () => {
    const recent = new RecentPlacements();
    recent.note(
      0,
      [msg(1), msg(2)],
      new Map([
        [1, at(100, 100)],
        [2, at(100, 116)],
      ]),
      BOX,
    );
    expect(recent.nearest({ x: 100, y: 110 }, 12, 0)?.message.id).toBe(2);
    expect(recent.nearest({ x: 100, y: 104 }, 12, 0)?.message.id).toBe(1);
    // Message 2 is delivered in the next frame: a press on where it was still finds it.
    recent.note(16, [msg(1)], new Map([[1, at(104, 100)]]), BOX);
    expect(recent.nearest({ x: 100, y: 117 }, 12, 0)?.message.id).toBe(2);
  });

  it('always looks at the latest frame, however old (a paused stage draws nothing new)', () => {
    const recent = new RecentPlacements(2);
    recent.note(0, [msg(1)], new Map([[1, at(10, 10)]]), BOX);
    recent.note(5, [msg(2)], new Map([[2, at(50, 50)]]), BOX);
    recent.note(10, [msg(3)], new Map([[3, at(90, 90)]]), BOX);
    expect(recent.nearest({ x: 90, y: 90 }, 5, 1_000_000)?.message.id).toBe(3);
    expect(recent.nearest({ x: 50, y: 50 }, 5, 1_000_000)).toBeNull();
    // Capacity 2: the oldest frame is gone.
    expect(recent.nearest({ x: 10, y: 10 }, 5, 0)).toBeNull();
    recent.clear();
    expect(recent.nearest({ x: 90, y: 90 }, 5, 0)).toBeNull();
  });
});

describe('onScreen', () => {
  it('places a view-box point in a box drawn at another size, centred as SVG does', () => {
    const box = { left: 10, top: 20, width: 320, height: 400 };
    // Scale 0.5; the square drawing is centred in the taller box (40 px above and below).
    expect(onScreen({ x: 0, y: 0 }, box)).toEqual({ x: 10, y: 60 });
    expect(onScreen({ x: VIEW_SIZE, y: VIEW_SIZE }, box)).toEqual({ x: 330, y: 380 });
  });

  it('finds a message drawn before the stage grew, where it was then', () => {
    const recent = new RecentPlacements();
    const small = { left: 0, top: 0, width: 320, height: 320 };
    recent.note(0, [msg(1)], new Map([[1, at(200, 200)]]), small);
    // Drawn at (100, 100) on screen then; the stage grows, and nothing is redrawn yet.
    expect(recent.nearest({ x: 101, y: 100 }, 12, 0)?.message.id).toBe(1);
    expect(recent.nearest({ x: 200, y: 200 }, 12, 0)).toBeNull();
  });
});
