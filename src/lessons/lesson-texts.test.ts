/**
 * What the lessons say matches what happened (issue 12, item 4): the texts a learner found
 * wrong, each checked against a rehearsed run, and the small rules the player shows them by.
 */
import { describe, expect, it } from 'vitest';
import { lesson as l02 } from './l02-network';
import { lesson as l09 } from './l09-raft-election';
import { lesson as l10 } from './l10-raft-partitions';
import { lesson as l11 } from './l11-paxos';
import { factsOf, num, saw, why } from './goals';
import { Rehearsal } from './rehearse';
import { keyMomentFrom, runSettingsAt, shownText } from './runner';

const BUDGET_MS = 120_000;

describe('texts built from the run', () => {
  it('L2 step 1’s reveal names every message S sent, and the order R got them in', () => {
    const { ctx, step } = new Rehearsal(l02).step(0, 'golden', 10_000);
    const text = shownText(step.reveal(ctx)).join(' ');
    const got = factsOf(ctx.trace, 'arrival', 'R').map((f) => `#${num(f, 'seq')}`);
    expect(text).toContain('S sent #1, #2, #3, #4 and #5, in that order');
    expect(text).toContain(`R got ${got.slice(0, -1).join(', ')} and ${got.at(-1)}`);
    expect(text).not.toContain('1, 2, 3 arrived');
  });

  it('L9 step 2: a wrong answer is met with its own belief', () => {
    const options = l09.steps.find((s) => s.id === 'split-vote')?.predict?.options ?? [];
    const belief = (id: string) =>
      l09.misconceptions.find((m) => m.id === options.find((o) => o.id === id)?.misconception)
        ?.text;
    expect(belief('lowest')).toMatch(/lowest-id/);
    expect(belief('stuck')).toMatch(/Split votes/);
  });

  it(
    'L10 step 1 says the leader answered the client only once the client has its answer',
    () => {
      const { ctx, step, status } = new Rehearsal(l10).step(0, 'golden', 10_000);
      expect(status.done).toBe(true);
      const answered = ctx.trace.some(
        (e) => e.k === 'op' && e.node === 'c1' && e.op.phase === 'ok' && e.op.fn === 'write',
      );
      expect(answered).toBe(true);
      expect(shownText(step.reveal(ctx)).join(' ')).toContain('answer the client');
    },
    BUDGET_MS,
  );

  it('L10’s sandbox announces no challenge it does not list', () => {
    expect(l10.sandbox.prose).not.toMatch(/challenge:/);
    const ids = l10.sandbox.challenges.map((c) => c.id);
    expect(ids).toEqual(expect.arrayContaining(['stale-read', 'read-index-refuses']));
  });

  it('L9’s term challenge is worded from where the sandbox begins, not a fixed term', () => {
    const challenge = l09.sandbox.challenges.find((c) => c.id === 'five-terms-up');
    expect(challenge?.text).toMatch(/above the highest term when the sandbox opened/);
    expect(l09.sandbox.challenges.map((c) => c.text).join(' ')).not.toMatch(/term 10/);
  });
});

describe('shownText', () => {
  it('shows general sentences and the claims that hold, and drops those that do not', () => {
    expect(shownText([saw(true, 'a'), saw(false, 'b'), why('c')])).toEqual(['a', 'c']);
  });
});

describe('keyMomentFrom: where “Replay the key moment” starts', () => {
  it('starts shortly before the learner’s last move, not at the step’s start', () => {
    expect(keyMomentFrom(0, 2300, [1200, 2000], 1500)).toBe(1850);
  });
  it('shows at most the step’s window before the goals held', () => {
    expect(keyMomentFrom(0, 9000, [1000], 1500)).toBe(7500);
  });
  it('never starts before the step began, nor after the goals held', () => {
    expect(keyMomentFrom(5000, 5100, [5010], 1500)).toBe(5000);
    expect(keyMomentFrom(0, 100, [], 50)).toBe(50);
  });
});

describe('L11 (Paxos)', () => {
  it('step 3: each wrong answer is met with its own belief (M34–M36)', () => {
    const step = l11.steps.find((s) => s.id === 'adopt');
    const belief = (id: string) =>
      l11.misconceptions.find(
        (m) => m.id === step?.predict?.options.find((o) => o.id === id)?.misconception,
      )?.text;
    expect(step?.predict?.answer).toBe('a');
    expect(belief('b')).toMatch(/proposer crashes, its value is lost/);
    expect(belief('any')).toMatch(/chosen only when some node learns it/);
    expect(belief('none')).toMatch(/first proposer’s value wins/);
  });

  it('the sandbox says why correct Paxos defeats every attempt, and runs the broken variant', () => {
    expect(l11.sandbox.prose).toMatch(/With correct Paxos no schedule chooses two values/);
    expect(l11.sandbox.prose).toMatch(/any two majorities share an acceptor/);
    expect(runSettingsAt(l11, l11.steps.length).broken).toBe('ignore-accepted');
  });

  it(
    'step 4 says A was chosen (a majority accepted) before n5 learned it, with the run’s times',
    () => {
      const r = new Rehearsal(l11);
      for (let i = 0; i < 3; i++) expect(r.step(i, 'golden', 10_000).status.done).toBe(true);
      const { ctx, step, status } = r.step(3, 'golden', 10_000);
      expect(status.done).toBe(true);
      const accepted = factsOf(ctx.trace, 'accepted').filter((f) => f.fact.value === 'A');
      const heard = factsOf(ctx.trace, 'learned', 'n5')[0];
      const last = accepted.at(-1);
      expect(last && heard && last.t < heard.t).toBe(true);
      expect(shownText(step.reveal(ctx)).join(' ')).toContain(
        `A was chosen at ${Math.round(last?.t ?? 0)} ms, when ${last?.node ?? ''} accepted it`,
      );
    },
    BUDGET_MS,
  );
});

describe('runSettingsAt: the settings of the run a step stands in', () => {
  it('takes the latest fresh run at or before the step, over the lesson’s own', () => {
    const base = l11.scenario.settings ?? {};
    expect(runSettingsAt(l11, 0)).toEqual(base);
    expect(runSettingsAt(l11, 4)).toEqual(base); // step 5: a new run, same settings
    expect(runSettingsAt(l11, 5)).toEqual({ ...base, broken: 'ignore-accepted' });
    expect(runSettingsAt(l10, 5)).toEqual(l10.scenario.settings ?? {});
  });
});
