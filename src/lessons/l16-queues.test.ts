/**
 * L16 beyond the rehearsal every lesson gets (lessons.test.ts): each wrong answer meets its own
 * belief; the near misses fire on the wrong move a learner commonly makes (publishing before
 * arming the crash, arming the other crash point, two consumers that happen to keep order);
 * the reveals name this run's messages and consumers; and the sandbox's rate is one a slow
 * consumer can break and a joining one restore.
 */
import { describe, expect, it } from 'vitest';
import type { SimAction } from '../engine/sim/actions';
import { StepWatch } from './goal-context';
import { lesson } from './l16-queues';
import { C1, nodeAction, publish } from './l16-queues.run';
import { Rehearsal } from './rehearse';
import { evaluateStep, freshStatus, shownText } from './runner';

const BUDGET_MS = 120_000;

/** A learner who did the earlier steps as the golden path does, then plays `moves` in step `index`. */
function play(index: number, moves: readonly (SimAction | number)[]) {
  const r = new Rehearsal(lesson);
  for (let i = 0; i < index; i++) expect(r.step(i, 'golden', 10_000).status.done).toBe(true);
  const step = lesson.steps[index];
  if (!step) throw new Error(`no step ${index}`);
  // The step's own fresh run, as the player opens it: step() does that for a learner who idles.
  r.step(index, 'idle', 0);
  const watch = new StepWatch(r.sim, r.sim.frame(0));
  let status = freshStatus(step);
  for (const m of moves) {
    if (typeof m === 'number') {
      const until = r.sim.time + m;
      while (r.sim.time < until) {
        r.sim.runUntilSync(Math.min(until, r.sim.time + 20));
        status = evaluateStep(step, watch.context(r.sim.frame(0), r.vars), status);
      }
    } else r.sim.actSync(m);
  }
  return status;
}

const stepIndex = (id: string) => lesson.steps.findIndex((s) => s.id === id);
const belief = (stepId: string, option: string) =>
  lesson.misconceptions.find(
    (m) =>
      m.id ===
      lesson.steps.find((s) => s.id === stepId)?.predict?.options.find((o) => o.id === option)
        ?.misconception,
  )?.text;

describe('L16 (message queues)', () => {
  it('each wrong answer is met with its own belief (M08, M52, M53, M54)', () => {
    expect(belief('pubsub', 'five')).toMatch(/Publish\/subscribe and a work queue are the same/);
    expect(belief('crash-after', 'exactly-once')).toMatch(/exactly once/);
    expect(belief('crash-after', 'once-more')).toMatch(/An ack means the work is done/);
    expect(belief('order', 'fifo')).toMatch(/global order/);
  });

  it(
    'publishing before arming the crash is a near miss, and the step is not done',
    () => {
      const status = play(stepIndex('crash-after'), [300, publish(4), 5000]);
      expect(status.nearMisses).toEqual(['published-unarmed']);
      expect(status.done).toBe(false);
    },
    BUDGET_MS,
  );

  it(
    'acknowledging on delivery, the crash after processing loses nothing: a near miss',
    () => {
      const status = play(stepIndex('ack-first'), [
        300,
        nodeAction(C1, 'crash-after-processing'),
        publish(4),
        5000,
      ]);
      expect(status.nearMisses).toContain('crashed-after');
      expect(status.goals).toEqual([false, false]);
    },
    BUDGET_MS,
  );

  it(
    'the crash before processing, acknowledging after, is redelivered once: a near miss',
    () => {
      const status = play(stepIndex('crash-after'), [
        300,
        nodeAction(C1, 'crash-before-processing'),
        publish(4),
        5000,
      ]);
      expect(status.nearMisses).toContain('crashed-before');
      expect(status.done).toBe(false);
    },
    BUDGET_MS,
  );

  it(
    'one key published a message at a time may keep its order: a near miss says to slow c1',
    () => {
      const status = play(stepIndex('order'), [500, publish(1), 250, publish(1), 5000]);
      expect(status.nearMisses).toEqual(['all-in-order']);
      expect(status.done).toBe(false);
    },
    BUDGET_MS,
  );

  it(
    'step 3’s reveal names the message, the consumer that crashed and the one that applied it again',
    () => {
      const r = new Rehearsal(lesson);
      const index = stepIndex('crash-after');
      for (let i = 0; i < index; i++) r.step(i, 'golden', 10_000);
      const { ctx, step, status } = r.step(index, 'golden', 10_000);
      expect(status.done).toBe(true);
      const text = shownText(step.reveal(ctx)).join(' ');
      expect(text).toMatch(/^c1 applied p1:1 at \d+ ms and died before its ack/);
      expect(text).toContain('the broker gave p1:1 to c2, which applied it again');
    },
    BUDGET_MS,
  );

  it('the sandbox asks for a rate, a backlog and its draining, in that order', () => {
    expect(lesson.sandbox.challenges.map((c) => c.id)).toEqual(['rate', 'backlog', 'drain']);
    expect(lesson.sandbox.challenges[0]?.text).toMatch(/^Keep 12 messages a second/);
  });
});
