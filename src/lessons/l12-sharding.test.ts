/**
 * L12's texts against its runs: a wrong answer is met with its own belief, and a reveal's
 * numbers are the shard map's own (the figures the learner reads in the panel).
 */
import { describe, expect, it } from 'vitest';
import { lesson } from './l12-sharding';
import { Rehearsal } from './rehearse';
import { shownText } from './runner';
import { heaviest, moveEntry } from './l12-sharding.run';
import { busiest, shardMap } from './sharding-goals';

const belief = (stepId: string, option: string) => {
  const step = lesson.steps.find((s) => s.id === stepId);
  const id = step?.predict?.options.find((o) => o.id === option)?.misconception;
  return lesson.misconceptions.find((m) => m.id === id)?.text;
};

describe('L12 (sharding)', () => {
  it('meets each wrong prediction with its own belief (M38, M40)', () => {
    expect(belief('add-fifth', 'fifth')).toMatch(/only 1\/N of the keys/);
    expect(belief('add-fifth', 'quarter')).toMatch(/only 1\/N of the keys/);
    expect(belief('celebrity', 'even')).toMatch(/Hashing removes hot spots/);
    expect(lesson.steps.find((s) => s.id === 'add-fifth')?.predict?.answer).toBe('most');
  });

  it('step 1’s reveal quotes the busiest shard’s share as the shard map shows it', () => {
    const { ctx, step, status } = new Rehearsal(lesson).step(0, 'golden', 10_000);
    expect(status.done).toBe(true);
    const top = busiest(shardMap(ctx));
    expect(top?.node).toBe('s4');
    expect(shownText(step.reveal(ctx)).join(' ')).toContain(
      `s4 answered ${Math.round((top?.share ?? 0) * 100)}% of the requests: its range, keys 750–999`,
    );
  }, 60_000);

  it('links the directory step’s reveal to L9 (a replicated directory needs consensus)', () => {
    const step = lesson.steps.find((s) => s.id === 'directory');
    expect(step?.seeAlso?.href).toBe('#/lessons/raft-election');
  });

  it('the directory step: the heavy entry moved to a server that already holds entries is not “alone” (newcomer: it ticked)', () => {
    const index = lesson.steps.findIndex((s) => s.id === 'directory');
    const r = new Rehearsal({
      ...lesson,
      golden: {
        ...lesson.golden,
        directory: [
          { preset: 'start' },
          { waitMs: 6000 },
          { act: (ctx) => moveEntry(heaviest(ctx), 's1') },
          { waitMs: 15_000 },
        ],
      },
    });
    for (let i = 0; i < index; i++) expect(r.step(i, 'golden', 10_000).status.done).toBe(true);
    const { status, step } = r.step(index, 'golden', 0);
    expect(status.goals[0]).toBe(false);
    expect(step.goals[0]?.description).toMatch(/alone/);
  }, 120_000);
});
