/**
 * The election rules a production Raft adds to Figure 2, by handler and in the lab: pre-vote
 * (thesis §9.6) — a leader, or a server that heard from one within the minimum election timeout,
 * refuses — and CheckQuorum (§6.2): a leader not hearing from a majority for an election timeout
 * steps down. Also the settings' timing warnings (§9.3: broadcastTime ≪ electionTimeout).
 */
import { describe, expect, it } from 'vitest';
import type { Fact, NodeContext, NodeId } from '../../protocol';
import { readSettings } from '../../scenarios/settings';
import type { Simulation } from '../../sim/simulation';
import { scenarioById, startInProcess } from '../../testing/run';
import { DEFAULT_RAFT_OPTIONS, raft, readRaftOptions } from './raft';
import { raftEntry } from './scenarios';
import { raftTimingWarnings } from './timing';
import type { LogEntry, RaftMessage, RaftOptions, RaftPersisted, RaftState } from './types';

interface Harness {
  ctx: NodeContext<RaftMessage, RaftPersisted>;
  sent: Array<{ to: NodeId; m: RaftMessage }>;
  timers: Map<string, number | null>;
  said: Array<{ text: string; fact: Fact | undefined }>;
  clock: { now: number };
}

/** n1 of a three-server cluster, driven by hand. */
function server(state: Partial<RaftState> = {}, options: Partial<RaftOptions> = {}) {
  const h: Harness = {
    sent: [],
    timers: new Map(),
    said: [],
    clock: { now: 0 },
    ctx: undefined as unknown as NodeContext<RaftMessage, RaftPersisted>,
  };
  h.ctx = {
    id: 'n1',
    peers: ['n2', 'n3'],
    now: () => h.clock.now,
    random: () => 0.5,
    send: (to, m) => void h.sent.push({ to, m }),
    setTimer: (name, delay) => void h.timers.set(name, delay),
    cancelTimer: (name) => void h.timers.set(name, null),
    persist: () => {},
    log: (text, _marker, fact) => void h.said.push({ text, fact }),
    record: () => {},
    crashPoint: () => {},
  };
  const s = raft.init(h.ctx, { ...DEFAULT_RAFT_OPTIONS, ...options });
  Object.assign(s, state);
  return { h, s };
}

const e = (term: number): LogEntry => ({ term, command: { op: 'noop' } });

const preVote = (over: Partial<Extract<RaftMessage, { type: 'PreVote' }>> = {}): RaftMessage => ({
  type: 'PreVote',
  term: 2,
  candidateId: 'n2',
  lastLogIndex: 0,
  lastLogTerm: 0,
  ...over,
});

const heartbeat = (term: number, leaderId = 'n3'): RaftMessage => ({
  type: 'AppendEntries',
  term,
  leaderId,
  prevLogIndex: 0,
  prevLogTerm: 0,
  entries: [],
  leaderCommit: 0,
});

const lastSent = (h: Harness) => h.sent.at(-1)?.m;
const lastSaid = (h: Harness) => h.said.at(-1)?.text;

describe('pre-vote, the receiver (thesis §9.6)', () => {
  it('a leader always refuses, and says so: it is the live leader the asker missed', () => {
    const { h, s } = server({ currentTerm: 1, role: 'leader', leaderId: 'n1' }, { preVote: true });
    h.clock.now = 10_000; // long after any leader contact: only the role decides
    raft.onMessage(s, 'n2', preVote(), h.ctx);
    expect(lastSent(h)).toEqual({ type: 'PreVoteReply', term: 1, forTerm: 2, voteGranted: false });
    expect(lastSaid(h)).toBe('refuses n2’s pre-vote: it leads term 1');
    expect(s).toMatchObject({ role: 'leader', currentTerm: 1 });
  });

  it('a follower that heard from a leader within the minimum election timeout refuses', () => {
    const { h, s } = server({ currentTerm: 1 }, { preVote: true });
    h.clock.now = 600;
    raft.onMessage(s, 'n3', heartbeat(1), h.ctx);
    h.clock.now = 623;
    raft.onMessage(s, 'n2', preVote(), h.ctx);
    expect(lastSent(h)).toMatchObject({ type: 'PreVoteReply', voteGranted: false });
    expect(lastSaid(h)).toBe('refuses n2’s pre-vote: heard from leader n3 23 ms ago');
    expect(h.said.at(-1)?.fact).toMatchObject({ kind: 'pre-vote-refused', to: 'n2', term: 2 });
    // Once the minimum election timeout (150 ms) has passed in silence, it would vote.
    h.clock.now = 750;
    raft.onMessage(s, 'n2', preVote(), h.ctx);
    expect(lastSent(h)).toMatchObject({ type: 'PreVoteReply', voteGranted: true, forTerm: 2 });
    expect(lastSaid(h)).toBe('grants n2 a pre-vote for term 2');
  });

  it('granting changes neither its term nor its vote', () => {
    const { h, s } = server({ currentTerm: 3 }, { preVote: true });
    raft.onMessage(s, 'n2', preVote({ term: 4 }), h.ctx);
    expect(lastSent(h)).toEqual({ type: 'PreVoteReply', term: 3, forTerm: 4, voteGranted: true });
    expect(s).toMatchObject({ currentTerm: 3, votedFor: null, role: 'follower' });
  });

  it('refuses a term that is not above its own, and a less up-to-date log (§5.4.1)', () => {
    const { h, s } = server({ currentTerm: 2, log: [e(1), e(2)] }, { preVote: true });
    raft.onMessage(s, 'n2', preVote({ term: 2, lastLogTerm: 2, lastLogIndex: 2 }), h.ctx);
    expect(lastSaid(h)).toBe('refuses n2’s pre-vote: it is already in term 2');
    raft.onMessage(s, 'n2', preVote({ term: 3, lastLogTerm: 1, lastLogIndex: 9 }), h.ctx);
    expect(lastSaid(h)).toBe('refuses n2’s pre-vote: its log is more up-to-date');
    expect(lastSent(h)).toMatchObject({ voteGranted: false });
    expect(s.currentTerm).toBe(2);
  });

  it('answers a RequestVote of the older pre-vote shape the same way', () => {
    const { h, s } = server({ currentTerm: 1, role: 'leader' }, { preVote: true });
    const old: RaftMessage = {
      type: 'RequestVote',
      term: 2,
      candidateId: 'n2',
      lastLogIndex: 0,
      lastLogTerm: 0,
      preVote: true,
    };
    raft.onMessage(s, 'n2', old, h.ctx);
    expect(lastSent(h)).toMatchObject({ type: 'PreVoteReply', voteGranted: false });
    expect(s).toMatchObject({ role: 'leader', currentTerm: 1 });
  });
});

describe('pre-vote, the pre-candidate (thesis §9.6)', () => {
  it('asks for pre-votes as its own kind, without raising its term', () => {
    const { h, s } = server({ currentTerm: 1, log: [e(1)] }, { preVote: true });
    h.sent = [];
    raft.onTimer(s, 'election', h.ctx);
    expect(s).toMatchObject({ role: 'pre-candidate', currentTerm: 1, votedFor: null });
    expect(h.sent).toEqual(
      ['n2', 'n3'].map((to) => ({
        to,
        m: { type: 'PreVote', term: 2, candidateId: 'n1', lastLogIndex: 1, lastLogTerm: 1 },
      })),
    );
    expect(h.said.at(-1)).toEqual({
      text: 'asks for pre-votes for term 2',
      fact: { kind: 'pre-vote-started', term: 2 },
    });
  });

  it('goes back to follower on AppendEntries from a leader of its term', () => {
    const { h, s } = server({ currentTerm: 1 }, { preVote: true });
    raft.onTimer(s, 'election', h.ctx);
    raft.onMessage(s, 'n3', heartbeat(1), h.ctx);
    expect(s).toMatchObject({ role: 'follower', currentTerm: 1, leaderId: 'n3' });
    // …and a late grant from the round it abandoned starts nothing.
    raft.onMessage(
      s,
      'n2',
      { type: 'PreVoteReply', term: 1, forTerm: 2, voteGranted: true },
      h.ctx,
    );
    expect(s).toMatchObject({ role: 'follower', currentTerm: 1 });
  });

  it('whose pre-vote fails retries at its next timeout, still in its term', () => {
    const { h, s } = server({ currentTerm: 1 }, { preVote: true });
    raft.onTimer(s, 'election', h.ctx);
    const refusal = { type: 'PreVoteReply', term: 1, forTerm: 2, voteGranted: false } as const;
    raft.onMessage(s, 'n2', refusal, h.ctx);
    raft.onMessage(s, 'n3', refusal, h.ctx);
    expect(s).toMatchObject({ role: 'pre-candidate', currentTerm: 1 });
    h.sent = [];
    raft.onTimer(s, 'election', h.ctx);
    expect(s).toMatchObject({ role: 'pre-candidate', currentTerm: 1, votes: ['n1'] });
    expect(h.sent.map((x) => x.m)).toMatchObject([
      { type: 'PreVote', term: 2 },
      { type: 'PreVote', term: 2 },
    ]);
  });

  it('counts only grants for the term it asks about; a majority starts the real election', () => {
    const { h, s } = server({ currentTerm: 1 }, { preVote: true });
    raft.onTimer(s, 'election', h.ctx);
    raft.onMessage(
      s,
      'n2',
      { type: 'PreVoteReply', term: 0, forTerm: 1, voteGranted: true },
      h.ctx,
    );
    expect(s).toMatchObject({ role: 'pre-candidate', currentTerm: 1 });
    h.sent = [];
    raft.onMessage(
      s,
      'n2',
      { type: 'PreVoteReply', term: 1, forTerm: 2, voteGranted: true },
      h.ctx,
    );
    expect(h.said.map((x) => x.text)).toContain('won the pre-vote for term 2 (2 of 3)');
    expect(s).toMatchObject({ role: 'candidate', currentTerm: 2, votedFor: 'n1' });
    expect(h.sent.map((x) => x.m)).toMatchObject([
      { type: 'RequestVote', term: 2, preVote: false },
      { type: 'RequestVote', term: 2, preVote: false },
    ]);
  });
});

/** Make n1 the leader of term 1 at time 0 (n2 and n3 vote for it). */
function leader(options: Partial<RaftOptions>) {
  const { h, s } = server({}, options);
  raft.onTimer(s, 'election', h.ctx);
  const grant = { type: 'RequestVoteReply', term: 1, voteGranted: true, preVote: false } as const;
  raft.onMessage(s, 'n2', grant, h.ctx);
  expect(s.role).toBe('leader');
  return { h, s };
}

const ack = (term = 1): RaftMessage => ({
  type: 'AppendEntriesReply',
  term,
  success: true,
  matchIndex: 1,
  conflictIndex: 0,
});

describe('CheckQuorum (thesis §6.2)', () => {
  it('a leader that heard from no majority within the longest election timeout steps down', () => {
    const { h, s } = leader({ checkQuorum: true });
    h.clock.now = 250;
    raft.onTimer(s, 'heartbeat', h.ctx);
    expect(s.role).toBe('leader'); // the window (300 ms) has not passed yet
    h.clock.now = 300;
    raft.onTimer(s, 'heartbeat', h.ctx);
    expect(s).toMatchObject({ role: 'follower', currentTerm: 1, leaderId: null });
    expect(h.said.at(-1)).toEqual({
      text: 'stepped down: heard from only 1 of 3 servers in the last 300 ms (CheckQuorum)',
      fact: {
        kind: 'stepped-down',
        term: 1,
        from: 1,
        role: 'leader',
        reason: 'check-quorum',
        heard: 1,
        servers: 3,
      },
    });
    expect(h.timers.get('heartbeat')).toBeNull();
    expect(h.timers.get('election')).toBeGreaterThan(0);
  });

  it('a leader that hears from a majority in each window stays; each window needs fresh replies', () => {
    const { h, s } = leader({ checkQuorum: true });
    h.clock.now = 100;
    raft.onMessage(s, 'n2', ack(), h.ctx);
    h.clock.now = 300;
    raft.onTimer(s, 'heartbeat', h.ctx);
    expect(s.role).toBe('leader');
    // A failed AppendEntries of this term counts too: the follower heard the leader.
    h.clock.now = 400;
    raft.onMessage(s, 'n3', { ...ack(), success: false, matchIndex: 0 } as RaftMessage, h.ctx);
    h.clock.now = 600;
    raft.onTimer(s, 'heartbeat', h.ctx);
    expect(s.role).toBe('leader');
    h.clock.now = 900; // nothing heard since 600
    raft.onTimer(s, 'heartbeat', h.ctx);
    expect(s.role).toBe('follower');
  });

  it('does not count replies of an older term', () => {
    const { h, s } = leader({ checkQuorum: true });
    s.currentTerm = 2; // as if re-elected in term 2 with stale replies still arriving
    raft.onMessage(s, 'n2', ack(1), h.ctx);
    h.clock.now = 300;
    raft.onTimer(s, 'heartbeat', h.ctx);
    expect(s.role).toBe('follower');
  });

  it('is off unless asked for: a deaf leader then leads for ever', () => {
    const { h, s } = leader({});
    h.clock.now = 10_000;
    raft.onTimer(s, 'heartbeat', h.ctx);
    expect(s.role).toBe('leader');
    expect(readRaftOptions({ checkQuorum: true }).checkQuorum).toBe(true);
    expect(readRaftOptions({ checkQuorum: 'yes' }).checkQuorum).toBe(false);
  });
});

describe('timing warnings (paper §5.6, thesis §9.3)', () => {
  const t = { electionMinMs: 150, electionMaxMs: 300, heartbeatMs: 50, roundTripMs: 40 };

  it('are silent for sound timings, the lab defaults among them', () => {
    expect(raftTimingWarnings(t)).toEqual([]);
    expect(raftEntry.warnings?.(readSettings(raftEntry.settings, {}).values)).toEqual([]);
  });

  it('say in words when a heartbeat is not shorter than the shortest election timeout', () => {
    expect(raftTimingWarnings({ ...t, heartbeatMs: 250 })).toEqual([
      {
        key: 'heartbeat',
        text: 'The heartbeat (250 ms) is not shorter than the shortest election timeout (150 ms): followers will time out between heartbeats and elections will never settle.',
      },
    ]);
    expect(raftTimingWarnings({ ...t, heartbeatMs: 150 })).toHaveLength(1);
  });

  it('say when the timeouts span less than a round trip, or start below one', () => {
    expect(raftTimingWarnings({ ...t, electionMaxMs: 170 })).toEqual([
      {
        key: 'electionMax',
        text: 'The election timeouts span only 20 ms (150–170 ms), less than a round trip on the lab’s links (about 40 ms): servers will time out together, split their votes, and elections may never settle.',
      },
    ]);
    expect(raftTimingWarnings({ ...t, electionMinMs: 30, heartbeatMs: 10 })).toMatchObject([
      { key: 'electionMin' },
    ]);
  });

  it('judge the lab’s own round trip, and skip a field being typed', () => {
    const values = readSettings(raftEntry.settings, { heartbeat: '250' }).values;
    expect(raftEntry.warnings?.(values).map((w) => w.key)).toEqual(['heartbeat']);
    expect(raftEntry.warnings?.({ ...values, heartbeat: Number.NaN })).toEqual([]);
  });
});

// ── In the lab, deterministically: the runs, seed by seed ──────────────────────

function lab(seed: number, nodes: number, raw: Record<string, string>): Simulation {
  const { values } = readSettings(raftEntry.settings, raw);
  return startInProcess(scenarioById('raft', { nodes, settings: values }), seed);
}

const facts = (sim: Simulation, kind: string, after = 0) =>
  sim.trace.flatMap((x) =>
    x.k === 'log' && x.t > after && x.fact?.kind === kind ? [{ node: x.node, fact: x.fact }] : [],
  );

const roleOf = (sim: Simulation, id: string) => sim.frame().nodes.find((n) => n.id === id)?.role;

describe('in the lab', () => {
  it('a follower that times out cannot depose a healthy leader (seed 1, 3 nodes, pre-vote)', () => {
    const sim = lab(1, 3, { preVote: '1' });
    sim.runUntilSync(800);
    expect(roleOf(sim, 'n2')).toBe('leader');
    sim.actSync({ type: 'protocol', node: 'n1', action: { id: 'timeout' } });
    expect(roleOf(sim, 'n1')).toBe('pre-candidate');
    sim.runUntilSync(1100);
    expect(roleOf(sim, 'n2')).toBe('leader');
    expect(sim.frame().nodes.find((n) => n.id === 'n2')?.term).toBe(1);
    expect(facts(sim, 'election-started', 800)).toEqual([]);
    const refusals = facts(sim, 'pre-vote-refused', 800).map((r) => `${r.node}: ${r.fact.reason}`);
    expect(refusals).toEqual(['n3: heard from leader n2 27 ms ago', 'n2: it leads term 1']);
    // The round is on the wire as its own kinds.
    const kinds = sim.trace.flatMap((x) => (x.k === 'send' && x.t >= 800 ? [x.kind] : []));
    expect(kinds).toEqual(expect.arrayContaining(['PreVote', 'PreVoteReply']));
  });

  it('50% loss on one leader–follower link: no leader change in 10 s with pre-vote, several without', () => {
    const changes = (preVoteOn: boolean) => {
      const sim = lab(1, 3, preVoteOn ? { preVote: '1' } : {});
      sim.runUntilSync(800);
      expect(roleOf(sim, 'n2')).toBe('leader');
      sim.actSync({ type: 'link', from: 'n2', to: 'n1', config: { loss: 0.5 } });
      sim.actSync({ type: 'link', from: 'n1', to: 'n2', config: { loss: 0.5 } });
      sim.runUntilSync(10_800);
      return facts(sim, 'leader-elected', 800).length;
    };
    expect(changes(true)).toBe(0);
    expect(changes(false)).toBeGreaterThanOrEqual(3);
  });

  it('CheckQuorum: a leader that can send but not hear steps down and the write commits (seed 5)', () => {
    const run = (checkQuorum: boolean) => {
      const sim = lab(5, 3, checkQuorum ? { checkQuorum: '1' } : {});
      sim.runUntilSync(200);
      expect(roleOf(sim, 'n3')).toBe('leader');
      sim.actSync({ type: 'cut', from: 'n1', to: 'n3', oneWay: true });
      sim.actSync({ type: 'cut', from: 'n2', to: 'n3', oneWay: true });
      sim.actSync({
        type: 'protocol',
        node: 'c1',
        action: { id: 'send', args: { server: 'n3', op: 'put', key: 'x', value: '1' } },
      });
      sim.runUntilSync(10_200);
      const acked = sim.trace.some((x) => x.k === 'op' && x.node === 'c1' && x.op.phase === 'ok');
      return { sim, acked };
    };
    const off = run(false);
    expect(roleOf(off.sim, 'n3')).toBe('leader');
    expect(facts(off.sim, 'leader-elected', 200)).toEqual([]);
    expect(off.acked).toBe(false);

    const on = run(true);
    const stepDown = facts(on.sim, 'stepped-down', 200)[0];
    expect(stepDown).toMatchObject({ node: 'n3', fact: { reason: 'check-quorum', heard: 1 } });
    expect(facts(on.sim, 'leader-elected', 200)[0]?.node).toMatch(/^n[12]$/);
    expect(on.acked).toBe(true);
  });
});
