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
  /**
   * What this checker has seen that no single node knows, for the views (e.g. the moment a
   * Paxos value became chosen, and by which quorums): read from its memory whenever a frame
   * is built, so it is exact after seeking. Absent: nothing to show.
   */
  summary?(memory: C): CheckerSummary | null;
}

/**
 * A moment only a checker sees (each node knows only its own part): the timeline marks it
 * with `kind`'s marker. `i` is the trace entry whose handling made it happen.
 */
export interface CheckerMoment {
  readonly i: number;
  /** Virtual time, ms. */
  readonly t: number;
  readonly kind: 'chosen';
  /** What happened, in words, e.g. "A chosen in ballot 1.n1 (n3 completed the quorum)". */
  readonly text: string;
}

/** How the stage marks a node a checker's summary names: a ring, always with words. */
export interface CheckerNodeNote {
  /** Said in the node's accessible description, e.g. "in both quorums of the chosen value". */
  readonly text: string;
  /** The ring drawn around the node: dashed, solid, or double (the strongest). */
  readonly ring: 'dashed' | 'solid' | 'double';
}

/** What a checker publishes for the views (`Invariant.summary`). */
export interface CheckerSummary {
  readonly moments?: readonly CheckerMoment[];
  /** Nodes the stage rings, by id. */
  readonly nodeNotes?: Readonly<Record<NodeId, CheckerNodeNote>>;
  /**
   * A lesson panel id (e.g. 'chosen'): while a lesson hides that panel, the views show none
   * of this summary (neither moments nor rings), so a lesson can reveal it after a prediction.
   */
  readonly revealedBy?: string;
  /** The protocol's own data for its panels (its shape is the protocol's, published in its types). */
  readonly data?: Json;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyInvariant = Invariant<any>;
