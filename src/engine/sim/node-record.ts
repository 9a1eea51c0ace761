/**
 * A simulated node as the world keeps it: its fault status, incarnation, disk, local clock,
 * armed timers and the backlog it builds up while paused. Plain data, so a checkpoint copies
 * it and a fast-forward batch can carry its clock to a worker.
 */
import type { Json, NodeId } from '../protocol';
import { copyFlight, type InFlight } from './in-flight';

/** Whether a node runs its handlers: crashed and faulted nodes lose what arrives, paused ones keep it. */
export type NodeStatus = 'up' | 'crashed' | 'paused' | 'faulted';

/** A node's local clock reading at virtual time t (shared with batched runs in workers). */
export function localClockAt(c: ClockState, t: number): number {
  return t + c.skewMs + c.driftAccumMs + (t - c.driftSince) * c.drift;
}

/** An armed timer: `id` tells a live agenda entry from a stale one (re-armed or cancelled). */
export interface TimerState {
  readonly id: number;
  readonly armedAt: number;
  readonly fireAt: number;
}

/** A node's local clock: virtual time plus skew plus accumulated drift. */
export interface ClockState {
  skewMs: number;
  drift: number;
  driftSince: number;
  driftAccumMs: number;
}

/** Everything the world knows of one node; its volatile state lives in its host, not here. */
export interface NodeRecord {
  readonly id: NodeId;
  readonly protocol: string;
  readonly options: Json;
  readonly peers: readonly NodeId[];
  status: NodeStatus;
  incarnation: number;
  /** The node's disk: survives crashes. */
  persisted: Json | undefined;
  error: string | null;
  clock: ClockState;
  timers: Record<string, TimerState>;
  /** What reached the node while it was paused, in arrival order. */
  deferred: Deferred[];
  /**
   * The disk as it was before the node's last write: what a lying fsync leaves behind
   * (the "Crash and lose unsynced writes" fault restores it). Undefined before any write.
   */
  previousPersisted?: Json | undefined;
  /**
   * Set when the last write was lost: storage finds the torn record at the next boot (a
   * checksummed write-ahead record fails its check) and tells the protocol; cleared by the
   * node's next write, which replaces the torn record.
   */
  tornWrite?: boolean;
}

/** Something that reached a paused node, handled in arrival order when it resumes. */
export type Deferred = { kind: 'msg'; msg: InFlight } | { kind: 'timer'; name: string };

/** A node record with its own clock, timer table and backlog (timer states never change). */
export function copyNodeRecord(n: NodeRecord): NodeRecord {
  return {
    ...n,
    clock: { ...n.clock },
    timers: { ...n.timers },
    deferred: n.deferred.map((d) =>
      d.kind === 'msg' ? { kind: 'msg', msg: copyFlight(d.msg) } : d,
    ),
  };
}
