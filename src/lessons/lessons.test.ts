/**
 * Every lesson, rehearsed headless with its own seed:
 * - the golden path completes every step, each prediction's reveal really happens, and every
 *   claim a reveal or an answer's feedback makes about the run holds in the run;
 * - a step counts only what happened because of it: a learner who did the earlier steps and
 *   then only waits 60 virtual seconds ticks none of its goals, and one who does all of the
 *   step's golden moves but the last (decisive) one does not finish it;
 * - the lesson is well formed (short prose, goals on every step, catalogue in sync).
 */
import { describe, expect, it } from 'vitest';
import { LESSONS } from './catalogue';
import { Rehearsal } from './rehearse';
import type { Lesson } from './types';

/** Every lesson the catalogue lists, loaded eagerly (the same glob the catalogue derives from). */
const modules = import.meta.glob<Lesson>(['./l[0-9][0-9]-*.ts', '!./*.*.ts'], {
  eager: true,
  import: 'lesson',
});
const lessons: readonly Lesson[] = Object.values(modules).filter(
  (l): l is Lesson => l !== undefined,
);

/**
 * Rehearsals run whole simulations: on a loaded 2-core CI machine one idle step took over
 * 5 s (vitest's default budget). A generous budget holds there; the runs are deterministic,
 * so a slow machine changes only how long they take, never what they find.
 */
const SIMULATION_BUDGET_MS = 180_000;

const words = (text: string) => text.split(/\s+/).filter(Boolean).length;

it('every lesson in the catalogue has a module, and every module is in the catalogue', () => {
  expect(lessons.map((l) => l.id).sort()).toEqual(LESSONS.map((m) => m.id).sort());
});

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
      if (step.predict) {
        expect(step.predict.options.map((o) => o.id)).toContain(step.predict.answer);
        // A wrong answer names its own belief (the one the reveal quotes beside it).
        for (const o of step.predict.options)
          if (o.id === step.predict.answer)
            expect(o.misconception, `${step.id}: the right answer names no belief`).toBeUndefined();
          else
            expect(
              lesson.misconceptions.map((m) => m.id),
              `${step.id}: option ${o.id} names a misconception of the lesson`,
            ).toContain(o.misconception);
      }
    }
    expect(lesson.sandbox.challenges.length).toBeGreaterThan(0);
  });

  it(
    'completes every step on the golden path, and every prediction’s reveal happens',
    () => {
      const r = new Rehearsal(lesson);
      lesson.steps.forEach((step, i) => {
        const { status, ctx } = r.step(i, 'golden', 10_000);
        expect(
          status.done,
          `step ${step.id}: goals ${status.goals.map((g, j) => `${step.goals[j]?.description}=${g}`).join(', ')}`,
        ).toBe(true);
        if (step.predict) expect(step.predict.holds(ctx), `prediction of ${step.id}`).toBe(true);
        // What the reveal and every answer's feedback say about the run, the run did.
        const tellings = [
          ['reveal', step.reveal(ctx)] as const,
          ...(step.predict?.options ?? []).map(
            (o) => [`feedback ${o.id}`, o.feedback(ctx)] as const,
          ),
        ];
        for (const [what, claims] of tellings) {
          expect(
            claims.filter((c) => c.holds !== undefined).length,
            `${step.id} ${what} says what this run did`,
          ).toBeGreaterThan(0);
          for (const c of claims)
            expect(c.holds, `${step.id} ${what}: “${c.text}”`).not.toBe(false);
        }
      });
      // The sandbox's challenges ask for something: idling there meets none of them.
      expect(r.sandboxIdle(30_000)).toEqual([]);
      // …and each can be met as worded, where the lesson scripts a learner for them.
      if (lesson.sandbox.golden)
        expect(r.sandbox(lesson.sandbox.golden).sort()).toEqual(
          lesson.sandbox.challenges.map((c) => c.id).sort(),
        );
    },
    SIMULATION_BUDGET_MS,
  );

  it.each(lesson.steps.map((s, i) => [s.id, i] as const))(
    'step %s: what earlier steps left running ticks none of its goals, and it needs its last move',
    (_, index) => {
      const step = lesson.steps[index];
      if (!step) throw new Error('no step');
      const before = () => {
        const r = new Rehearsal(lesson);
        for (let i = 0; i < index; i++) expect(r.step(i, 'golden', 10_000).status.done).toBe(true);
        return r;
      };
      // A learner who did the earlier steps and nothing since: no goal of this step ticks by
      // itself from their aftermath (messages still queued, timers still armed), in 60 s.
      const idle = before().step(index, 'idle', 60_000).status;
      expect(
        step.goals.filter((_g, i) => idle.goals[i]).map((g) => g.description),
        'goals ticked by a learner who did nothing in this step',
      ).toEqual([]);
      // A learner who sets the step up but never makes its decisive (last) move does not finish it.
      const partial = before().step(index, 'all-but-last', 60_000).status;
      expect(
        partial.done,
        `step ${step.id} completed without its last move: ${step.goals.map((g, j) => `${g.description}=${partial.goals[j]}`).join(', ')}`,
      ).toBe(false);
    },
    SIMULATION_BUDGET_MS,
  );
});
