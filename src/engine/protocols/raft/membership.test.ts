/**
 * Membership changes one server at a time, rule by rule, with a hand-driven context. Each
 * test cites its section of Ongaro's thesis ("Consensus: Bridging Theory and Practice", 2014).
 */
import { describe, expect, it } from 'vitest';
import type { HistoryOp, NodeContext, NodeId } from '../../protocol';
import type { SimulationSuite } from '../../package';
import { fromLab } from '../../testing/lab-suite';
import { firstFailing } from '../../testing/seed-runner';
import { MAX_CATCH_UP_ROUNDS } from './membership';
import { raftMembershipNemesis } from './nemesis';
import { DEFAULT_RAFT_OPTIONS, raft } from './raft';
import { raftEntry } from './scenarios';
import type {
  Command,
  LogEntry,
  RaftMessage,
  RaftOptions,
  RaftPersisted,
  RaftState,
} from './types';

interface Harness {
  ctx: NodeContext<RaftMessage, RaftPersisted>;
  sent: Array<{ to: NodeId; m: RaftMessage }>;
  timers: Map<string, number | null>;
  logs: string[];
  clock: { now: number };
}

function harness(id: NodeId, peers: NodeId[]): Harness {
  const h: Harness = {
    sent: [],
    timers: new Map(),
    logs: [],
    clock: { now: 0 },
    ctx: undefined as unknown as NodeContext<RaftMessage, RaftPersisted>,
  };
  h.ctx = {
    id,
    peers,
    now: () => h.clock.now,
    random: () => 0.5,
    send: (to, m) => void h.sent.push({ to, m }),
    setTimer: (name, delay) => void h.timers.set(name, delay),
    cancelTimer: (name) => void h.timers.set(name, null),
    persist: () => {},
    log: (text) => void h.logs.push(text),
    record: (_op: HistoryOp) => {},
    crashPoint: () => {},
  };
  return h;
}

const ALL = ['n1', 'n2', 'n3', 'n4', 'n5'];

/** Server `id` of n1…n5 with the bootstrap configuration `members` (n4, n5 spare by default). */
function server(
  id = 'n1',
  members: string[] | null = ['n1', 'n2', 'n3'],
  options: Partial<RaftOptions> = {},
) {
  const h = harness(
    id,
    ALL.filter((p) => p !== id),
  );
  const s = raft.init(h.ctx, { ...DEFAULT_RAFT_OPTIONS, members, ...options });
  h.sent = [];
  h.logs = [];
  return { h, s };
}

const put = (term: number, seq: number): LogEntry => ({
  term,
  command: { op: 'put', client: 'c1', seq, key: 'x', value: `v${seq}` },
});
const cfg = (term: number, servers: string[]): LogEntry => ({
  term,
  command: { op: 'config', servers },
});
const sentTo = (h: Harness, type: RaftMessage['type']) =>
  h.sent.filter((x) => x.m.type === type).map((x) => x.to);

/** Make `s` the leader of term 1 with its no-op committed (2 of {n1, n2, n3}). */
function leader(id = 'n1', members: string[] | null = ['n1', 'n2', 'n3'], o = {}) {
  const { h, s } = server(id, members, o);
  raft.onTimer(s, 'election', h.ctx);
  const voter = s.config.find((p) => p !== id) as string;
  raft.onMessage(
    s,
    voter,
    { type: 'RequestVoteReply', term: 1, voteGranted: true, preVote: false },
    h.ctx,
  );
  expect(s.role).toBe('leader');
  ack(s, h, voter, s.log.length);
  expect(s.commitIndex).toBe(s.log.length);
  h.sent = [];
  h.logs = [];
  return { h, s };
}

function ack(s: RaftState, h: Harness, from: string, matchIndex: number) {
  raft.onMessage(
    s,
    from,
    {
      type: 'AppendEntriesReply',
      term: s.currentTerm,
      success: true,
      matchIndex,
      conflictIndex: 0,
    },
    h.ctx,
  );
}

function append(s: RaftState, h: Harness, entries: LogEntry[], prev = 0, commit = 0) {
  raft.onMessage(
    s,
    'n1',
    {
      type: 'AppendEntries',
      term: Math.max(1, ...entries.map((e) => e.term)),
      leaderId: 'n1',
      prevLogIndex: prev,
      prevLogTerm: prev === 0 ? 0 : (s.log[prev - 1]?.term ?? 0),
      entries,
      leaderCommit: commit,
    },
    h.ctx,
  );
}

const lastCommand = (s: RaftState): Command | undefined => s.log[s.log.length - 1]?.command;

describe('the node menu on a server outside the configuration', () => {
  it('a spare asked to "Remove from cluster" says it is not in the cluster, and asks nobody (§4.2)', () => {
    const { h, s } = server('n5');
    raft.onAction(s, { id: 'remove-server' }, h.ctx);
    expect(h.logs).toEqual(['is not in the cluster: there is nothing to remove it from']);
    expect(h.sent).toEqual([]);
  });
});

describe('§4.1: the configuration is the latest config entry in the log, committed or not', () => {
  it('a follower uses a config entry as soon as it appends it, and the previous one if it is cut off', () => {
    const { h, s } = server('n2');
    expect(s.config).toEqual(['n1', 'n2', 'n3']);
    append(s, h, [put(1, 1), cfg(1, ['n1', 'n2', 'n3', 'n4'])]);
    expect(s.commitIndex).toBe(0);
    expect(s.config).toEqual(['n1', 'n2', 'n3', 'n4']);
    // A leader of term 2 overwrites index 2: the bootstrap configuration is back in force.
    append(s, h, [put(2, 2)], 1);
    expect(s.log.map((e) => e.term)).toEqual([1, 2]);
    expect(s.config).toEqual(['n1', 'n2', 'n3']);
  });

  it('majorities are of the configuration, not of every server that runs', () => {
    // Three of five servers are in the configuration: votes from n2 make a majority (2 of 3).
    const { h, s } = server('n1');
    raft.onTimer(s, 'election', h.ctx);
    expect(sentTo(h, 'RequestVote')).toEqual(['n2', 'n3']);
    raft.onMessage(
      s,
      'n4',
      { type: 'RequestVoteReply', term: 1, voteGranted: true, preVote: false },
      h.ctx,
    );
    expect(s.role).toBe('candidate'); // a spare's vote does not count
    raft.onMessage(
      s,
      'n2',
      { type: 'RequestVoteReply', term: 1, voteGranted: true, preVote: false },
      h.ctx,
    );
    expect(s.role).toBe('leader');
    expect(sentTo(h, 'AppendEntries')).toEqual(['n2', 'n3']); // spares hear nothing
    ack(s, h, 'n2', 1);
    expect(s.commitIndex).toBe(1);
  });

  it('a leader changes the configuration only after the previous change commits', () => {
    const { h, s } = leader();
    raft.onAction(s, { id: 'remove-server' }, h.ctx); // n1 removes itself
    expect(lastCommand(s)).toEqual({ op: 'config', servers: ['n2', 'n3'] });
    const length = s.log.length;
    raft.onMessage(s, 'n2', { type: 'ChangeMembership', op: 'remove', server: 'n3' }, h.ctx);
    expect(s.log.length).toBe(length);
    expect(h.logs.at(-1)).toMatch(/refused to remove n3: .*not committed yet/);
  });

  it('…and only once it has committed an entry of its own term (the 2015 raft-dev fix)', () => {
    const { h, s } = server('n1');
    raft.onTimer(s, 'election', h.ctx);
    raft.onMessage(
      s,
      'n2',
      { type: 'RequestVoteReply', term: 1, voteGranted: true, preVote: false },
      h.ctx,
    );
    expect(s.role).toBe('leader');
    expect(s.commitIndex).toBe(0); // its no-op is not committed yet
    raft.onAction(s, { id: 'add-server' }, h.ctx);
    expect(s.learner).toBeNull();
    expect(h.logs.at(-1)).toMatch(/has not yet committed an entry of its term 1/);
  });
});

describe('§4.2.1: a new server catches up as a non-voting learner before it joins', () => {
  it('Add server replicates to the next spare, which joins after a round shorter than an election timeout', () => {
    const { h, s } = leader();
    raft.onAction(s, { id: 'add-server' }, h.ctx);
    expect(s.learner?.id).toBe('n4');
    expect(sentTo(h, 'AppendEntries')).toEqual(['n4']);
    expect(s.config).toEqual(['n1', 'n2', 'n3']); // not a voter yet
    h.sent = [];
    raft.onTimer(s, 'heartbeat', h.ctx);
    expect(sentTo(h, 'AppendEntries')).toEqual(['n2', 'n3', 'n4']);
    // The learner's acknowledgement does not count towards commitment.
    raft.onAction(s, { id: 'client-request' }, h.ctx);
    ack(s, h, 'n4', s.log.length);
    expect(s.commitIndex).toBe(1);
    // Its round ended (it holds everything the leader had) within 20 ms: it joins.
    expect(lastCommand(s)).toEqual({ op: 'config', servers: ['n1', 'n2', 'n3', 'n4'] });
    expect(s.learner).toBeNull();
    expect(s.config).toEqual(['n1', 'n2', 'n3', 'n4']);
  });

  it('a slow round starts another; after the last round the change is abandoned', () => {
    const { h, s } = leader();
    raft.onAction(s, { id: 'add-server' }, h.ctx);
    for (let round = 1; round <= MAX_CATCH_UP_ROUNDS; round++) {
      expect(s.learner?.round).toBe(round);
      h.clock.now += 1000; // longer than the minimum election timeout
      ack(s, h, 'n4', s.log.length);
    }
    expect(s.learner).toBeNull();
    expect(s.config).toEqual(['n1', 'n2', 'n3']);
    expect(h.logs.join('\n')).toMatch(/gave up adding n4: still behind after 10 rounds/);
  });

  it('a spare starts with an empty configuration: it never times out or votes, and calls itself not in the cluster', () => {
    const { h, s } = server('n4');
    expect(s.config).toEqual([]);
    expect(h.timers.get('election')).toBeUndefined();
    expect(raft.view(s).membership).toBe('not-in-cluster');
    raft.onMessage(
      s,
      'n1',
      {
        type: 'RequestVote',
        term: 3,
        candidateId: 'n1',
        lastLogIndex: 0,
        lastLogTerm: 0,
        preVote: false,
      },
      h.ctx,
    );
    expect(s.currentTerm).toBe(0);
    expect(h.sent).toEqual([]);
    // Hearing from a leader before it is added: a learner.
    append(s, h, [put(1, 1)]);
    expect(raft.view(s).membership).toBe('learner');
    append(s, h, [cfg(1, ['n1', 'n2', 'n3', 'n4'])], 1);
    expect(raft.view(s).membership).toBe('voter');
  });
});

describe('§4.2.2: removing servers, the leader among them', () => {
  it('a removed leader leads without counting itself, then steps down once the change commits', () => {
    const { h, s } = leader();
    raft.onAction(s, { id: 'remove-server' }, h.ctx);
    const index = s.log.length;
    expect(lastCommand(s)).toEqual({ op: 'config', servers: ['n2', 'n3'] });
    expect(raft.view(s).membership).toBe('removed');
    ack(s, h, 'n2', index);
    expect(s.commitIndex).toBe(index - 1); // one of {n2, n3}: not a majority (n1 does not count)
    expect(s.role).toBe('leader');
    ack(s, h, 'n3', index);
    expect(s.commitIndex).toBe(index);
    expect(s.role).toBe('follower');
    expect(h.timers.get('heartbeat')).toBeNull();
    expect(h.logs).toContain('stepped down: the configuration without it is committed');
    // It knows it is out: its election timer does nothing.
    h.logs = [];
    raft.onTimer(s, 'election', h.ctx);
    expect(s.role).toBe('follower');
    expect(s.currentTerm).toBe(1);
  });

  it('Remove from cluster at a follower asks its leader; the removed server is told once it commits', () => {
    const f = server('n3');
    append(f.s, f.h, [put(1, 1)], 0, 1);
    f.h.sent = [];
    raft.onAction(f.s, { id: 'remove-server' }, f.h.ctx);
    expect(f.h.sent).toEqual([
      { to: 'n1', m: { type: 'ChangeMembership', op: 'remove', server: 'n3' } },
    ]);
    const { h, s } = leader();
    raft.onMessage(s, 'n3', { type: 'ChangeMembership', op: 'remove', server: 'n3' }, h.ctx);
    expect(sentTo(h, 'AppendEntries')).toEqual(['n2']); // n3 is no longer replicated to…
    h.sent = [];
    ack(s, h, 'n2', s.log.length);
    expect(sentTo(h, 'AppendEntries')).toContain('n3'); // …until it is told it is out
  });
});

describe('§4.2.3: removed servers must not disrupt the cluster', () => {
  const vote = (term: number) =>
    ({
      type: 'RequestVote',
      term,
      candidateId: 'n4',
      lastLogIndex: 5,
      lastLogTerm: 5,
      preVote: false,
    }) as const;

  it('a server that heard from its leader within the minimum election timeout ignores a RequestVote', () => {
    const { h, s } = server('n2');
    append(s, h, [put(1, 1)]);
    h.sent = [];
    h.clock.now += 100; // < 150 ms
    raft.onMessage(s, 'n4', vote(7), h.ctx);
    expect(s.currentTerm).toBe(1);
    expect(s.votedFor).toBeNull();
    expect(h.sent).toEqual([]);
    h.clock.now += 100; // 200 ms since the leader was heard: a real election may be under way
    raft.onMessage(s, 'n4', vote(7), h.ctx);
    expect(s.currentTerm).toBe(7);
    expect(s.votedFor).toBe('n4');
  });

  it('a leader ignores it too', () => {
    const { h, s } = leader();
    h.clock.now += 1000;
    raft.onMessage(s, 'n4', vote(7), h.ctx);
    expect(s.role).toBe('leader');
    expect(s.currentTerm).toBe(1);
  });

  it('a fixed cluster (no spares, no config entry) behaves as before: the term is adopted', () => {
    const { h, s } = server('n2', null);
    append(s, h, [put(1, 1)]);
    raft.onMessage(s, 'n4', vote(7), h.ctx);
    expect(s.currentTerm).toBe(7);
  });
});

describe('the two-at-once broken variant', () => {
  it('adds two servers in one configuration entry, skipping the one-at-a-time rule', () => {
    const { h, s } = leader('n1', ['n1', 'n2', 'n3'], { broken: 'two-at-once' });
    raft.onAction(s, { id: 'add-server' }, h.ctx);
    expect(lastCommand(s)).toEqual({
      op: 'config',
      servers: ['n1', 'n2', 'n3', 'n4', 'n5'],
    });
  });

  it('is caught by Election Safety under random faults and membership changes, first on seed 232', () => {
    const suite: SimulationSuite = {
      name: 'two-at-once, 5 servers (2 spare)',
      ...fromLab(raftEntry, 5, { broken: 'two-at-once', clients: '2', load: '20', spares: '2' }),
      durationMs: 2000,
      faultEveryMs: 40,
      settleMs: 1000,
      seeds: 1,
      nemesis: raftMembershipNemesis,
    };
    const caught = firstFailing(suite, 400);
    console.log(`two-at-once: caught on seed ${caught?.seed}: ${caught?.failure}`);
    expect(caught?.seed).toBe(232);
    expect(caught?.failure).toMatch(/^election-safety: /);
    expect(caught?.link).toMatch(/^#\/lab\/raft\?seed=232&nodes=5&broken=two-at-once&/);
  }, 240_000);
});
