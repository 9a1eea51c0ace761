/**
 * Dropping a dragged directory entry on a server (the load table's rows, the server chips over
 * the directory table): the handlers a drop target spreads on its element, and which target a
 * drag is over (for its outline). A drop moves the entry there by `requestMove`, as the entry's
 * "Move to" menu does.
 */
import { useState, type DragEvent } from 'react';
import type { DirectoryEntry } from '../../../engine/protocols/sharding/summary';
import { ENTRY_DRAG_TYPE, moverOf, readEntryDrag, requestMove } from './move-action';

/** Whether a drag carries a directory entry (only those may be dropped on a server). */
const carriesEntry = (e: DragEvent) => e.dataTransfer.types.includes(ENTRY_DRAG_TYPE);

export interface EntryDrop {
  /** The server a dragged entry is over now, or null. */
  readonly over: string | null;
  /** A drop target's handlers for server `node` (none when entries cannot move). */
  handlers(node: string): {
    onDragOver?: (e: DragEvent) => void;
    onDragLeave?: () => void;
    onDrop?: (e: DragEvent) => void;
  };
}

/**
 * Drop handling over `entries` (null outside directory mode) among the up shard servers
 * `servers` (undefined: entries cannot be moved from here).
 */
export function useEntryDrop(
  entries: readonly DirectoryEntry[] | null | undefined,
  servers: readonly string[] | undefined,
): EntryDrop {
  const [over, setOver] = useState<string | null>(null);
  const list = entries ?? [];
  if (!servers || !list.length) return { over: null, handlers: () => ({}) };
  return {
    over,
    handlers: (node) => ({
      onDragOver: (e) => {
        if (!carriesEntry(e) || !servers.includes(node)) return;
        e.preventDefault();
        e.dataTransfer.dropEffect = 'move';
        setOver(node);
      },
      onDragLeave: () => setOver((o) => (o === node ? null : o)),
      onDrop: (e) => {
        setOver(null);
        if (!carriesEntry(e)) return;
        e.preventDefault();
        const entry = readEntryDrag(e.dataTransfer.getData(ENTRY_DRAG_TYPE), list);
        const mover = entry ? moverOf(entry, servers) : null;
        if (entry && mover && entry.node !== node && servers.includes(node))
          void requestMove(mover, entry, node);
      },
    }),
  };
}
