/** Figure 2's rules, one handler at a time, with a hand-driven context. */
import { describe, expect, it } from 'vitest';
import type { HistoryOp, NodeContext, NodeId } from '../../protocol';
import { DEFAULT_RAFT_OPTIONS, raft } from './raft';
import type { LogEntry, RaftMessage, RaftOptions, RaftPersisted, RaftState } from './types';

interface Harness {
  ctx: NodeContext<RaftMessage, RaftPersisted>;
  sent: Array<{ to: NodeId; m: RaftMessage }>;
  timers: Map<string, number | null>;
  disk: RaftPersisted | null;
  /** The order things happened in: persist before send matters. */
  journal: string[];
  clock: { now: number };
}

function harness(id = 'n1', peers = ['n2', 'n3', 'n4', 'n5']): Harness {
  const h: Harness = {
    sent: [],
    timers: new Map(),
    disk: null,
    journal: [],
    clock: { now: 0 },
    ctx: undefined as unknown as NodeContext<RaftMessage, RaftPersisted>,
  };
  h.ctx = {
    id,
    peers,
    now: () => h.clock.now,
    random: () => 0.5,
    send: (to, m) => {
      h.sent.push({ to, m });
      h.journal.push(`send ${m.type}`);
    },
    setTimer: (name, delay) => void h.timers.set(name, delay),
    cancelTimer: (name) => void h.timers.set(name, null),
    persist: (data) => {
      h.disk = structuredClone(data);
      h.journal.push('persist');
    },
    log: () => {},
    record: (_op: HistoryOp) => {},
    crashPoint: () => {},
  };
  return h;
}

const e = (term: number, value = `v${term}`): LogEntry => ({
  term,
  command: { op: 'put', client: 'c1', seq: term * 100 + value.length, key: 'x', value },
});

function server(state: Partial<RaftState> = {}, options: Partial<RaftOptions> = {}) {
  const h = harness();
  const s = raft.init(h.ctx, { ...DEFAULT_RAFT_OPTIONS, ...options });
  Object.assign(s, state);
  h.sent = [];
  h.journal = [];
  return { h, s };
}

const rv = (over: Partial<Extract<RaftMessage, { type: 'RequestVote' }>> = {}): RaftMessage => ({
  type: 'RequestVote',
  term: 1,
  candidateId: 'n2',
  lastLogIndex: 0,
  lastLogTerm: 0,
  preVote: false,
  ...over,
});

const ae = (over: Partial<Extract<RaftMessage, { type: 'AppendEntries' }>> = {}): RaftMessage => ({
  type: 'AppendEntries',
  term: 1,
  leaderId: 'n2',
  prevLogIndex: 0,
  prevLogTerm: 0,
  entries: [],
  leaderCommit: 0,
  ...over,
});

const lastReply = (h: Harness) => h.sent.at(-1)?.m;

describe('RequestVote (Figure 2)', () => {
  it('rejects a candidate from an older term', () => {
    const { h, s } = server({ currentTerm: 5 });
    raft.onMessage(s, 'n2', rv({ term: 4 }), h.ctx);
    expect(lastReply(h)).toEqual({
      type: 'RequestVoteReply',
      term: 5,
      voteGranted: false,
      preVote: false,
    });
    expect(s.votedFor).toBeNull();
  });

  it('grants one vote per term and persists it before replying', () => {
    const { h, s } = server();
    raft.onMessage(s, 'n2', rv({ term: 1, candidateId: 'n2' }), h.ctx);
    expect(lastReply(h)).toMatchObject({ voteGranted: true, term: 1 });
    expect(h.disk).toMatchObject({ currentTerm: 1, votedFor: 'n2' });
    expect(h.journal).toEqual(['persist', 'persist', 'send RequestVoteReply']);
    raft.onMessage(s, 'n3', rv({ term: 1, candidateId: 'n3' }), h.ctx);
    expect(lastReply(h)).toMatchObject({ voteGranted: false });
    // The same candidate asking again (a duplicated message) gets the same answer.
    raft.onMessage(s, 'n2', rv({ term: 1, candidateId: 'n2' }), h.ctx);
    expect(lastReply(h)).toMatchObject({ voteGranted: true });
  });

  it('refuses a candidate whose log is less up-to-date (§5.4.1)', () => {
    const { h, s } = server({ log: [e(1), e(2)], currentTerm: 2 });
    raft.onMessage(s, 'n2', rv({ term: 3, lastLogTerm: 1, lastLogIndex: 5 }), h.ctx);
    expect(lastReply(h)).toMatchObject({ voteGranted: false, term: 3 });
    raft.onMessage(
      s,
      'n3',
      rv({ term: 3, candidateId: 'n3', lastLogTerm: 2, lastLogIndex: 1 }),
      h.ctx,
    );
    expect(lastReply(h)).toMatchObject({ voteGranted: false });
    raft.onMessage(
      s,
      'n4',
      rv({ term: 3, candidateId: 'n4', lastLogTerm: 2, lastLogIndex: 2 }),
      h.ctx,
    );
    expect(lastReply(h)).toMatchObject({ voteGranted: true });
  });

  it('skips the log check in the vote-without-log-check variant', () => {
    const { h, s } = server(
      { log: [e(1), e(2)], currentTerm: 2 },
      { broken: 'vote-without-log-check' },
    );
    raft.onMessage(s, 'n2', rv({ term: 3, lastLogTerm: 1, lastLogIndex: 1 }), h.ctx);
    expect(lastReply(h)).toMatchObject({ voteGranted: true });
  });

  it('does not persist votedFor in the forget-voted-for variant', () => {
    const { h, s } = server({}, { broken: 'forget-voted-for' });
    raft.onMessage(s, 'n2', rv({ term: 1 }), h.ctx);
    expect(s.votedFor).toBe('n2');
    expect(h.disk?.votedFor).toBeNull();
  });
});

describe('terms', () => {
  it('steps down on any message with a higher term, clearing its vote', () => {
    const { h, s } = server({ currentTerm: 3, role: 'leader', votedFor: 'n1' });
    raft.onMessage(
      s,
      'n4',
      { type: 'AppendEntriesReply', term: 7, success: false, matchIndex: 0, conflictIndex: 0 },
      h.ctx,
    );
    expect(s).toMatchObject({ role: 'follower', currentTerm: 7, votedFor: null });
    expect(h.disk).toMatchObject({ currentTerm: 7, votedFor: null });
    expect(h.timers.get('heartbeat')).toBeNull();
  });

  it('does not change anyone’s term for a pre-vote', () => {
    const { h, s } = server({ currentTerm: 3 }, { preVote: true });
    raft.onMessage(s, 'n2', rv({ term: 4, preVote: true }), h.ctx);
    // Answered as its own kind now (PreVoteReply), whichever shape asked.
    expect(lastReply(h)).toMatchObject({ type: 'PreVoteReply', voteGranted: true, term: 3 });
    expect(s.currentTerm).toBe(3);
    expect(s.votedFor).toBeNull();
    // …and refuses one while it hears from a leader.
    raft.onMessage(s, 'n3', ae({ term: 3, leaderId: 'n3' }), h.ctx);
    raft.onMessage(s, 'n2', rv({ term: 4, preVote: true }), h.ctx);
    expect(lastReply(h)).toMatchObject({ type: 'PreVoteReply', voteGranted: false });
  });
});

describe('AppendEntries (Figure 2)', () => {
  it('rejects a leader from an older term', () => {
    const { h, s } = server({ currentTerm: 4 });
    raft.onMessage(s, 'n2', ae({ term: 3 }), h.ctx);
    expect(lastReply(h)).toMatchObject({ type: 'AppendEntriesReply', term: 4, success: false });
  });

  it('rejects when it lacks the entry at prevLogIndex, hinting where to resume', () => {
    const { h, s } = server({ currentTerm: 2, log: [e(1)] });
    raft.onMessage(s, 'n2', ae({ term: 2, prevLogIndex: 4, prevLogTerm: 2 }), h.ctx);
    expect(lastReply(h)).toMatchObject({ success: false, conflictIndex: 2 });
  });

  it('skips back over a whole conflicting term', () => {
    const { h, s } = server({ currentTerm: 3, log: [e(1), e(2, 'a'), e(2, 'bb'), e(2, 'ccc')] });
    raft.onMessage(s, 'n2', ae({ term: 3, prevLogIndex: 4, prevLogTerm: 3 }), h.ctx);
    expect(lastReply(h)).toMatchObject({ success: false, conflictIndex: 2 });
  });

  it('deletes a conflicting entry and all that follow, then appends', () => {
    const { h, s } = server({ currentTerm: 2, log: [e(1), e(2, 'old'), e(2, 'older')] });
    raft.onMessage(
      s,
      'n2',
      ae({ term: 3, prevLogIndex: 1, prevLogTerm: 1, entries: [e(3, 'new')] }),
      h.ctx,
    );
    expect(s.log).toEqual([e(1), e(3, 'new')]);
    expect(h.disk?.log).toEqual([e(1), e(3, 'new')]);
    expect(lastReply(h)).toMatchObject({ success: true, matchIndex: 2 });
  });

  it('keeps matching entries when a stale, reordered AppendEntries arrives', () => {
    const { h, s } = server({ currentTerm: 2, log: [e(1), e(2, 'a'), e(2, 'bb')] });
    raft.onMessage(
      s,
      'n2',
      ae({ term: 2, prevLogIndex: 0, prevLogTerm: 0, entries: [e(1)] }),
      h.ctx,
    );
    expect(s.log).toHaveLength(3);
    expect(lastReply(h)).toMatchObject({ success: true, matchIndex: 1 });
  });

  it('advances commitIndex to min(leaderCommit, last new entry) and applies', () => {
    const { h, s } = server({ currentTerm: 2 });
    raft.onMessage(
      s,
      'n2',
      ae({ term: 2, entries: [e(1, 'a'), e(2, 'b')], leaderCommit: 9 }),
      h.ctx,
    );
    expect(s.commitIndex).toBe(2);
    expect(s.lastApplied).toBe(2);
    expect(s.kv).toEqual({ x: 'b' });
    // A heartbeat whose prevLogIndex is behind must not pull commitIndex back.
    raft.onMessage(
      s,
      'n2',
      ae({ term: 2, prevLogIndex: 1, prevLogTerm: 1, leaderCommit: 1 }),
      h.ctx,
    );
    expect(s.commitIndex).toBe(2);
  });

  it('turns a candidate of the same term back into a follower', () => {
    const { h, s } = server({ currentTerm: 5, role: 'candidate', votes: ['n1'] });
    raft.onMessage(s, 'n3', ae({ term: 5, leaderId: 'n3' }), h.ctx);
    expect(s).toMatchObject({ role: 'follower', leaderId: 'n3', currentTerm: 5 });
  });
});

describe('the leader', () => {
  function leaderWithOldEntry(options: Partial<RaftOptions> = {}) {
    // Term 4 leader whose log holds an entry of term 2 (left by an earlier leader).
    const { h, s } = server({ currentTerm: 4, log: [e(1), e(2, 'old')] }, options);
    s.role = 'leader';
    for (const p of h.ctx.peers) {
      s.nextIndex[p] = 3;
      s.matchIndex[p] = 0;
    }
    return { h, s };
  }
  const ack = (term: number, matchIndex: number): RaftMessage => ({
    type: 'AppendEntriesReply',
    term,
    success: true,
    matchIndex,
    conflictIndex: 0,
  });

  it('commits only entries of its own term by counting replicas (§5.4.2)', () => {
    const { h, s } = leaderWithOldEntry();
    raft.onMessage(s, 'n2', ack(4, 2), h.ctx);
    raft.onMessage(s, 'n3', ack(4, 2), h.ctx);
    expect(s.commitIndex).toBe(0); // a majority stores index 2, but it is from term 2
    s.log.push(e(4, 'now'));
    raft.onMessage(s, 'n2', ack(4, 3), h.ctx);
    raft.onMessage(s, 'n3', ack(4, 3), h.ctx);
    expect(s.commitIndex).toBe(3); // committing index 3 commits 1 and 2 with it
    expect(s.lastApplied).toBe(3);
  });

  it('commits an old-term entry by count in the commit-old-term-by-count variant', () => {
    const { h, s } = leaderWithOldEntry({ broken: 'commit-old-term-by-count' });
    raft.onMessage(s, 'n2', ack(4, 2), h.ctx);
    raft.onMessage(s, 'n3', ack(4, 2), h.ctx);
    expect(s.commitIndex).toBe(2);
  });

  it('ignores stale acknowledgements: matchIndex never goes back', () => {
    const { h, s } = leaderWithOldEntry();
    raft.onMessage(s, 'n2', ack(4, 2), h.ctx);
    raft.onMessage(s, 'n2', ack(4, 1), h.ctx);
    expect(s.matchIndex.n2).toBe(2);
    raft.onMessage(s, 'n2', ack(3, 2), h.ctx); // from an older term: ignored
    expect(s.matchIndex.n2).toBe(2);
  });

  it('backs nextIndex off after a rejection and retries at once', () => {
    const { h, s } = leaderWithOldEntry();
    s.nextIndex.n2 = 3;
    raft.onMessage(
      s,
      'n2',
      { type: 'AppendEntriesReply', term: 4, success: false, matchIndex: 0, conflictIndex: 1 },
      h.ctx,
    );
    expect(s.nextIndex.n2).toBe(1);
    expect(h.sent.at(-1)).toMatchObject({
      to: 'n2',
      m: { type: 'AppendEntries', prevLogIndex: 0 },
    });
  });

  it('applies a retried client command only once', () => {
    const { h, s } = server({ currentTerm: 1 });
    s.role = 'leader';
    const put = { op: 'put' as const, client: 'c1', seq: 1, key: 'k', value: 'a' };
    s.log = [
      { term: 1, command: put },
      { term: 1, command: { ...put, value: 'b' } },
    ];
    s.matchIndex = { n3: 2 };
    raft.onMessage(
      s,
      'n2',
      { type: 'AppendEntriesReply', term: 1, success: true, matchIndex: 2, conflictIndex: 0 },
      h.ctx,
    );
    expect(s.kv).toEqual({ k: 'a' });
  });

  it('redirects a client when it is not the leader', () => {
    const { h, s } = server({ currentTerm: 2, leaderId: 'n3' });
    const command = { op: 'get' as const, client: 'c1', seq: 1, key: 'k' };
    raft.onMessage(s, 'c1', { type: 'ClientRequest', command }, h.ctx);
    expect(lastReply(h)).toEqual({
      type: 'ClientReply',
      seq: 1,
      result: { ok: false, error: 'not-leader', leaderHint: 'n3' },
    });
  });
});

describe('a restarted node', () => {
  it('recovers term, vote and log from disk, and nothing else', () => {
    const h = harness();
    const disk: RaftPersisted = { currentTerm: 6, votedFor: 'n4', log: [e(5, 'a'), e(6, 'b')] };
    const s = raft.recover(h.ctx, DEFAULT_RAFT_OPTIONS, disk);
    expect(s).toMatchObject({
      currentTerm: 6,
      votedFor: 'n4',
      role: 'follower',
      commitIndex: 0,
      lastApplied: 0,
      kv: {},
    });
    expect(s.log).toEqual(disk.log);
    expect(h.timers.get('election')).toBeGreaterThanOrEqual(150);
    // It will not vote for someone else in term 6…
    raft.onMessage(s, 'n2', rv({ term: 6, lastLogTerm: 6, lastLogIndex: 2 }), h.ctx);
    expect(lastReply(h)).toMatchObject({ voteGranted: false });
    // …and rebuilds its state machine once it learns what is committed.
    raft.onMessage(
      s,
      'n4',
      ae({ term: 6, leaderId: 'n4', prevLogIndex: 2, prevLogTerm: 6, leaderCommit: 2 }),
      h.ctx,
    );
    expect(s.kv).toEqual({ x: 'b' });
  });
});
