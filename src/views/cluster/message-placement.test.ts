import { describe, expect, it } from 'vitest';
import type { FrameMessage } from '../../engine/sim/frame';
import { circleLayout } from './geometry';
import { MESSAGE_SPACING, placeMessages } from './message-placement';

const layout = circleLayout(['n1', 'n2', 'n3', 'n4', 'n5']);

function msg(id: number, from: string, to: string, over: Partial<FrameMessage> = {}): FrameMessage {
  return {
    id,
    from,
    to,
    kind: 'Ping',
    sentAt: 0,
    departAt: 0,
    deliverAt: 40,
    heldSince: null,
    lostAt: null,
    payload: null,
    duplicateOf: null,
    ...over,
  };
}

/** The smallest centre-to-centre distance between any two placed messages. */
function closest(placed: Map<number, { at: { x: number; y: number } }>): number {
  const spots = [...placed.values()].map((p) => p.at);
  let min = Infinity;
  for (let i = 0; i < spots.length; i++)
    for (let j = i + 1; j < spots.length; j++) {
      const [p, q] = [spots[i], spots[j]];
      if (p && q) min = Math.min(min, Math.hypot(p.x - q.x, p.y - q.y));
    }
  return min;
}

describe('placeMessages', () => {
  it('puts a lone message where its trip has brought it, on its lane', () => {
    const placed = placeMessages([msg(1, 'n1', 'n2')], 20, layout);
    expect(placed.get(1)?.progress).toBeCloseTo(0.5);
  });

  it('spreads 16 messages held on 8 links so no two share a spot', () => {
    const links = [
      ['n1', 'n2'],
      ['n2', 'n1'],
      ['n1', 'n3'],
      ['n3', 'n1'],
      ['n2', 'n4'],
      ['n4', 'n5'],
      ['n5', 'n3'],
      ['n3', 'n2'],
    ] as const;
    const held = links.flatMap(([from, to], i) => [
      msg(2 * i, from, to, { heldSince: 40 }),
      msg(2 * i + 1, from, to, { heldSince: 41 }),
    ]);
    const placed = placeMessages(held, 100, layout);
    expect(placed.size).toBe(16);
    expect(closest(placed)).toBeGreaterThanOrEqual(MESSAGE_SPACING - 0.01);
  });

  it('fans out messages on different links that meet at one node', () => {
    const six = circleLayout(['n1', 'n2', 'n3', 'n4', 'n5', 'n6']);
    const senders = ['n1', 'n2', 'n4', 'n5', 'n6'];
    const held = senders.flatMap((from, i) => [
      msg(2 * i, from, 'n3', { heldSince: 40 }),
      msg(2 * i + 1, from, 'n3', { heldSince: 41 }),
    ]);
    expect(closest(placeMessages(held, 100, six))).toBeGreaterThanOrEqual(MESSAGE_SPACING - 0.01);
  });

  it('queues held messages back from the receiver in the order they arrived', () => {
    const placed = placeMessages(
      [msg(1, 'n1', 'n2', { heldSince: 50 }), msg(2, 'n1', 'n2', { heldSince: 45 })],
      60,
      layout,
    );
    expect(placed.get(2)?.progress).toBe(1);
    expect(placed.get(1)?.progress).toBeLessThan(1);
  });

  it('keeps a long queue on its own link, row after row', () => {
    const many = Array.from({ length: 60 }, (_, i) => msg(i, 'n1', 'n2', { heldSince: i }));
    const placed = placeMessages(many, 100, layout);
    expect(closest(placed)).toBeGreaterThanOrEqual(MESSAGE_SPACING - 0.01);
    for (const p of placed.values()) expect(p.progress).toBeGreaterThanOrEqual(0.4);
  });

  it('fans out messages sent together on one link onto lanes beside it', () => {
    const placed = placeMessages(
      [msg(1, 'n1', 'n2'), msg(2, 'n1', 'n2'), msg(3, 'n1', 'n2')],
      10,
      layout,
    );
    expect(closest(placed)).toBeGreaterThanOrEqual(MESSAGE_SPACING - 0.01);
    // Their progress is still true: fanning moves them sideways, not along.
    for (const p of placed.values()) expect(p.progress).toBeCloseTo(0.25);
  });

  it('leaves out a message whose nodes are not drawn', () => {
    expect(placeMessages([msg(1, 'n1', 'zz')], 10, layout).size).toBe(0);
  });
});
