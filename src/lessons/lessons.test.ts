/**
 * Every lesson, rehearsed headless with its own seed:
 * - the golden path completes every step, and each prediction's reveal really happens;
 * - no step completes without its action: a learner who only waits 60 virtual seconds at
 *   the start of a step does not finish it;
 * - the lesson is well formed (short prose, goals on every step, catalogue in sync).
 */
import { describe, expect, it } from 'vitest';
import { LESSONS } from './catalogue';
import { lesson as l01 } from './l01-no-now';
import { lesson as l02 } from './l02-network';
import { lesson as l09 } from './l09-raft-election';
import { lesson as l10 } from './l10-raft-partitions';
import { Rehearsal } from './rehearse';
import type { Lesson } from './types';

const lessons: readonly Lesson[] = [l01, l02, l09, l10];

const words = (text: string) => text.split(/\s+/).filter(Boolean).length;

describe.each(lessons.map((l) => [l.id, l] as const))('lesson %s', (_, lesson) => {
  it('is well formed', () => {
    const meta = LESSONS.find((m) => m.id === lesson.id);
    expect(meta?.stepCount).toBe(lesson.steps.length);
    expect(new Set(lesson.steps.map((s) => s.id)).size).toBe(lesson.steps.length);
    for (const step of lesson.steps) {
      expect(words(step.prose), `${step.id}: prose of about 60 words at most`).toBeLessThanOrEqual(
        70,
      );
      expect(step.goals.length, `${step.id} has goals`).toBeGreaterThan(0);
      expect(step.hints.length, `${step.id} has hints`).toBeGreaterThan(0);
      expect(lesson.golden[step.id], `${step.id} has a golden path`).toBeDefined();
      if (step.predict)
        expect(step.predict.options.map((o) => o.id)).toContain(step.predict.answer);
    }
    expect(lesson.sandbox.challenges.length).toBeGreaterThan(0);
  });

  it('completes every step on the golden path, and every prediction’s reveal happens', () => {
    const r = new Rehearsal(lesson);
    lesson.steps.forEach((step, i) => {
      const { status, ctx } = r.step(i, 'golden', 10_000);
      expect(
        status.done,
        `step ${step.id}: goals ${status.goals.map((g, j) => `${step.goals[j]?.description}=${g}`).join(', ')}`,
      ).toBe(true);
      if (step.predict) expect(step.predict.holds(ctx), `prediction of ${step.id}`).toBe(true);
    });
    // The sandbox's challenges ask for something: idling there meets none of them.
    expect(r.sandboxIdle(30_000)).toEqual([]);
  });

  it.each(lesson.steps.map((s, i) => [s.id, i] as const))(
    'step %s does not complete without its action (60 virtual seconds idle)',
    (_, index) => {
      const r = new Rehearsal(lesson);
      for (let i = 0; i < index; i++) expect(r.step(i, 'golden', 10_000).status.done).toBe(true);
      const { status } = r.step(index, 'idle', 60_000);
      expect(status.done).toBe(false);
    },
  );
});
