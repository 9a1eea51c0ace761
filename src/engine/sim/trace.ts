/**
 * The trace: an append-only record of everything that happened in a run. Each entry has
 * its index `i` and virtual time `t`. Sends carry `cause`, the index of the entry whose
 * handler sent them; a delivery names its message; so happened-before can be rebuilt.
 */
import type { Fact, HistoryOp, Json, NodeId, ProtocolAction, TimelineMarker } from '../protocol';

export type DropReason = 'loss' | 'partition' | 'crashed' | 'faulted' | 'intervention';

export type TraceEntry =
  | { i: number; t: number; k: 'boot'; node: NodeId; incarnation: number; recovered: boolean }
  | {
      i: number;
      t: number;
      k: 'send';
      node: NodeId;
      to: NodeId;
      msg: number;
      kind: string;
      payload: Json;
      cause: number;
      deliverAt: number;
      duplicateOf?: number;
    }
  | { i: number; t: number; k: 'deliver'; node: NodeId; from: NodeId; msg: number; kind: string }
  | {
      i: number;
      t: number;
      k: 'drop';
      node: NodeId;
      from: NodeId;
      msg: number;
      kind: string;
      reason: DropReason;
    }
  | { i: number; t: number; k: 'held'; node: NodeId; from: NodeId; msg: number; kind: string }
  | { i: number; t: number; k: 'timer'; node: NodeId; name: string }
  | { i: number; t: number; k: 'action'; node: NodeId; action: ProtocolAction }
  | { i: number; t: number; k: 'crash' | 'restart' | 'pause' | 'resume'; node: NodeId }
  | { i: number; t: number; k: 'fault'; node: NodeId; error: string; cause: number }
  | {
      i: number;
      t: number;
      k: 'log';
      node: NodeId;
      text: string;
      cause: number;
      marker?: TimelineMarker;
      /** What happened, as data, for lessons and tests (the text is for people). */
      fact?: Fact;
    }
  | { i: number; t: number; k: 'op'; node: NodeId; op: HistoryOp; cause: number }
  | { i: number; t: number; k: 'net'; text: string }
  | { i: number; t: number; k: 'clock'; node: NodeId; skewMs: number; drift: number }
  | {
      i: number;
      t: number;
      k: 'intervene';
      node: NodeId;
      msg: number;
      what: 'drop' | 'duplicate' | 'delay';
      byMs?: number;
    }
  /** A disk fault at a node (see disk-faults.ts), in words. */
  | { i: number; t: number; k: 'disk'; node: NodeId; fault: DiskFault; text: string };

/** What went wrong on a disk: its last write was lost, or its log's tail was garbled. */
export type DiskFault = 'lost-write' | 'corrupted';

export type TraceKind = TraceEntry['k'];

/** An entry as the world writes it, before the recorder numbers it. */
export type NewEntry = TraceEntry extends infer E
  ? E extends TraceEntry
    ? Omit<E, 'i'>
    : never
  : never;
