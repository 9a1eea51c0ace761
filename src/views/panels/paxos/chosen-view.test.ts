/** The chosen card's words and each acceptor's quorum marks, from the checker's summary. */
import { describe, expect, it } from 'vitest';
import type { InvariantStatus } from '../../../engine/check/monitor';
import type { PaxosChosen } from '../../../engine/protocols/paxos/types';
import { chosenOf, chosenSentence, quorumMarks, quorumSentences } from './chosen-view';

const chosen: PaxosChosen = {
  value: 'A',
  ballot: '1.n1',
  atMs: 411.6,
  completedBy: 'n4',
  phase1: ['n1', 'n2', 'n3'],
  phase2: ['n1', 'n3', 'n4'],
  shared: ['n1', 'n3'],
  learnedBy: null,
  learnedAtMs: null,
};
const agreement = (data: unknown): InvariantStatus =>
  ({
    id: 'paxos-agreement',
    title: 'Agreement',
    description: '',
    violation: null,
    ...(data === undefined ? {} : { summary: { data } }),
  }) as InvariantStatus;

describe('chosen view', () => {
  it('reads the chosen value off the Agreement check, and nothing else', () => {
    expect(chosenOf([agreement(chosen)])).toEqual(chosen);
    expect(chosenOf([agreement(undefined)])).toBeNull();
    expect(chosenOf([agreement({ value: 3 })])).toBeNull();
    expect(chosenOf([])).toBeNull();
  });

  it('says when it was chosen, and by whom it was learned once it is', () => {
    expect(chosenSentence(chosen)).toBe(
      'Chosen: A in ballot 1.n1 at 412 ms — nobody has learned it yet',
    );
    expect(chosenSentence({ ...chosen, learnedBy: 'n3', learnedAtMs: 455 })).toBe(
      'Chosen: A in ballot 1.n1 at 412 ms — learned by n3 at 455 ms',
    );
  });

  it('names both quorums and the acceptors they share', () => {
    const [p1, p2, both] = quorumSentences(chosen);
    expect(p1).toBe('Phase 1 (promised 1.n1): n1, n2, n3.');
    expect(p2).toMatch(/^Phase 2 \(accepted A in 1\.n1\): n1, n3, n4; n4 completed/);
    expect(both).toMatch(/^In both: n1, n3\. Any later phase-1 quorum meets every phase-2/);
    expect(quorumMarks(chosen, 'n3')).toEqual({ phase1: true, phase2: true, shared: true });
    expect(quorumMarks(chosen, 'n2')).toEqual({ phase1: true, phase2: false, shared: false });
    expect(quorumMarks(chosen, 'n5')).toEqual({ phase1: false, phase2: false, shared: false });
    expect(quorumMarks(null, 'n1')).toEqual({ phase1: false, phase2: false, shared: false });
  });
});
