/**
 * Leader leases (Raft thesis §6.4.1): the rule, handler by handler with a hand-driven clock,
 * then one scripted run in which a leader's clock runs slow past the drift bound and a lease
 * read goes stale — and the same script within the bound, where it cannot.
 */
import { describe, expect, it } from 'vitest';
import type { NodeId } from '../../protocol';
import type { Simulation } from '../../sim/simulation';
import { startInProcess } from '../../testing/run';
import { leaderHarness, raftServer } from './leader.testkit';
import { leaseDurationMs } from './lease';
import { raftCluster } from './nemesis';
import { DEFAULT_RAFT_OPTIONS, raft } from './raft';
import type { Command, RaftMessage, RaftOptions, RaftPersisted } from './types';

const LEASES: Partial<RaftOptions> = { leaseReads: true, clockDriftBound: 0.1 };

function server(options: Partial<RaftOptions> = LEASES, restored: RaftPersisted | null = null) {
  return raftServer({ options, restored });
}

/** A term-2 leader of three with x = 1 applied; its no-op (index 2) committed when `ready`. */
function leader(ready = true, options: Partial<RaftOptions> = LEASES) {
  const h = leaderHarness({ options, noopCommitted: ready });
  const heartbeat = () => raft.onTimer(h.s, 'heartbeat', h.ctx);
  const ack = (from: NodeId, readRound: number) =>
    raft.onMessage(
      h.s,
      from,
      {
        type: 'AppendEntriesReply',
        term: 2,
        success: true,
        matchIndex: 2,
        conflictIndex: 0,
        readRound,
      },
      h.ctx,
    );
  const read = (seq: number) =>
    raft.onMessage(
      h.s,
      'c1',
      {
        type: 'ClientRequest',
        command: { op: 'get', client: 'c1', seq, key: 'x', read: 'lease' } satisfies Command,
      },
      h.ctx,
    );
  const replies = () =>
    h.sent.flatMap((x) => (x.to === 'c1' && x.m.type === 'ClientReply' ? [x.m] : []));
  return { ...h, heartbeat, ack, read, replies };
}

const voteRequest = (term: number): RaftMessage => ({
  type: 'RequestVote',
  term,
  candidateId: 'n3',
  lastLogIndex: 9,
  lastLogTerm: 9,
  preVote: false,
});

describe('the lease rule (thesis §6.4.1)', () => {
  it('lasts the minimum election timeout divided by the most two clock rates can differ', () => {
    // 150 ms × (1 − 0.1) / (1 + 0.1): a 10% bound lets one clock run 1.1× and another 0.9×.
    expect(leaseDurationMs({ ...DEFAULT_RAFT_OPTIONS, ...LEASES })).toBeCloseTo(122.727, 2);
    expect(leaseDurationMs({ ...DEFAULT_RAFT_OPTIONS, clockDriftBound: 0 })).toBe(150);
  });

  it('starts when the leader sent the round a majority acknowledged, not when the ack came', () => {
    const h = leader();
    h.clock.ms = 1000;
    h.heartbeat();
    const round = h.s.readRound;
    h.clock.ms = 1040; // the acknowledgement took 40 ms to come back
    h.ack('n2', round);
    expect(h.s.lease).toEqual({ term: 2, untilMs: 1000 + 150 * (0.9 / 1.1) });
  });

  it('lets the leader answer at once while it holds, with no message to the followers', () => {
    const h = leader();
    h.heartbeat();
    h.ack('n2', h.s.readRound);
    h.clock.ms = 100;
    const before = h.sent.length;
    h.read(1);
    expect(h.sent.slice(before).map((x) => x.m.type)).toEqual(['ClientReply']);
    expect(h.replies()).toEqual([
      { type: 'ClientReply', seq: 1, result: { ok: true, value: '1' } },
    ]);
    expect(h.facts).toContainEqual(
      expect.objectContaining({ kind: 'read-served', mode: 'lease', key: 'x', value: '1' }),
    );
  });

  it('once expired, the read is served as ReadIndex: a majority must confirm first', () => {
    const h = leader();
    h.heartbeat();
    h.ack('n2', h.s.readRound);
    h.clock.ms = 123; // past 122.7 ms
    h.read(1);
    expect(h.replies()).toEqual([]);
    expect(h.texts).toContain(
      'has no lease for get x (its lease has expired): checks with a majority instead',
    );
    expect(h.s.pendingReads).toHaveLength(1);
    h.ack('n3', h.s.readRound);
    expect(h.replies()).toEqual([
      { type: 'ClientReply', seq: 1, result: { ok: true, value: '1' } },
    ]);
  });

  it('serves nothing by lease before the leader commits an entry of its own term (§6.4)', () => {
    const h = leader(false);
    h.s.lease = { term: 2, untilMs: 1000 }; // as if a majority had just acknowledged a round
    h.read(1);
    expect(h.replies()).toEqual([]);
    expect(h.texts.at(-2)).toBe(
      'has no lease for get x (it has not yet committed an entry of term 2): checks with a majority instead',
    );
  });

  it('needs a majority: one acknowledgement of three servers is not enough', () => {
    const h = leader(true, { ...LEASES });
    Object.assign(h.s, { nextIndex: { n2: 3, n3: 3, n4: 3, n5: 3 } });
    // Five servers: n1 and n2 are two, a majority is three.
    // (The configuration in force, thesis §4.1, is what a majority is counted over.)
    Object.assign(h.ctx, { peers: ['n2', 'n3', 'n4', 'n5'] });
    Object.assign(h.s, { config: ['n1', 'n2', 'n3', 'n4', 'n5'] });
    h.heartbeat();
    h.ack('n2', h.s.readRound);
    expect(h.s.lease).toBeNull();
    h.ack('n4', h.s.readRound);
    expect(h.s.lease).not.toBeNull();
  });

  it('is off unless leases are: a lease read is then a ReadIndex read, said in words', () => {
    const h = leader(true, {});
    h.heartbeat();
    h.ack('n2', h.s.readRound);
    h.read(1);
    expect(h.s.lease).toBeNull();
    expect(h.texts).toContain(
      'has no lease for get x (leader leases are off in this lab): checks with a majority instead',
    );
  });
});

describe('followers wait out a lease before voting (§6.4.1 with §4.2.3)', () => {
  const follower = (options = LEASES) => {
    const h = server(options);
    raft.onMessage(
      h.s,
      'n1',
      {
        type: 'AppendEntries',
        term: 2,
        leaderId: 'n1',
        prevLogIndex: 0,
        prevLogTerm: 0,
        entries: [],
        leaderCommit: 0,
      },
      h.ctx,
    );
    return h;
  };
  const votes = (sent: Array<{ m: RaftMessage }>) =>
    sent.flatMap((x) => (x.m.type === 'RequestVoteReply' ? [x.m.voteGranted] : []));

  it('ignores a vote request within the minimum election timeout of hearing a leader', () => {
    const h = follower();
    h.clock.ms = 149;
    raft.onMessage(h.s, 'n3', voteRequest(3), h.ctx);
    expect(h.s.currentTerm).toBe(2); // not even the term is taken up
    expect(votes(h.sent)).toEqual([]);
    expect(h.texts.at(-1)).toBe(
      "ignored n3's vote request for term 3: it heard from a leader 149 ms ago, whose lease may still hold",
    );
    h.clock.ms = 150;
    raft.onMessage(h.s, 'n3', voteRequest(3), h.ctx);
    expect(votes(h.sent)).toEqual([true]);
  });

  it('without leases, votes as Figure 2 says (the default is unchanged)', () => {
    const h = follower({});
    h.clock.ms = 10;
    raft.onMessage(h.s, 'n3', voteRequest(3), h.ctx);
    expect(votes(h.sent)).toEqual([true]);
  });

  it('a restarted server waits too: it may have acknowledged a round just before it crashed', () => {
    const h = server(LEASES, { currentTerm: 2, votedFor: null, log: [] });
    h.clock.ms = 100;
    raft.onMessage(h.s, 'n3', voteRequest(3), h.ctx);
    expect(votes(h.sent)).toEqual([]);
  });

  it('a leader ignores vote requests while it leads', () => {
    const h = leader();
    h.clock.ms = 10_000;
    raft.onMessage(h.s, 'n3', voteRequest(3), h.ctx);
    expect(h.s.role).toBe('leader');
    expect(h.texts.at(-1)).toBe(
      "ignored n3's vote request for term 3: it leads, and its lease may hold",
    );
  });
});

/**
 * Three servers with leases (minimum election timeout 300 ms, heartbeats every 20 ms, drift
 * bound 10%), c1 beside n1
 * and c2 with the others. n1 leads and x = 1 is written; n1's clock is set to run at
 * `1 + leaderDrift`, the others' 10% fast; the cluster splits {n1, c1} | {n2, n3, c2}; once n2 or n3 leads, c2
 * writes x = 2 there, then c1 reads x from n1 by lease.
 */
function staleLeaseScript(leaderDrift: number): Simulation {
  const scenario = raftCluster({
    servers: 3,
    clients: 2,
    requestEveryMs: 0,
    raft: { ...LEASES, electionTimeoutMinMs: 300, electionTimeoutMaxMs: 400, heartbeatMs: 20 },
  });
  // Clients idle until told (no automatic load).
  const sim = startInProcess(
    {
      ...scenario,
      nodes: scenario.nodes.map((n) =>
        n.protocol === 'raft-client'
          ? { ...n, options: { ...(n.options as object), autoRequestEveryMs: null } }
          : n,
      ),
    },
    7,
  );
  const send = (client: string, args: Record<string, string | boolean>) =>
    sim.actSync({ type: 'protocol', node: client, action: { id: 'send', args } });
  const now = () => sim.frame().time;
  const leaderOf = (ids: string[]) =>
    sim.frame().nodes.find((n) => ids.includes(n.id) && n.role === 'leader')?.id;
  sim.actSync({ type: 'protocol', node: 'n1', action: { id: 'timeout' } });
  sim.runUntilSync(100);
  expect(leaderOf(['n1'])).toBe('n1');
  send('c2', { server: 'n1', op: 'put', key: 'x', value: '1' });
  sim.runUntilSync(200);
  sim.actSync({ type: 'clock', node: 'n1', skewMs: 0, drift: leaderDrift });
  // The others run 10% fast, as the bound allows: they time out (and vote) sooner.
  for (const node of ['n2', 'n3']) sim.actSync({ type: 'clock', node, skewMs: 0, drift: 0.1 });
  sim.runUntilSync(400);
  sim.actSync({
    type: 'partition',
    groups: [
      ['n1', 'c1'],
      ['n2', 'n3', 'c2'],
    ],
  });
  let next: string | undefined;
  while (!next && now() < 3000) {
    sim.runUntilSync(now() + 5);
    next = leaderOf(['n2', 'n3']);
  }
  expect(next).toBeDefined();
  send('c2', { server: next ?? 'n2', op: 'put', key: 'x', value: '2' });
  // Until c2's second put (x = 2) is acknowledged.
  const c2Acks = () =>
    sim.trace.filter((e) => e.k === 'op' && e.node === 'c2' && e.op.phase === 'ok').length;
  while (c2Acks() < 2 && now() < 4000) sim.runUntilSync(now() + 5);
  expect(c2Acks()).toBe(2);
  send('c1', { server: 'n1', op: 'get', key: 'x', read: 'lease' });
  sim.runUntilSync(now() + 2000);
  return sim;
}

const staleViolation = (sim: Simulation) =>
  sim.invariantStatus().find((s) => s.id === 'no-stale-read')?.violation ?? null;
const leaseReadsServed = (sim: Simulation) =>
  sim.trace.filter(
    (e) => e.k === 'log' && e.fact?.kind === 'read-served' && e.fact.mode === 'lease',
  );

describe('a clock past the drift bound (seed 7, scripted)', () => {
  it('a leader whose clock runs 49% slow keeps a lease it lost: its lease read is stale', () => {
    const sim = staleLeaseScript(-0.49);
    expect(leaseReadsServed(sim).map((e) => (e.k === 'log' ? e.node : ''))).toEqual(['n1']);
    expect(staleViolation(sim)?.message).toMatch(
      /^c1 read x = 1 at \d+ ms, but x = 2 had been written and acknowledged at \d+ ms$/,
    );
  });

  it('the same script with the clock 9% slow (within the 10% bound): no stale read', () => {
    const sim = staleLeaseScript(-0.09);
    // n1's lease ran out before n2 or n3 could be elected: it asks a majority it cannot reach.
    expect(leaseReadsServed(sim)).toEqual([]);
    expect(
      sim.trace.some((e) => e.k === 'log' && e.node === 'n1' && e.fact?.kind === 'lease-missing'),
    ).toBe(true);
    expect(staleViolation(sim)).toBeNull();
  });
});
