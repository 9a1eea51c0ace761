/**
 * L15 beyond the golden path (lessons.test.ts rehearses that): the crash steps give a person
 * time to restart the server, the dedup table is in memory in one crash step and on disk in
 * the other (the rehearsal builds the run as the lab does), and the common wrong moves meet
 * their near misses.
 */
import { describe, expect, it } from 'vitest';
import { lesson } from './l15-rpc';
import { Rehearsal } from './rehearse';
import { balance, duplicates, ledger, SERVER } from './rpc-goals';
import type { GoalContext, Move } from './types';

const BUDGET_MS = 120_000;
const index = (id: string) => lesson.steps.findIndex((s) => s.id === id);

/**
 * A rehearsal of the lesson in which step `id` is played by `moves` instead of its golden
 * path, with the golden path played through every step before it; returns the step's result.
 */
function play(id: string, moves: readonly Move[]) {
  const r = new Rehearsal({ ...lesson, golden: { ...lesson.golden, [id]: moves } });
  for (let i = 0; i < index(id); i++) expect(r.step(i, 'golden', 10_000).status.done).toBe(true);
  return r.step(index(id), 'golden', 0);
}

const withdraw: Move = { act: { type: 'protocol', node: 'c1', action: { id: 'withdraw' } } };

/** The held message now (the only one waiting), as the learner's menu picks it. */
const heldNow = (ctx: GoalContext): number =>
  ctx.frame.inFlight.find((m) => m.heldSince !== null)?.id ?? -1;

describe('L15 (RPC with request ids)', () => {
  it.each([
    ['crash-memory', 80, 1],
    ['crash-disk', 90, 0],
  ] as const)(
    '%s: c1 is still retrying when a person restarts the server 45 s after the crash',
    (id, expectedBalance, expectedDuplicates) => {
      const { status, ctx } = play(id, [
        { act: { type: 'protocol', node: SERVER, action: { id: 'crash-after-effect' } } },
        withdraw,
        { waitMs: 45_000 },
        { act: { type: 'restart', node: SERVER } },
        { waitMs: 10_000 },
      ]);
      expect(status.done).toBe(true);
      expect(balance(ctx)).toBe(expectedBalance);
      expect(duplicates(ctx)).toBe(expectedDuplicates);
      // With the lab's default of 4 attempts the client gave up after about 4.4 s.
      expect(ledger(ctx)?.requests[0]?.gaveUp).toBeNull();
    },
    BUDGET_MS,
  );

  it(
    'the first crash step keeps the dedup table in memory, the second on disk (read as the lab reads "0" and "1")',
    () => {
      const r = new Rehearsal(lesson);
      for (let i = 0; i < index('crash-memory'); i++) r.step(i, 'golden', 10_000);
      const memory = r.step(index('crash-memory'), 'golden', 10_000).ctx;
      expect(ledger(memory)?.dedup).toEqual([{ server: SERVER, entries: 1, persisted: false }]);
      const disk = r.step(index('crash-disk'), 'golden', 10_000).ctx;
      expect(ledger(disk)?.dedup).toEqual([{ server: SERVER, entries: 1, persisted: true }]);
    },
    BUDGET_MS,
  );

  it(
    'step 1: dropping the call instead of its reply is a near miss, and charges once',
    () => {
      const { status, ctx } = play('lost-reply', [
        withdraw,
        { waitMs: 400 },
        { act: (c) => ({ type: 'drop-message', msg: heldNow(c) }) },
        { waitMs: 16_000 },
        { act: (c) => ({ type: 'deliver-message', msg: heldNow(c) }) },
        { waitMs: 2_000 },
      ]);
      expect(status.done).toBe(false);
      expect(status.nearMisses).toEqual(['dropped-call']);
      expect(balance(ctx)).toBe(90);
    },
    BUDGET_MS,
  );

  it(
    'the crash steps: withdrawing before arming the crash is a near miss',
    () => {
      const { status } = play('crash-memory', [withdraw, { waitMs: 2_000 }]);
      expect(status.done).toBe(false);
      expect(status.nearMisses).toEqual(['withdrew-first']);
    },
    BUDGET_MS,
  );

  it(
    'step 5: a call left at “withdraw” is a near miss, and the step is not done',
    () => {
      const { status } = play('conditional-write', [
        {
          act: {
            type: 'protocol',
            node: 'c1',
            action: { id: 'call', args: { op: 'withdraw', account: 'alice', amount: 10 } },
          },
        },
        { waitMs: 2_000 },
      ]);
      expect(status.done).toBe(false);
      expect(status.nearMisses).toEqual(['withdrew']);
    },
    BUDGET_MS,
  );
});
