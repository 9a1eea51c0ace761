/**
 * Invariant checking, protocol-agnostic. After every handler call a protocol that defines
 * `observe(state)` hands the engine a compact plain summary of the node's state; the
 * protocol's invariants watch the stream of those observations across all nodes. Checker
 * state is plain data, so it is saved with checkpoints and seeking keeps verdicts exact.
 */
import type { Json, NodeId } from '../protocol';

export interface Observation {
  readonly node: NodeId;
  readonly time: number;
  /** The trace entry whose handling produced this state (or the crash/restart entry). */
  readonly cause: number;
  readonly incarnation: number;
  /** The protocol's observe(state); null when the node is down and its volatile state is gone. */
  readonly data: Json | null;
}

export interface Violation {
  /** The invariant's `id` (the monitor files every verdict under the id of its checker). */
  readonly invariant: string;
  readonly message: string;
  readonly time: number;
  /** Trace indices of the events that together break the invariant. */
  readonly events: readonly number[];
}

/**
 * One invariant. C is the checker's memory across the run: plain, structured-clonable data
 * that `check` may mutate.
 */
export interface Invariant<C = unknown> {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  init(): C;
  check(memory: C, observation: Observation): Violation | null;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyInvariant = Invariant<any>;
