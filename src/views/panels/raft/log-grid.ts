/**
 * The side-by-side picture of every Raft server's log (as RaftScope draws it), as plain data:
 * one row per server, one cell per index in the latest window, each cell's term and whether
 * it is committed, each server's commit index, and the leader's nextIndex/matchIndex on each
 * follower's row. Built from the published view model only (RaftView, durableLog).
 */
import type { FrameNode } from '../../../engine/sim/frame';
import type { RaftView } from '../../../engine/protocols/raft/types';
import { durableLog, type LogTermEntry } from '../../../engine/protocols/raft/view';

/** How many indices the grid shows at most: the latest ones (a long run scrolls out). */
export const LOG_GRID_WIDTH = 20;

/**
 * A cell's state: `committed` (this server knows it is committed), `tentative` (appended,
 * not known committed), `on-disk` (a down server's durable entry: its commit index was
 * volatile and is gone), `empty` (no entry at this index).
 */
export type LogCellState = 'committed' | 'tentative' | 'on-disk' | 'empty';

export interface LogGridCell {
  readonly index: number;
  /** The entry's term; null when the server has no entry here. */
  readonly term: number | null;
  readonly state: LogCellState;
  /** This index is the server's commitIndex (the last entry it knows committed). */
  readonly atCommit: boolean;
  /** The leader's nextIndex for this follower points here. */
  readonly next: boolean;
  /** The leader's matchIndex for this follower points here. */
  readonly match: boolean;
}

export interface LogGridRow {
  readonly server: string;
  /** The server's role ('leader', 'follower', …), or 'down' while crashed or faulted. */
  readonly role: string;
  readonly down: boolean;
  readonly term: number | null;
  /** The last index in its log (0 = empty). */
  readonly lastIndex: number;
  /** Null while down: the commit index is volatile (Figure 2). */
  readonly commitIndex: number | null;
  /** The leader's nextIndex / matchIndex for this server; null on the leader's own row or without a leader. */
  readonly nextIndex: number | null;
  readonly matchIndex: number | null;
  readonly cells: readonly LogGridCell[];
}

export interface LogGridModel {
  /** The first and last index drawn (first > last when nothing is). */
  readonly first: number;
  readonly last: number;
  /** How many earlier indices are left out of the window. */
  readonly hidden: number;
  /** The leader whose nextIndex/matchIndex are drawn, or null. */
  readonly leader: string | null;
  readonly rows: readonly LogGridRow[];
}

/** A Raft server as the grid reads it from a frame. */
export interface GridServer {
  readonly id: string;
  readonly status: string;
  readonly view: RaftView | null;
  /** What is on its disk (the frame's `persisted`), read only while it is down. */
  readonly persisted: unknown;
}

/** The Raft servers among a frame's nodes (clients and other protocols left out). */
export function gridServers(nodes: readonly FrameNode[]): GridServer[] {
  return nodes
    .filter((n) => n.protocol === 'raft')
    .map((n) => ({
      id: n.id,
      status: n.status,
      view: (n.view as RaftView | null) ?? null,
      persisted: n.persisted,
    }));
}

/**
 * The grid for these servers, showing at most `width` indices: the latest ones, up to the
 * longest log or the leader's furthest nextIndex (where the next entry will go). When two
 * servers believe they lead (a deposed leader not yet told), the one of the higher term's
 * indexes are drawn: it is the one whose AppendEntries the others accept.
 */
export function logGrid(servers: readonly GridServer[], width = LOG_GRID_WIDTH): LogGridModel {
  const leaderView = servers
    .filter((s) => s.view?.role === 'leader' && s.status !== 'crashed')
    .sort((a, b) => (b.view?.term ?? 0) - (a.view?.term ?? 0))[0];
  const leader = leaderView?.view ?? null;
  const logs = servers.map(
    (s): readonly LogTermEntry[] => s.view?.log ?? durableLog(s.persisted) ?? [],
  );
  const lastOf = (log: readonly LogTermEntry[]) => log[log.length - 1]?.index ?? 0;
  const furthestNext = leader?.nextIndex ? Math.max(0, ...Object.values(leader.nextIndex)) : 0;
  const last = Math.max(0, furthestNext, ...logs.map(lastOf));
  const first = Math.max(1, last - width + 1);
  const rows = servers.map((s, i): LogGridRow => {
    const log = logs[i] ?? [];
    const v = s.view;
    const down = v === null;
    const byIndex = new Map(log.map((e) => [e.index, e.term]));
    const isFollowerOfLeader = leaderView !== undefined && s.id !== leaderView.id;
    const nextIndex = isFollowerOfLeader ? (leader?.nextIndex?.[s.id] ?? null) : null;
    const matchIndex = isFollowerOfLeader ? (leader?.matchIndex?.[s.id] ?? null) : null;
    const commitIndex = v?.commitIndex ?? null;
    const cells: LogGridCell[] = [];
    for (let index = first; index <= last; index++) {
      const term = byIndex.get(index) ?? null;
      const state: LogCellState =
        term === null
          ? 'empty'
          : down
            ? 'on-disk'
            : index <= (commitIndex ?? 0)
              ? 'committed'
              : 'tentative';
      cells.push({
        index,
        term,
        state,
        atCommit: commitIndex !== null && commitIndex > 0 && index === commitIndex,
        next: nextIndex === index,
        match: matchIndex !== null && matchIndex > 0 && matchIndex === index,
      });
    }
    return {
      server: s.id,
      role: down || s.status === 'crashed' || s.status === 'faulted' ? 'down' : (v?.role ?? ''),
      down,
      term: v?.term ?? null,
      lastIndex: lastOf(log),
      commitIndex,
      nextIndex,
      matchIndex,
      cells,
    };
  });
  return { first, last, hidden: first - 1, leader: leaderView?.id ?? null, rows };
}

/**
 * A short text that changes whenever `logGrid(servers, width)` would: each server's status,
 * role, term, commit index and last `width` entries' terms, and any leader's nextIndex and
 * matchIndex. Cheap enough for every frame (the grid itself is built only when it changes);
 * the window's entries of any server are among its last `width`, as the window ends at the
 * longest log or beyond.
 */
export function logGridSignature(servers: readonly GridServer[], width = LOG_GRID_WIDTH): string {
  let sig = '';
  for (const s of servers) {
    const v = s.view;
    const log: readonly LogTermEntry[] = v?.log ?? durableLog(s.persisted, width) ?? [];
    sig += `|${s.id},${s.status},${v?.role ?? '-'},${v?.term ?? '-'},${v?.commitIndex ?? '-'},${log.length ? (log[log.length - 1]?.index ?? 0) : 0}:`;
    for (let i = Math.max(0, log.length - width); i < log.length; i++) sig += `${log[i]?.term},`;
    if (v?.role === 'leader')
      sig += `${JSON.stringify(v.nextIndex)}${JSON.stringify(v.matchIndex)}`;
  }
  return sig;
}

/** A cell's accessible name, e.g. "index 4, term 2, committed, leader's matchIndex". */
export function cellName(cell: LogGridCell): string {
  const parts = [`index ${cell.index}`];
  if (cell.term === null) parts.push('empty');
  else {
    parts.push(`term ${cell.term}`);
    parts.push(
      cell.state === 'committed'
        ? 'committed'
        : cell.state === 'tentative'
          ? 'not committed'
          : 'on disk (server down)',
    );
  }
  if (cell.atCommit) parts.push('commit index');
  if (cell.match) parts.push("leader's matchIndex");
  if (cell.next) parts.push("leader's nextIndex");
  return parts.join(', ');
}

/**
 * A row's summary in words, e.g. "follower, term 2, commit 3, next 5, match 4" or
 * "down, last index 3 on disk, next 4, match 3".
 */
export function rowSummary(row: LogGridRow): string {
  const parts = row.down ? ['down', `last index ${row.lastIndex} on disk`] : [row.role];
  if (row.term !== null) parts.push(`term ${row.term}`);
  if (row.commitIndex !== null) parts.push(`commit ${row.commitIndex}`);
  if (row.nextIndex !== null) parts.push(`next ${row.nextIndex}`);
  if (row.matchIndex !== null) parts.push(`match ${row.matchIndex}`);
  return parts.join(', ');
}
