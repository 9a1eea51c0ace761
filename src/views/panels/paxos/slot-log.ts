/**
 * The slot log's table from a frame: one row per Multi-Paxos server, one column per slot
 * (the latest SLOT_LOG_WIDTH slots any server knows of), each cell the command that server
 * holds there and the ballot it accepted it in, and whether it knows the slot is chosen.
 * Read from each server's published view (MultiPaxosView) only.
 */
import type { MultiPaxosView, SlotView } from '../../../engine/protocols/paxos/multi/types';
import type { FrameNode } from '../../../engine/sim/frame';

/** How many slots the table shows at most (the latest ones). */
export const SLOT_LOG_WIDTH = 12;

export interface SlotLogCell {
  readonly slot: number;
  /** "put x=1", "no-op", or "" when the server holds nothing there. */
  readonly value: string;
  readonly ballot: string | null;
  readonly chosen: boolean;
}

export interface SlotLogRow {
  readonly node: string;
  readonly down: boolean;
  /** "leader", "candidate", "acceptor" or "down". */
  readonly role: string;
  readonly applied: number;
  readonly cells: readonly SlotLogCell[];
}

export interface SlotLog {
  readonly slots: readonly number[];
  readonly rows: readonly SlotLogRow[];
  /** Slots before the first column, left out. */
  readonly hidden: number;
}

const isMultiPaxosView = (v: unknown): v is MultiPaxosView =>
  typeof v === 'object' && v !== null && 'slots' in v && Array.isArray(v.slots);

/** The table for every Multi-Paxos server in `nodes` (down ones as empty rows). */
export function slotLog(nodes: readonly FrameNode[]): SlotLog {
  const servers = nodes.filter((n) => n.protocol === 'multi-paxos');
  const views = servers.map((n) => (isMultiPaxosView(n.view) ? n.view : null));
  const top = Math.max(0, ...views.flatMap((v) => (v ? v.slots.map((c) => c.slot) : [])));
  const first = Math.max(1, top - SLOT_LOG_WIDTH + 1);
  const slots: number[] = [];
  for (let i = first; i <= top; i++) slots.push(i);
  const rows = servers.map((n, i) => {
    const v = views[i] ?? null;
    const bySlot = new Map<number, SlotView>((v?.slots ?? []).map((c) => [c.slot, c]));
    return {
      node: n.id,
      down: v === null,
      role: v?.role ?? 'down',
      applied: v?.applied ?? 0,
      cells: slots.map((slot) => {
        const c = bySlot.get(slot);
        return {
          slot,
          value: c?.value ?? '',
          ballot: c?.ballot ?? null,
          chosen: c?.chosen ?? false,
        };
      }),
    };
  });
  return { slots, rows, hidden: first - 1 };
}

/** A cell in words, for its accessible name: "n1, slot 2: put x=1 in ballot 1.n1, chosen". */
export function slotCellName(node: string, c: SlotLogCell): string {
  if (!c.value) return `${node}, slot ${c.slot}: empty`;
  const ballot = c.ballot ? ` in ballot ${c.ballot}` : '';
  return `${node}, slot ${c.slot}: ${c.value}${ballot}${c.chosen ? ', chosen' : ', not known chosen'}`;
}

/** A string that changes exactly when the table would. */
export const slotLogSignature = (log: SlotLog): string => JSON.stringify(log);
