/**
 * A message on the network and the agenda entries that move it. A message keeps its own
 * record while in flight; the agenda holds only (time, seq, id) entries, and an entry whose
 * seq no longer matches the message's `eventSeq` is stale (the message was delayed, held or
 * redelivered since), which makes rescheduling a push rather than a search.
 */
import type { MessageBase, NodeId } from '../protocol';

/** A message between send and delivery (or loss); times are virtual milliseconds. */
export interface InFlight {
  readonly id: number;
  readonly from: NodeId;
  readonly to: NodeId;
  readonly kind: string;
  readonly message: MessageBase;
  readonly sizeBytes: number;
  readonly sentAt: number;
  readonly departAt: number;
  deliverAt: number;
  lostAt: number | null;
  lostTo: 'loss' | 'partition' | null;
  /** Index of this copy's send entry in the trace. */
  readonly sendEntry: number;
  readonly duplicateOf?: number;
  /** Seq of the queue event that is live for this message; older ones are stale. */
  eventSeq: number;
  /** In hold mode: when it reached its destination and began waiting to be delivered by hand. */
  heldSince: number | null;
}

/** An entry of the agenda: a message arriving (or lost) or a timer falling due. */
export type QueueEvent =
  | { readonly time: number; readonly seq: number; readonly type: 'msg'; readonly msg: number }
  | {
      readonly time: number;
      readonly seq: number;
      readonly type: 'timer';
      readonly node: NodeId;
      readonly name: string;
      readonly timer: number;
    };

/** An in-flight message's own record (its payload is never changed, so it is shared). */
export function copyFlight(m: InFlight): InFlight {
  return { ...m };
}
