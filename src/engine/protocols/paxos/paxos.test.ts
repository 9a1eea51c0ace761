/**
 * Paxos's rules, one handler at a time with a hand-driven context (Lamport, "Paxos Made
 * Simple", 2001, §2.2–2.3), and the checkers shown catching each broken variant and unsafe
 * flexible quorums through the seed runner, with the lab link that replays the run.
 */
import { describe, expect, it } from 'vitest';
import { handContext } from '../../testing/hand-context';
import { fromLab } from '../../testing/lab-suite';
import { startInProcess } from '../../testing/run';
import { runSeed } from '../../testing/seed-runner';
import type { SimulationSuite } from '../../package';
import { readPaxosOptions } from './options';
import { paxos } from './paxos';
import { highestAccepted } from './proposer';
import { paxosEntry } from './scenarios';
import { suites } from './simulation';
import type { PaxosMessage, PaxosPersisted, PaxosState } from './types';

const ACCEPTORS = ['n1', 'n2', 'n3', 'n4', 'n5'];
const b = (round: number, by: string) => ({ round, by });

function node(id = 'n3', extra: Record<string, unknown> = {}) {
  const h = handContext<PaxosMessage, PaxosPersisted>(
    id,
    ACCEPTORS.filter((a) => a !== id),
  );
  const options = readPaxosOptions({ acceptors: ACCEPTORS, ...extra });
  const s: PaxosState = paxos.init(h.ctx, options);
  h.clear();
  const deliver = (from: string, m: PaxosMessage) => paxos.onMessage(s, from, m, h.ctx);
  const sentTo = (to: string) => h.sent.filter((x) => x.to === to).map((x) => x.m);
  return { h, s, deliver, sentTo };
}

describe('acceptor (§2.2, phase 1b and 2b)', () => {
  it('promises a ballot at or above its promise, persisted before the promise leaves', () => {
    const { h, s, deliver, sentTo } = node();
    deliver('n1', { type: 'Prepare', ballot: b(2, 'n1') });
    expect(s.promised).toEqual(b(2, 'n1'));
    expect(h.disk?.promised).toEqual(b(2, 'n1'));
    expect(sentTo('n1')).toEqual([{ type: 'Promise', ballot: b(2, 'n1'), accepted: null }]);
    expect(h.journal.indexOf('persist')).toBeLessThan(h.journal.indexOf('send Promise'));
  });

  it('refuses a lower ballot with a NACK carrying the highest ballot it promised', () => {
    const { s, deliver, sentTo } = node();
    deliver('n2', { type: 'Prepare', ballot: b(3, 'n2') });
    deliver('n1', { type: 'Prepare', ballot: b(3, 'n1') }); // same round, lower proposer id
    deliver('n1', { type: 'Accept', ballot: b(2, 'n1'), value: 'A' });
    expect(s.promised).toEqual(b(3, 'n2'));
    expect(s.accepted).toBeNull();
    expect(sentTo('n1')).toEqual([
      { type: 'Nack', ballot: b(3, 'n1'), promised: b(3, 'n2') },
      { type: 'Nack', ballot: b(2, 'n1'), promised: b(3, 'n2') },
    ]);
  });

  it('accepts at or above its promise, persists, then tells every learner', () => {
    const { h, s, deliver } = node();
    deliver('n1', { type: 'Prepare', ballot: b(2, 'n1') });
    h.clear();
    deliver('n1', { type: 'Accept', ballot: b(2, 'n1'), value: 'A' });
    expect(s.accepted).toEqual({ ballot: b(2, 'n1'), value: 'A' });
    expect(h.disk?.accepted).toEqual({ ballot: b(2, 'n1'), value: 'A' });
    expect(h.sent.map((x) => x.to).sort()).toEqual(['n1', 'n2', 'n4', 'n5']);
    expect(h.journal[0]).toBe('persist');
  });

  it('reports its highest accepted value in later promises', () => {
    const { deliver, sentTo } = node();
    deliver('n1', { type: 'Accept', ballot: b(2, 'n1'), value: 'A' });
    deliver('n2', { type: 'Prepare', ballot: b(4, 'n2') });
    expect(sentTo('n2').at(-1)).toEqual({
      type: 'Promise',
      ballot: b(4, 'n2'),
      accepted: { ballot: b(2, 'n1'), value: 'A' },
    });
  });

  it('keeps its promise and acceptance across a crash', () => {
    const { h, deliver } = node();
    deliver('n1', { type: 'Accept', ballot: b(2, 'n1'), value: 'A' });
    deliver('n2', { type: 'Prepare', ballot: b(4, 'n2') });
    const disk = h.disk as PaxosPersisted;
    const after = handContext<PaxosMessage, PaxosPersisted>('n3', ['n1', 'n2', 'n4', 'n5']);
    const s = paxos.recover(after.ctx, readPaxosOptions({ acceptors: ACCEPTORS }), disk);
    expect(s.promised).toEqual(b(4, 'n2'));
    expect(s.accepted).toEqual({ ballot: b(2, 'n1'), value: 'A' });
  });
});

describe('proposer (§2.2–2.3, phase 1a and 2a)', () => {
  it('adopts the value of the highest-ballot acceptance among the promises', () => {
    expect(
      highestAccepted([
        null,
        { ballot: b(2, 'n2'), value: 'B' },
        { ballot: b(3, 'n1'), value: 'A' },
        { ballot: b(3, 'n0'), value: 'Z' },
      ]),
    ).toEqual({ ballot: b(3, 'n1'), value: 'A' });
    expect(highestAccepted([null, null])).toBeNull();
  });

  it('sends Accept with the adopted value once a majority promised; its own when none had accepted', () => {
    const p = node('n1', { proposer: true, value: 'A' });
    paxos.onAction(p.s, { id: 'propose' }, p.h.ctx);
    const ballot = p.s.ballot ?? b(0, '');
    expect(p.h.sent.filter((x) => x.m.type === 'Prepare')).toHaveLength(4);
    p.deliver('n2', { type: 'Promise', ballot, accepted: { ballot: b(1, 'n2'), value: 'B' } });
    // Its own acceptor promised by loopback: 2 promises of the 3 a majority of 5 needs.
    expect(p.sentTo('n2').some((m) => m.type === 'Accept')).toBe(false);
    p.deliver('n3', { type: 'Promise', ballot, accepted: null });
    expect(p.sentTo('n4')).toContainEqual({ type: 'Accept', ballot, value: 'B' });
    expect(p.s.proposal).toBe('B');

    const q = node('n1', { proposer: true, value: 'A' });
    paxos.onAction(q.s, { id: 'propose' }, q.h.ctx);
    const qb = q.s.ballot ?? b(0, '');
    q.deliver('n2', { type: 'Promise', ballot: qb, accepted: null });
    q.deliver('n3', { type: 'Promise', ballot: qb, accepted: null });
    expect(q.sentTo('n5')).toContainEqual({ type: 'Accept', ballot: qb, value: 'A' });
  });

  it('after a NACK, waits, then starts a ballot above every round it has seen', () => {
    const p = node('n1', { proposer: true, value: 'A', backoff: 'fixed', retryMs: 40 });
    paxos.onAction(p.s, { id: 'propose' }, p.h.ctx);
    const first = p.s.ballot ?? b(0, '');
    p.deliver('n2', { type: 'Nack', ballot: first, promised: b(7, 'n2') });
    expect(p.s.phase).toBe('waiting');
    expect(p.h.timers.get('retry')).toBe(40);
    paxos.onTimer(p.s, 'retry', p.h.ctx);
    expect(p.s.ballot).toEqual(b(8, 'n1'));
  });

  it('persists its highest round, so a restarted proposer never reuses a ballot', () => {
    const p = node('n1', { proposer: true, value: 'A' });
    paxos.onAction(p.s, { id: 'propose' }, p.h.ctx);
    paxos.onAction(p.s, { id: 'propose' }, p.h.ctx);
    const used = p.s.ballot?.round ?? 0;
    expect(p.h.disk?.maxRound).toBe(used);
    const after = handContext<PaxosMessage, PaxosPersisted>('n1', ['n2', 'n3', 'n4', 'n5']);
    const options = readPaxosOptions({ acceptors: ACCEPTORS, proposer: true, value: 'A' });
    const s = paxos.recover(after.ctx, options, p.h.disk as PaxosPersisted);
    paxos.onTimer(s, 'retry', after.ctx);
    expect(s.ballot?.round).toBeGreaterThan(used);
  });
});

describe('learner (§2.3)', () => {
  it('learns a value only when a phase-2 quorum accepted it in one ballot', () => {
    const { s, deliver } = node('n4');
    deliver('n1', { type: 'Accepted', ballot: b(1, 'n1'), value: 'A' });
    deliver('n2', { type: 'Accepted', ballot: b(2, 'n2'), value: 'A' }); // another ballot
    expect(s.learned).toBeNull();
    deliver('n2', { type: 'Accepted', ballot: b(1, 'n1'), value: 'A' });
    deliver('n2', { type: 'Accepted', ballot: b(1, 'n1'), value: 'A' }); // a duplicate
    expect(s.learned).toBeNull();
    deliver('n3', { type: 'Accepted', ballot: b(1, 'n1'), value: 'A' });
    expect(s.learned).toEqual({ ballot: b(1, 'n1'), value: 'A' });
  });
});

/** Suite 2 (5 acceptors, 2 proposers at once) with other lab settings. */
const base = suites[1] as SimulationSuite;
const variant = (settings: Record<string, string>): SimulationSuite => ({
  ...base,
  ...fromLab(paxosEntry, 5, { ...base.settings, ...settings }),
});

describe('the checkers catch what breaks Paxos', () => {
  it.each([
    ['ignore-accepted', 6],
    ['accept-below-promise', 4],
    ['forget-promise', 33],
  ])('%s breaks Agreement (seed %i)', (broken, seed) => {
    const out = runSeed(variant({ broken }), seed);
    expect(out.failure).toMatch(/^paxos-agreement: two values chosen/);
    expect(out.link).toContain(`broken=${broken}`);
    // …and the lab's Invariants panel, which reads the status by id, shows it.
    expect(
      out.sim.invariantStatus().find((c) => c.id === 'paxos-agreement')?.violation,
    ).not.toBeNull();
  });

  it('finds two values chosen when Q1 + Q2 ≤ N (flexible quorums 2 + 2 of 5, seed 3)', () => {
    const out = runSeed(variant({ q1: '2', q2: '2' }), 3);
    expect(out.failure).toMatch(/^paxos-agreement: two values chosen/);
    expect(out.link).toMatch(/^#\/lab\/paxos\?seed=3&nodes=5&.*q1=2&q2=2/);
  });

  it('shows Agreement violated in the lab when a split lets each side choose (newcomer, seed 1)', () => {
    // q1 = q2 = 2 of 5 with three proposers, {n1, n2} cut from {n3, n4, n5} at 50 ms: A is
    // chosen on one side and C on the other. The panel once stayed green (issue 14 trial).
    const sim = startInProcess(paxosEntry.build({ settings: { q1: 2, q2: 2, proposers: 3 } }), 1);
    sim.runUntilSync(50);
    sim.actSync({
      type: 'partition',
      groups: [
        ['n1', 'n2'],
        ['n3', 'n4', 'n5'],
      ],
    });
    sim.runUntilSync(3000);
    const agreement = sim.invariantStatus().find((s) => s.title === 'Agreement');
    expect(agreement?.violation?.message).toMatch(/^two values chosen: A in ballot 1\.n1, then C/);
  });

  it('holds with Q1 + Q2 > N even when the quorums are not majorities (4 + 2 of 5)', () => {
    const s = variant({ q1: '4', q2: '2' });
    for (let seed = 1; seed <= 40; seed++) expect(runSeed(s, seed).failure).toBeNull();
  });
});
