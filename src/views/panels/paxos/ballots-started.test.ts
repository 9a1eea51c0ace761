/** The duel counter: ballots the proposers started, cluster-wide, until a value is chosen. */
import { describe, expect, it } from 'vitest';
import type { FrameNode } from '../../../engine/sim/frame';
import { ballotCountText, countBallots } from './ballots-started';

const node = (id: string, view: Record<string, unknown> | null, protocol = 'paxos'): FrameNode =>
  ({ id, protocol, role: view ? 'acceptor' : 'down', view }) as unknown as FrameNode;
const proposer = (ballotsStarted: number, learned: string | null = null) => ({
  roles: 'proposer, acceptor, learner',
  phase: 'waiting',
  ballotsStarted,
  learned,
});
const acceptor = (learned: string | null = null) => ({
  roles: 'acceptor, learner',
  phase: null,
  ballotsStarted: 0,
  learned,
});

describe('the duel counter', () => {
  it('adds up every proposer that is up, and says nothing is chosen until a server learns', () => {
    const c = countBallots([
      node('n1', proposer(4)),
      node('n2', proposer(3)),
      node('n3', acceptor()),
      node('n4', null),
      node('x', { ballotsStarted: 9, roles: 'other' }, 'raft'),
    ]);
    expect(c).toEqual({ started: 7, chosen: null, hasProposers: true });
    expect(ballotCountText(c)).toBe('Ballots started, nothing chosen: 7');
    const done = countBallots([node('n1', proposer(2)), node('n3', acceptor('A'))]);
    expect(ballotCountText(done)).toBe('Ballots started: 2; A chosen');
  });

  it('has nothing to count without a proposer', () => {
    expect(countBallots([node('n3', acceptor())]).hasProposers).toBe(false);
  });
});
