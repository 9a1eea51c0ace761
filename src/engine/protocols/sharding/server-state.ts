/** The shard server's state, what it keeps on disk, and small helpers its modules share. */
import type { NodeContext, NodeId, NodeView } from '../../protocol';
import { contains, type Intervals } from './intervals';
import type { MoveEntry, ShardMessage } from './messages';
import type { ShardOptions } from './options';
import type { Rule } from './rule';
import type { ShardMove, ShardSlice } from './summary';

/** Unacknowledged log entries a source lets a move have in flight (keys go this fast). */
export const WINDOW = 2;
/** Keys per snapshot chunk. */
export const CHUNK = 8;
/** Retransmission tick, ms. */
export const TICK_MS = 60;

export interface Incoming {
  readonly id: string;
  readonly from: NodeId;
  readonly keys: Intervals;
  /** The next log seq expected. */
  next: number;
  data: Record<string, string>;
}

export interface Outgoing {
  readonly id: string;
  readonly to: NodeId;
  readonly keys: Intervals;
  /** The rule version it carries out, "version.by". */
  readonly version: string;
  readonly slice: ShardSlice;
  phase: ShardMove['phase'];
  /** Entries not yet acknowledged, in seq order. */
  log: { readonly seq: number; readonly entry: MoveEntry }[];
  nextSeq: number;
  /** Keys still to be copied (ascending). */
  todo: number[];
  /** Broken variant: the values as they were when the move began. */
  snapshot: Record<string, string> | null;
  keysMoved: number;
  bytesMoved: number;
  /** The log's last seq at cut-over (what the commit names). */
  upTo: number;
}

export interface ShardServerDisk {
  readonly boots: number;
  readonly moveSeq: number;
  readonly rule: Rule;
  readonly data: Record<string, string>;
  readonly owns: Intervals;
  readonly incoming: readonly Incoming[];
  readonly committing: readonly Outgoing[];
  readonly done: readonly string[];
}

export interface ShardServerState {
  readonly options: ShardOptions;
  readonly me: NodeId;
  boots: number;
  moveSeq: number;
  rule: Rule;
  data: Record<string, string>;
  owns: Intervals;
  incoming: Record<string, Incoming>;
  outgoing: Outgoing[];
  /** Moves this incarnation ended (done or aborted), the latest few, for the observer. */
  finished: Outgoing[];
  /** Incoming moves already taken over (so a late duplicate does not start them again). */
  done: string[];
  /** Nodes that have not yet acknowledged the current rule. */
  spread: NodeId[];
  answered: number;
  movedAnswers: number;
  /** The key the last handler served (for the heat map), or null. */
  served: number | null;
  /** That was a range scan's first key, not a key's own request (hot keys leave scans out). */
  servedScan: boolean;
  lastResult: string | null;
  /** The retransmission tick is armed. */
  ticking: boolean;
}

/** What the lab shows of a shard server. */
export interface ShardServerView extends NodeView {
  readonly keys: number;
  /** The keys and values it holds (string keys), for the inspector and the end-of-run checks. */
  readonly store: Readonly<Record<string, string>>;
  readonly owns: Intervals;
  readonly ruleVersion: number;
  readonly moves: readonly string[];
}

export type Ctx = NodeContext<ShardMessage, ShardServerDisk>;

export const FINISHED_KEPT = 4;
export const DONE_KEPT = 32;

export const ver = (r: Rule) => `${r.version}.${r.by}`;
export const bytesOf = (k: number, v: string) => String(k).length + v.length;

/** Write everything that must survive a crash (before any message of this handler leaves). */
export function persist(s: ShardServerState, ctx: Ctx): void {
  ctx.persist({
    boots: s.boots,
    moveSeq: s.moveSeq,
    rule: s.rule,
    data: s.data,
    owns: s.owns,
    incoming: Object.values(s.incoming),
    committing: s.outgoing.filter((m) => m.phase === 'cut-over'),
    done: s.done,
  });
}

/** A move still copying or catching up (the source still serves its keys). */
export const isActive = (m: Outgoing) => m.phase === 'copy' || m.phase === 'catch-up';

/** The stored keys in `set`, ascending. */
export function keysIn(s: ShardServerState, set: Intervals): number[] {
  return Object.keys(s.data)
    .map(Number)
    .filter((k) => contains(set, k))
    .sort((a, b) => a - b);
}
