/**
 * A history as a doubly linked list of call, return and expiry events, that the
 * linearizability search (linearizability.ts, after Lowe's "Testing for linearizability",
 * 2017, and the WGL algorithm) lifts operations out of as it decides them and puts back as it
 * backtracks — Knuth's dancing links, so each step is O(1).
 */
import type { Partition } from './models';

/**
 * An operation's events: its call; its return (ok); or, for an info operation that has a
 * deadline (Partition.irrelevantAfterMs), its expiry.
 */
export type EntryKind = 'call' | 'return' | 'expiry';

/** An event in a doubly linked list that operations are lifted out of as they are decided. */
export interface Entry {
  /** Index of the operation in the partition. */
  readonly op: number;
  /** Its place in call order: its bit in the decided set. */
  readonly bit: number;
  readonly kind: EntryKind;
  /** A call's return or expiry, and back: null only for a call that has neither. */
  match: Entry | null;
  prev: Entry | null;
  next: Entry | null;
}

/**
 * At equal times, calls come first: operations that touch in time are concurrent. Expiries
 * come last, after the returns of the operations that saw the value.
 */
const KIND_ORDER: Record<EntryKind, number> = { call: 0, return: 1, expiry: 2 };

export function buildList(part: Partition): Entry {
  const events: { op: number; kind: EntryKind; time: number }[] = [];
  part.operations.forEach((op, i) => {
    if (!(op.returnMs >= op.callMs))
      throw new Error(`operation ${op.id} returns (${op.returnMs}) before its call (${op.callMs})`);
    events.push({ op: i, kind: 'call', time: op.callMs });
    const expiryMs = part.irrelevantAfterMs?.get(op.id);
    if (op.returnMs !== Infinity) events.push({ op: i, kind: 'return', time: op.returnMs });
    else if (expiryMs !== undefined)
      events.push({ op: i, kind: 'expiry', time: Math.max(expiryMs, op.callMs) });
  });
  events.sort((a, b) => a.time - b.time || KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || a.op - b.op);
  const head: Entry = { op: -1, bit: -1, kind: 'call', match: null, prev: null, next: null };
  const calls = new Map<number, Entry>();
  let last = head;
  for (const e of events) {
    const bit = e.kind === 'call' ? calls.size : (calls.get(e.op)?.bit ?? -1);
    const entry: Entry = { op: e.op, bit, kind: e.kind, match: null, prev: last, next: null };
    last.next = entry;
    last = entry;
    if (e.kind === 'call') calls.set(e.op, entry);
    else {
      const call = calls.get(e.op);
      if (call) [call.match, entry.match] = [entry, call];
    }
  }
  return head;
}

function unlink(e: Entry): void {
  if (e.prev) e.prev.next = e.next;
  if (e.next) e.next.prev = e.prev;
}

function relink(e: Entry): void {
  if (e.prev) e.prev.next = e;
  if (e.next) e.next.prev = e;
}

/** Take a call (and its match) out of the list; the removed entries keep their links. */
export function lift(call: Entry): void {
  unlink(call);
  if (call.match) unlink(call.match);
}

/** Undo lift, in the reverse order (Knuth's dancing links). */
export function unlift(call: Entry): void {
  if (call.match) relink(call.match);
  relink(call);
}
