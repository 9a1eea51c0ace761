/** Small, pure helpers over a Raft log (1-based indices, as in the paper) and its cluster. */
import type { Command, LogEntry } from './types';

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
