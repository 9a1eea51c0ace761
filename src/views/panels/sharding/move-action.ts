/**
 * The one place the views ask the engine to move a directory entry (a block of keys) to
 * another server: the directory table's "Move to" menu and a drop of an entry on a server's
 * row both come here, so both record the same action and replay and share alike. The action is
 * the shard server's `move-slice` (sharding/server-actions.ts), run by the entry's owner (any
 * up member when the owner is down): it makes a new map version, and the data then moves
 * (copy, catch up, cut over).
 */
import type { DirectoryEntry } from '../../../engine/protocols/sharding/summary';
import { act } from '../../../state/lab-controller';

/** The engine's protocol action that gives a key range to a server (sharding package). */
export const MOVE_ACTION_ID = 'move-slice';

/** The MIME type an entry is dragged as (its keys "lo-hi"), so a drop knows it for one. */
export const ENTRY_DRAG_TYPE = 'application/x-netsplit-directory-entry';

/**
 * The server that runs the move of `entry`: its owner when up, else the first up member, else
 * null (nobody can make the change).
 */
export function moverOf(entry: DirectoryEntry, upServers: readonly string[]): string | null {
  return upServers.includes(entry.node) ? entry.node : (upServers[0] ?? null);
}

/**
 * Move the directory entry keys lo…hi−1 to server `to`, by `mover`. Resolves to whether the
 * lab took the action (a lesson step may refuse it, with a notice).
 */
export function requestMove(
  mover: string,
  entry: Pick<DirectoryEntry, 'lo' | 'hi'>,
  to: string,
): Promise<boolean> {
  return act({
    type: 'protocol',
    node: mover,
    action: { id: MOVE_ACTION_ID, args: { from: entry.lo, to: entry.hi, server: to } },
  });
}

/** The drag payload of an entry, and back ("315-378"); null for anything else. */
export const entryDragData = (e: Pick<DirectoryEntry, 'lo' | 'hi'>): string => `${e.lo}-${e.hi}`;

export function readEntryDrag(
  data: string,
  entries: readonly DirectoryEntry[],
): DirectoryEntry | null {
  const m = /^(\d+)-(\d+)$/.exec(data);
  if (!m) return null;
  return entries.find((e) => e.lo === Number(m[1]) && e.hi === Number(m[2])) ?? null;
}
