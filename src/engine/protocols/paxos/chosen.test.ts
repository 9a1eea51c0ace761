/**
 * The chosen moment and its quorums, as the Agreement checker publishes them (Lamport,
 * "Paxos Made Simple", 2001, §2.2–2.3: chosen = a phase-2 quorum accepted one value in one
 * ballot, whether or not anyone has learned it; every phase-1 quorum meets every phase-2
 * quorum, which is why a later proposer adopts the value).
 */
import { describe, expect, it } from 'vitest';
import type { Observation } from '../../check/invariant';
import { scenarioById, startInProcess } from '../../testing/run';
import { chosenSummary, initChosen, watchChosen } from './chosen';
import { agreement } from './invariants';
import type { PaxosChosen, PaxosObservation } from './types';

const obs = (node: string, time: number, d: Partial<PaxosObservation>): Observation => ({
  node,
  time,
  cause: time,
  incarnation: 1,
  data: { accepted: null, learned: null, input: null, q2: 3, phase1: null, ...d },
});

describe('the chosen moment (Agreement checker summary)', () => {
  it('marks the moment the third of five acceptors accepted, before anyone learned it', () => {
    const m = agreement.init();
    const see = (o: Observation) => agreement.check(m, o);
    see(obs('n1', 10, { phase1: ['1.n1', ['n1', 'n2', 'n3']] }));
    expect(agreement.summary?.(m)).toBeNull();
    see(obs('n3', 20, { accepted: ['1.n1', 'A'] }));
    see(obs('n4', 25, { accepted: ['1.n1', 'A'] }));
    expect(agreement.summary?.(m)).toBeNull(); // two of three: not chosen yet
    see(obs('n5', 30, { accepted: ['1.n1', 'A'] }));
    const s = agreement.summary?.(m);
    const data = s?.data as PaxosChosen;
    expect(data).toMatchObject({
      value: 'A',
      ballot: '1.n1',
      atMs: 30,
      completedBy: 'n5',
      phase1: ['n1', 'n2', 'n3'],
      phase2: ['n3', 'n4', 'n5'],
      shared: ['n3'],
      learnedBy: null,
    });
    expect(s?.moments).toEqual([expect.objectContaining({ t: 30, i: 30, kind: 'chosen' })]);
    expect(s?.nodeNotes?.n3?.ring).toBe('double');
    expect(s?.nodeNotes?.n1?.ring).toBe('dashed');
    expect(s?.nodeNotes?.n4?.ring).toBe('solid');
    expect(s?.revealedBy).toBe('chosen');
    see(obs('n2', 45, { learned: 'A' }));
    expect((agreement.summary?.(m)?.data as PaxosChosen).learnedBy).toBe('n2');
    expect((agreement.summary?.(m)?.data as PaxosChosen).learnedAtMs).toBe(45);
  });

  it('keeps only recent phase-1 quorums while a duel goes on, and none once chosen', () => {
    const w = initChosen();
    for (let r = 1; r <= 100; r++)
      watchChosen(w, obs('n1', r, { phase1: [`${r}.n1`, ['n1', 'n2', 'n3']] }), null, []);
    expect(w.phase1.length).toBeLessThanOrEqual(64);
    watchChosen(w, obs('n3', 200, {}), { ballot: '100.n1', value: 'A' }, ['n3', 'n4', 'n5']);
    expect(w.phase1).toEqual([]);
    expect(chosenSummary(w)?.data).toMatchObject({ phase1: ['n1', 'n2', 'n3'] });
  });

  it('publishes the quorums of a real run; the shared acceptors are in both', () => {
    const sim = startInProcess(
      scenarioById('paxos', { nodes: 5, settings: { proposers: 2, start: 'together' } }),
      3,
    );
    sim.runUntilSync(3000);
    const agreementStatus = sim.invariantStatus().find((c) => c.id === 'paxos-agreement');
    const data = agreementStatus?.summary?.data as PaxosChosen | undefined;
    expect(data).toBeDefined();
    if (!data) return;
    expect(data.phase1.length).toBe(3);
    expect(data.phase2.length).toBe(3);
    expect(data.shared.length).toBeGreaterThanOrEqual(1);
    for (const a of data.shared) {
      expect(data.phase1).toContain(a);
      expect(data.phase2).toContain(a);
    }
    expect(data.learnedAtMs).not.toBeNull();
    expect(data.atMs).toBeLessThanOrEqual(data.learnedAtMs ?? 0);
  });
});
