/** Small, pure helpers over a Raft log (1-based indices, as in the paper) and its cluster. */
import type { Command, LogEntry, RaftPersisted } from './types';

/** Servers that make a majority of a cluster of `clusterSize` (this server included). */
export const majorityOf = (clusterSize: number): number => Math.floor(clusterSize / 2) + 1;

export const lastIndex = (log: readonly LogEntry[]): number => log.length;

export const termAt = (log: readonly LogEntry[], index: number): number =>
  index <= 0 ? 0 : (log[index - 1]?.term ?? -1);

export const lastTerm = (log: readonly LogEntry[]): number => termAt(log, log.length);

/** §5.4.1: is a log ending at (lastLogTerm, lastLogIndex) at least as up-to-date as ours? */
export function isUpToDate(
  log: readonly LogEntry[],
  lastLogTerm: number,
  lastLogIndex: number,
): boolean {
  const ourTerm = lastTerm(log);
  return lastLogTerm > ourTerm || (lastLogTerm === ourTerm && lastLogIndex >= lastIndex(log));
}

export function describeCommand(c: Command): string {
  switch (c.op) {
    case 'noop':
      return 'no-op';
    case 'put':
      return `put ${c.key}=${c.value}`;
    case 'get':
      return `get ${c.key}`;
    case 'config':
      return `configuration {${c.servers.join(', ')}}`;
    case 'incr':
      return `incr ${c.key}`;
    default: {
      const never: never = c;
      return String(never);
    }
  }
}

/** A stable text for an entry: equal texts ⇔ identical entries (term and command). */
export function entryKey(e: LogEntry): string {
  const c = e.command;
  const who = c.op === 'noop' || c.op === 'config' ? '' : `${c.client ?? '-'}#${c.seq} `;
  return `${e.term}:${who}${describeCommand(c)}`;
}

/** Checksums already computed, per entry object (entries are never changed once made). */
const sums = new WeakMap<LogEntry, number>();

/**
 * A 32-bit FNV-1a checksum over an entry's JSON (its UTF-16 code units), so an entry garbled
 * on disk is told from the one written (as etcd's WAL keeps a CRC per record). Any change to
 * the term or the command changes the text; FNV-1a lets a change through with odds of about
 * one in four billion. Deterministic, and the same in every engine and worker.
 */
export function entryChecksum(e: LogEntry): number {
  const known = sums.get(e);
  if (known !== undefined) return known;
  const text = JSON.stringify(e);
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  const sum = h >>> 0;
  if (typeof e === 'object' && e !== null) sums.set(e, sum);
  return sum;
}

/** The log as read back from disk: the entries whose checksums hold, up to the first that fails. */
export interface CheckedLog {
  readonly log: LogEntry[];
  /** The 1-based index of the first garbled entry, or null when every entry checks out. */
  readonly garbledFrom: number | null;
}

/**
 * Check each entry on disk against its checksum; keep the prefix before the first failure.
 * A disk written before checksums existed (no `sums`) is taken as it is.
 */
export function checkLog(disk: RaftPersisted): CheckedLog {
  const sums = disk.sums;
  if (!Array.isArray(sums)) return { log: [...disk.log], garbledFrom: null };
  for (let i = 0; i < disk.log.length; i++) {
    const entry = disk.log[i] as LogEntry;
    if (sums[i] !== entryChecksum(entry) || !isEntryShaped(entry))
      return { log: disk.log.slice(0, i), garbledFrom: i + 1 };
  }
  return { log: [...disk.log], garbledFrom: null };
}

/** A garbled record that happens to pass its checksum must still not reach the state machine. */
function isEntryShaped(e: LogEntry): boolean {
  return (
    typeof e === 'object' &&
    e !== null &&
    Number.isInteger(e.term) &&
    e.term >= 0 &&
    typeof e.command === 'object' &&
    e.command !== null
  );
}
