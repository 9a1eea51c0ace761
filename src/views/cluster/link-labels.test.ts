import { describe, expect, it } from 'vitest';
import { placeLinkLabels } from './link-labels';

describe('placeLinkLabels', () => {
  it('moves a label along its link when it would cover one placed before', () => {
    // Two diagonals that cross at (100, 100): at 0.5 both labels would sit on the crossing.
    const [a, b] = placeLinkLabels([
      { text: '5–7 ms', p: { x: 0, y: 0 }, q: { x: 200, y: 200 }, preferred: 0.5 },
      { text: '5–7 ms', p: { x: 200, y: 0 }, q: { x: 0, y: 200 }, preferred: 0.5 },
    ]);
    expect(a).toEqual({ x: 100, y: 100 });
    expect(b).toBeDefined();
    expect(Math.abs((b?.y ?? 0) - 100)).toBeGreaterThanOrEqual(13);
  });

  it('keeps the preferred spot when it is free', () => {
    const [a, b] = placeLinkLabels([
      { text: '400–600 ms', p: { x: 0, y: 0 }, q: { x: 200, y: 0 }, preferred: 0.4 },
      { text: '400–600 ms', p: { x: 0, y: 100 }, q: { x: 200, y: 100 }, preferred: 0.4 },
    ]);
    expect(a).toEqual({ x: 80, y: 0 });
    expect(b).toEqual({ x: 80, y: 100 });
  });
});
