/**
 * L3 beyond the golden path: a learner who reads while the clock runs meets dawn before
 * acting, and is told so (a newcomer found the goals silently out of reach).
 */
import { describe, expect, it } from 'vitest';
import { lesson } from './l03-two-generals';
import { Rehearsal } from './rehearse';

describe('L3 (two generals)', () => {
  it.each(['plan', 'ack'])(
    'step %s: dawn passing before the learner acts is a near miss, and the step is not done',
    (id) => {
      const index = lesson.steps.findIndex((s) => s.id === id);
      expect(index).toBeGreaterThanOrEqual(0);
      const r = new Rehearsal({
        ...lesson,
        golden: { ...lesson.golden, [id]: [{ waitMs: 35_000 }] },
      });
      for (let i = 0; i < index; i++) expect(r.step(i, 'golden', 10_000).status.done).toBe(true);
      const { status } = r.step(index, 'golden', 0);
      expect(status.done).toBe(false);
      expect(status.nearMisses).toEqual(['dawn-first']);
    },
    60_000,
  );
});
