import { describe, expect, it } from 'vitest';
import { along, circleLayout, progressAt, VIEW_SIZE } from './geometry';

describe('progressAt', () => {
  const m = { departAt: 100, deliverAt: 140 };

  it('keeps a queued message at its sender until it departs', () => {
    expect(progressAt(m, 50)).toBe(0);
    expect(progressAt(m, 100)).toBe(0);
  });

  it('moves linearly with virtual time and stops at the receiver', () => {
    expect(progressAt(m, 110)).toBeCloseTo(0.25);
    expect(progressAt(m, 120)).toBeCloseTo(0.5);
    expect(progressAt(m, 140)).toBe(1);
    expect(progressAt(m, 500)).toBe(1);
  });

  it('treats a zero-length trip as arrived', () => {
    expect(progressAt({ departAt: 10, deliverAt: 10 }, 11)).toBe(1);
  });
});

describe('along', () => {
  it('runs from rim to rim, on a lane beside the centre line', () => {
    const from = { x: 0, y: 0 };
    const to = { x: 100, y: 0 };
    const start = along(from, to, 10, 0);
    const end = along(from, to, 10, 1);
    expect(start.x).toBeCloseTo(10);
    expect(end.x).toBeCloseTo(90);
    // Messages the other way use the opposite lane, so the two directions do not overlap.
    const back = along(to, from, 10, 0);
    expect(Math.sign(back.y)).toBe(-Math.sign(start.y));
    expect(start.y).not.toBe(0);
  });
});

describe('circleLayout', () => {
  it('places every node inside the view, the first at the top', () => {
    const ids = ['n1', 'n2', 'n3', 'n4', 'n5'];
    const { positions, nodeRadius } = circleLayout(ids);
    expect(positions.size).toBe(5);
    const first = positions.get('n1');
    expect(first?.x).toBeCloseTo(VIEW_SIZE / 2);
    for (const p of positions.values()) {
      expect(p.x - nodeRadius).toBeGreaterThanOrEqual(0);
      expect(p.x + nodeRadius).toBeLessThanOrEqual(VIEW_SIZE);
      expect(p.y - nodeRadius).toBeGreaterThanOrEqual(0);
      expect(p.y + nodeRadius).toBeLessThanOrEqual(VIEW_SIZE);
    }
  });

  it('shrinks nodes as the ring fills, so 50 do not touch', () => {
    const ids = Array.from({ length: 50 }, (_, i) => `n${i + 1}`);
    const { positions, nodeRadius } = circleLayout(ids);
    const a = positions.get('n1');
    const b = positions.get('n2');
    expect(a && b && Math.hypot(a.x - b.x, a.y - b.y)).toBeGreaterThan(2 * nodeRadius);
  });
});
