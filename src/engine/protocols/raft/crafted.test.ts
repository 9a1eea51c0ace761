/**
 * Hand-made schedules, delivered message by message in hold mode, that walk a cluster into
 * the exact situation a broken rule mishandles. With the rule intact the same schedule is
 * harmless — so the checker's verdict is about the rule, not the schedule.
 */
import { describe, expect, it } from 'vitest';
import type { Simulation } from '../../sim/simulation';
import { startInProcess } from '../../testing/run';
import { raftCluster } from './nemesis';
import type { BrokenVariant } from './types';
import { deliverHeld as deliver, roleOf as role, voteTwice } from './schedules.testkit';

const inTerm = (term: number) => (m: Record<string, unknown>) => m.term === term;

/** n3 votes for n1, crashes and restarts, then is asked by n2 in the same term. */
const doubleVote = (broken: BrokenVariant | null): Simulation =>
  voteTwice(
    startInProcess(raftCluster({ servers: 3, clients: 0, requestEveryMs: 0, raft: { broken } }), 1),
    'crash',
  );

describe('crafted schedules', () => {
  it('forget-voted-for: a restarted voter elects a second leader in the same term, and the checker sees it', () => {
    const sim = doubleVote('forget-voted-for');
    expect(role(sim, 'n2')).toBe('leader');
    expect(sim.monitor.violations[0]).toMatchObject({
      invariant: 'election-safety',
      message: 'n1 and n2 are both leaders of term 1',
    });
  });

  it('with votedFor persisted, the same schedule elects nobody twice', () => {
    const sim = doubleVote(null);
    expect(role(sim, 'n2')).toBe('candidate');
    expect(sim.monitor.violations).toEqual([]);
  });

  it('commit-old-term-by-count: Figure 8 — a "committed" entry is lost to a later leader, and the checker sees it', () => {
    const sim = figure8('commit-old-term-by-count');
    expect(role(sim, 'n5')).toBe('leader');
    expect(sim.monitor.violations[0]).toMatchObject({ invariant: 'leader-completeness' });
  });

  it('with §5.4.2 intact, the Figure 8 schedule commits nothing early and nothing is lost', () => {
    const sim = figure8(null);
    expect(role(sim, 'n5')).toBe('leader');
    expect(sim.monitor.violations).toEqual([]);
  });
});

/**
 * Figure 8 of the paper, adapted to leaders that open their term with a no-op: sixteen
 * term-1 entries reach a majority only in term 3, in a batch without term 3's no-op.
 */
function figure8(broken: BrokenVariant | null): Simulation {
  const sim = startInProcess(
    raftCluster({
      servers: 5,
      clients: 0,
      requestEveryMs: 0,
      // Long timeouts: only the schedule's "Timeout" actions start elections.
      raft: { broken, electionTimeoutMinMs: 5000, electionTimeoutMaxMs: 6000 },
    }),
    1,
  );
  let t = 0;
  const later = () => sim.runUntilSync((t += 25));
  const act = (node: string, id: 'timeout' | 'client-request') =>
    sim.actSync({ type: 'protocol', node, action: { id } });
  const elect = (leader: string, term: number, voters: string[]) => {
    later();
    for (const v of voters) deliver(sim, leader, v, 'RequestVote', inTerm(term));
    later();
    for (const v of voters) deliver(sim, v, leader, 'RequestVoteReply', inTerm(term));
    expect(role(sim, leader)).toBe('leader');
  };
  sim.actSync({ type: 'hold-messages', on: true });
  // (a) n1 leads term 1 and appends 15 writes; nobody else gets them.
  act('n1', 'timeout');
  elect('n1', 1, ['n2', 'n3']);
  for (let i = 0; i < 15; i++) act('n1', 'client-request');
  // (b) n1 crashes; n5 leads term 2 with votes from n3 and n4, and appends a write of its own.
  sim.actSync({ type: 'crash', node: 'n1' });
  act('n5', 'timeout');
  act('n5', 'timeout');
  elect('n5', 2, ['n3', 'n4']);
  act('n5', 'client-request');
  // (c) n5 crashes; n1 returns and leads term 3 with n2 and n3, sending them the old entries.
  sim.actSync({ type: 'crash', node: 'n5' });
  sim.actSync({ type: 'restart', node: 'n1' });
  act('n1', 'timeout');
  act('n1', 'timeout');
  elect('n1', 3, ['n2', 'n3']);
  later();
  for (const f of ['n2', 'n3'])
    deliver(sim, 'n1', f, 'AppendEntries', (m) => m.prevLogIndex === 16);
  later();
  for (const f of ['n2', 'n3']) deliver(sim, f, 'n1', 'AppendEntriesReply');
  later();
  for (const f of ['n2', 'n3'])
    deliver(sim, 'n1', f, 'AppendEntries', (m) => m.term === 3 && m.prevLogIndex === 0);
  later();
  for (const f of ['n2', 'n3'])
    deliver(sim, f, 'n1', 'AppendEntriesReply', (m) => m.success === true);
  // (d) n1 crashes; n5 returns and, with n2 and n4, leads term 4 — without the term-1 entries.
  sim.actSync({ type: 'crash', node: 'n1' });
  sim.actSync({ type: 'restart', node: 'n5' });
  act('n5', 'timeout');
  act('n5', 'timeout');
  elect('n5', 4, ['n2', 'n4']);
  return sim;
}
