/** Read modes and narration facts, one handler at a time, with a hand-driven context. */
import { describe, expect, it } from 'vitest';
import type { NodeId } from '../../protocol';
import { leaderHarness, raftServer } from './leader.testkit';
import { raft } from './raft';
import type { Command, RaftMessage, RaftState, ReadMode } from './types';

/** Server n1 of five with `state` over a fresh one. */
function server(state: Partial<RaftState> = {}) {
  const h = raftServer({ peers: FIVE });
  Object.assign(h.s, state);
  return h;
}

/** A term-2 leader of five whose no-op (index 2) is committed, with x = 1 applied. */
const leader = () => leaderHarness({ peers: FIVE });

const FIVE = ['n2', 'n3', 'n4', 'n5'];

const get = (read: ReadMode, seq = 1): RaftMessage => ({
  type: 'ClientRequest',
  command: { op: 'get', client: 'c1', seq, key: 'x', read },
});

const ack = (
  term: number,
  readRound: number | undefined,
  success = true,
  matchIndex = 2,
): RaftMessage => ({
  type: 'AppendEntriesReply',
  term,
  success,
  matchIndex: success ? matchIndex : 0,
  conflictIndex: success ? 0 : 1,
  ...(readRound === undefined ? {} : { readRound }),
});

const replies = (sent: Array<{ to: NodeId; m: RaftMessage }>) =>
  sent.flatMap((x) => (x.m.type === 'ClientReply' ? [{ to: x.to, ...x.m }] : []));

describe('read-index (thesis §6.4)', () => {
  it('answers once a majority acknowledges a heartbeat round that began after the read', () => {
    const { s, ctx, sent, facts } = leader();
    raft.onMessage(s, 'c1', get('read-index'), ctx);
    const round = s.readRound;
    expect(round).toBeGreaterThan(0);
    // The new round went out at once to every follower.
    const appends = sent.filter((x) => x.m.type === 'AppendEntries');
    expect(appends.map((x) => x.to)).toEqual(['n2', 'n3', 'n4', 'n5']);
    expect(appends.every((x) => x.m.type === 'AppendEntries' && x.m.readRound === round)).toBe(
      true,
    );
    // Replies to earlier rounds do not count.
    raft.onMessage(s, 'n2', ack(2, round - 1), ctx);
    raft.onMessage(s, 'n3', ack(2, round - 1), ctx);
    expect(replies(sent)).toEqual([]);
    // One ack of the round: 2 of 5. A rejection (log mismatch) still acknowledges the term.
    raft.onMessage(s, 'n2', ack(2, round), ctx);
    expect(replies(sent)).toEqual([]);
    raft.onMessage(s, 'n3', ack(2, round, false), ctx);
    expect(replies(sent)).toEqual([
      { to: 'c1', type: 'ClientReply', seq: 1, result: { ok: true, value: '1' } },
    ]);
    expect(facts.filter((f) => f.kind === 'read-served')).toEqual([
      { kind: 'read-served', mode: 'read-index', key: 'x', value: '1', readIndex: 2 },
    ]);
    expect(s.pendingReads).toEqual([]);
    expect(s.log).toHaveLength(2); // no entry was appended for the read
  });

  it('waits for a commit in its own term before taking the read index (§8 no-op)', () => {
    const { s, ctx, sent } = leader();
    s.commitIndex = 1;
    s.lastApplied = 1;
    raft.onMessage(s, 'c1', get('read-index'), ctx);
    expect(s.pendingReads).toMatchObject([{ readIndex: null, round: null }]);
    expect(raft.view(s).pendingReads).toEqual([
      { client: 'c1', key: 'x', readIndex: null, acks: 1, needed: 3 },
    ]);
    // Two followers acknowledge index 2: the no-op commits, the read starts a round.
    raft.onMessage(s, 'n2', ack(2, s.readRound), ctx);
    raft.onMessage(s, 'n3', ack(2, s.readRound), ctx);
    expect(s.commitIndex).toBe(2);
    expect(s.pendingReads).toMatchObject([{ readIndex: 2, round: s.readRound }]);
    expect(replies(sent)).toEqual([]);
    raft.onMessage(s, 'n4', ack(2, s.readRound), ctx);
    raft.onMessage(s, 'n5', ack(2, s.readRound), ctx);
    expect(replies(sent)).toMatchObject([{ seq: 1, result: { ok: true, value: '1' } }]);
  });

  it('refuses pending reads when it steps down', () => {
    const { s, ctx, sent, facts } = leader();
    raft.onMessage(s, 'c1', get('read-index'), ctx);
    raft.onMessage(s, 'n2', ack(7, undefined, false), ctx);
    expect(s.role).toBe('follower');
    expect(replies(sent)).toEqual([
      {
        to: 'c1',
        type: 'ClientReply',
        seq: 1,
        result: { ok: false, error: 'not-leader', leaderHint: null },
      },
    ]);
    expect(facts).toContainEqual({ kind: 'stepped-down', term: 7, from: 2, role: 'leader' });
    expect(facts).toContainEqual(
      expect.objectContaining({ kind: 'read-rejected', reason: 'stepped-down' }),
    );
  });

  it('keeps one pending read per client: a retry replaces it', () => {
    const { s, ctx } = leader();
    raft.onMessage(s, 'c1', get('read-index', 1), ctx);
    raft.onMessage(s, 'c1', get('read-index', 1), ctx);
    raft.onMessage(s, 'c1', get('read-index', 2), ctx);
    expect(s.pendingReads.map((r) => r.seq)).toEqual([2]);
  });
});

describe('local reads (unsafe on purpose)', () => {
  it('a node that believes it leads answers at once from its own state', () => {
    const { s, ctx, sent, facts } = leader();
    raft.onMessage(s, 'c1', get('local'), ctx);
    expect(replies(sent)).toMatchObject([{ seq: 1, result: { ok: true, value: '1' } }]);
    expect(facts).toEqual([{ kind: 'read-served', mode: 'local', key: 'x', value: '1' }]);
  });

  it('a follower refuses local and read-index reads', () => {
    const { s, ctx, sent, facts } = server({ currentTerm: 2, leaderId: 'n3' });
    raft.onMessage(s, 'c1', get('local'), ctx);
    raft.onMessage(s, 'c1', get('read-index', 2), ctx);
    expect(replies(sent).map((r) => r.result)).toEqual([
      { ok: false, error: 'not-leader', leaderHint: 'n3' },
      { ok: false, error: 'not-leader', leaderHint: 'n3' },
    ]);
    expect(facts.map((f) => f.kind)).toEqual(['read-rejected', 'read-rejected']);
  });
});

describe('narration facts', () => {
  it('a follower that drops conflicting entries says which, and why', () => {
    const put = (value: string, seq: number): Command => ({
      op: 'put',
      client: 'c1',
      seq,
      key: 'x',
      value,
    });
    const { s, ctx, facts, texts } = server({
      currentTerm: 2,
      log: [
        { term: 1, command: { op: 'noop' } },
        { term: 2, command: put('2', 2) },
        { term: 2, command: put('4', 3) },
      ],
    });
    raft.onMessage(
      s,
      'n3',
      {
        type: 'AppendEntries',
        term: 3,
        leaderId: 'n3',
        prevLogIndex: 1,
        prevLogTerm: 1,
        entries: [{ term: 3, command: { op: 'noop' } }],
        leaderCommit: 0,
        readRound: 4,
      },
      ctx,
    );
    expect(texts).toContain('dropped entries 2–3 (term 2): they conflicted with the leader');
    expect(facts).toEqual([
      { kind: 'term-adopted', from: 2, term: 3 },
      { kind: 'truncated', from: 2, to: 3, entries: ['put x=2', 'put x=4'], terms: [2] },
    ]);
  });

  it('the leader narrates append, commit and apply as facts', () => {
    const { s, ctx, facts } = leader();
    raft.onMessage(
      s,
      'c1',
      {
        type: 'ClientRequest',
        command: { op: 'put', client: 'c1', seq: 1, key: 'x', value: '5' },
      },
      ctx,
    );
    raft.onMessage(s, 'n2', ack(2, undefined, true, 3), ctx);
    raft.onMessage(s, 'n3', ack(2, undefined, true, 3), ctx);
    expect(facts).toEqual([
      {
        kind: 'appended',
        index: 3,
        term: 2,
        command: 'put x=5',
        key: 'x',
        value: '5',
      },
      { kind: 'committed', index: 3 },
      { kind: 'applied', index: 3, key: 'x', value: '5' },
    ]);
  });
});
