/**
 * The side-by-side log picture from Raft's published view model: rows, terms, committed
 * versus tentative entries, commit marks, the leader's nextIndex/matchIndex (thesis §3.5,
 * Figure 3.1: nextIndex and matchIndex are the leader's volatile state per follower), a
 * crashed server's durable log (§3.8 / Figure 3.1: the log is persistent state, commitIndex
 * is volatile) and the latest-window narrowing of a long log.
 */
import { describe, expect, it } from 'vitest';
import type { NodeContext } from '../../../engine/protocol';
import { DEFAULT_RAFT_OPTIONS, raft } from '../../../engine/protocols/raft/raft';
import type {
  LogEntry,
  RaftMessage,
  RaftPersisted,
  RaftState,
} from '../../../engine/protocols/raft/types';
import { durableLog, view } from '../../../engine/protocols/raft/view';
import { cellName, logGrid, logGridSignature, rowSummary, type GridServer } from './log-grid';

const ctx = (id: string): NodeContext<RaftMessage, RaftPersisted> => ({
  id,
  peers: ['n1', 'n2', 'n3'].filter((p) => p !== id),
  now: () => 0,
  random: () => 0.5,
  send: () => {},
  setTimer: () => {},
  cancelTimer: () => {},
  persist: () => {},
  log: () => {},
  record: () => {},
  crashPoint: () => {},
});

const put = (term: number, value: string): LogEntry => ({
  term,
  command: { op: 'put', client: 'c1', seq: value.length, key: 'x', value },
});

function state(id: string, over: Partial<RaftState>): RaftState {
  const s = raft.init(ctx(id), DEFAULT_RAFT_OPTIONS);
  return Object.assign(s, over);
}

const up = (id: string, s: RaftState): GridServer => ({
  id,
  status: 'up',
  view: view(s),
  persisted: null,
});

describe('the log grid', () => {
  // n1 leads term 2 with [1,1,2,2] committed to 3; n2 has all four, commit 3; n3 has two.
  const leaderLog = [put(1, 'a'), put(1, 'b'), put(2, 'c'), put(2, 'd')];
  const n1 = state('n1', {
    role: 'leader',
    currentTerm: 2,
    log: leaderLog,
    commitIndex: 3,
    nextIndex: { n2: 5, n3: 3 },
    matchIndex: { n2: 4, n3: 2 },
  });
  const n2 = state('n2', { currentTerm: 2, log: leaderLog.slice(), commitIndex: 3 });
  const n3 = state('n3', { currentTerm: 2, log: leaderLog.slice(0, 2), commitIndex: 2 });

  it('publishes the leader’s nextIndex and matchIndex, and none on a follower', () => {
    expect(view(n1).nextIndex).toEqual({ n2: 5, n3: 3 });
    expect(view(n1).matchIndex).toEqual({ n2: 4, n3: 2 });
    expect(view(n2).nextIndex).toBeNull();
  });

  it('draws one row per server, terms per index, committed up to each commit index', () => {
    const g = logGrid([up('n1', n1), up('n2', n2), up('n3', n3)]);
    // Up to the leader's furthest nextIndex: where its next entry goes.
    expect([g.first, g.last, g.hidden, g.leader]).toEqual([1, 5, 0, 'n1']);
    expect(g.rows.map((r) => r.server)).toEqual(['n1', 'n2', 'n3']);
    expect(g.rows[0]?.cells.map((c) => c.term)).toEqual([1, 1, 2, 2, null]);
    expect(g.rows[0]?.cells.map((c) => c.state)).toEqual([
      'committed',
      'committed',
      'committed',
      'tentative',
      'empty',
    ]);
    expect(g.rows[2]?.cells.map((c) => c.state)).toEqual([
      'committed',
      'committed',
      'empty',
      'empty',
      'empty',
    ]);
    expect(g.rows.map((r) => r.cells.findIndex((c) => c.atCommit) + 1)).toEqual([3, 3, 2]);
    expect(cellName(g.rows[0]?.cells[2] ?? never())).toBe(
      'index 3, term 2, committed, commit index',
    );
    expect(cellName(g.rows[0]?.cells[3] ?? never())).toBe('index 4, term 2, not committed');
  });

  it('marks the leader’s nextIndex and matchIndex on each follower’s row, not its own', () => {
    const g = logGrid([up('n1', n1), up('n2', n2), up('n3', n3)]);
    const marks = (row: number) =>
      g.rows[row]?.cells.flatMap((c) => [
        ...(c.match ? [`match ${c.index}`] : []),
        ...(c.next ? [`next ${c.index}`] : []),
      ]);
    expect(marks(0)).toEqual([]);
    expect(marks(1)).toEqual(['match 4', 'next 5']);
    expect(marks(2)).toEqual(['match 2', 'next 3']);
    expect(cellName(g.rows[2]?.cells[2] ?? never())).toBe("index 3, empty, leader's nextIndex");
    expect(rowSummary(g.rows[2] ?? never())).toBe('follower, term 2, commit 2, next 3, match 2');
  });

  it('shows a crashed server greyed with its durable log and no commit index', () => {
    const disk: RaftPersisted = { currentTerm: 2, votedFor: 'n1', log: leaderLog.slice(0, 3) };
    expect(durableLog(disk)).toEqual([
      { index: 1, term: 1 },
      { index: 2, term: 1 },
      { index: 3, term: 2 },
    ]);
    const g = logGrid([
      up('n1', n1),
      up('n2', n2),
      { id: 'n3', status: 'crashed', view: null, persisted: disk },
    ]);
    const row = g.rows[2] ?? never();
    expect(row.down).toBe(true);
    expect(row.commitIndex).toBeNull();
    expect(row.cells.map((c) => c.state)).toEqual([
      'on-disk',
      'on-disk',
      'on-disk',
      'empty',
      'empty',
    ]);
    expect(cellName(row.cells[0] ?? never())).toBe('index 1, term 1, on disk (server down)');
    // The leader still tracks it: the picture says where it would resume.
    expect(rowSummary(row)).toBe('down, last index 3 on disk, next 3, match 2');
  });

  it('reads a disk that is not Raft’s as nothing, without throwing', () => {
    expect(durableLog(null)).toBeNull();
    expect(durableLog({ log: 'x' })).toBeNull();
    expect(durableLog({ log: [{ term: 'a' }] })).toBeNull();
  });

  it('shows only the latest window of a long log, and says how many indices are left out', () => {
    const long = Array.from({ length: 30 }, (_, i) => put(1 + Math.floor(i / 10), `v${i}`));
    const a = state('n1', { currentTerm: 3, log: long, commitIndex: 30 });
    const g = logGrid([up('n1', a)], 20);
    expect([g.first, g.last, g.hidden]).toEqual([11, 30, 10]);
    expect(g.rows[0]?.cells[0]).toMatchObject({ index: 11, term: 2, state: 'committed' });
    expect(g.rows[0]?.cells.at(-1)).toMatchObject({ index: 30, term: 3, atCommit: true });
  });

  it('with two servers believing they lead, draws the newer term’s indexes', () => {
    const stale = state('n3', {
      role: 'leader',
      currentTerm: 1,
      log: leaderLog.slice(0, 2),
      commitIndex: 2,
      nextIndex: { n1: 9, n2: 9 },
      matchIndex: { n1: 0, n2: 0 },
    });
    const g = logGrid([up('n1', n1), up('n2', n2), up('n3', stale)]);
    expect(g.leader).toBe('n1');
    expect(g.rows[2]?.nextIndex).toBe(3);
  });

  it('has a signature that changes exactly when the picture would (so it re-renders only then)', () => {
    const base = [up('n1', n1), up('n2', n2), up('n3', n3)];
    const again = [up('n1', n1), up('n2', n2), up('n3', n3)];
    expect(logGridSignature(again)).toBe(logGridSignature(base));
    const committedMore = state('n2', { currentTerm: 2, log: leaderLog.slice(), commitIndex: 4 });
    const appended = state('n3', { currentTerm: 2, log: leaderLog.slice(0, 3), commitIndex: 2 });
    const moved = state('n1', { ...n1, nextIndex: { n2: 5, n3: 4 }, matchIndex: { n2: 4, n3: 3 } });
    const crashed: GridServer = { id: 'n3', status: 'crashed', view: null, persisted: null };
    for (const changed of [
      [up('n1', n1), up('n2', committedMore), up('n3', n3)],
      [up('n1', n1), up('n2', n2), up('n3', appended)],
      [up('n1', moved), up('n2', n2), up('n3', n3)],
      [up('n1', n1), up('n2', n2), crashed],
    ])
      expect(logGridSignature(changed)).not.toBe(logGridSignature(base));
  });
});

function never(): never {
  throw new Error('missing row or cell');
}
