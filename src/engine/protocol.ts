/**
 * The protocol-facing surface of the engine: everything a protocol module may import.
 * A protocol is plain handlers over plain, structured-clonable state. It never reads the
 * wall clock, never sets real timers and never draws unseeded randomness: the context
 * gives it the node's local clock, its seeded stream and engine-owned timers.
 */

import type { ArgSpec } from './actions/args';
import type { AnyInvariant } from './check/invariant';

export type { ArgSpec } from './actions/args';

export type NodeId = string;

/** Anything structured-clone and JSON can carry unchanged. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Every protocol message is a plain object with a `type` naming its kind. */
export interface MessageBase {
  readonly type: string;
}

/** One operation in a client history, as Jepsen records them. */
export interface HistoryOp {
  /** invoke opens an operation; ok/fail/info close it (info = outcome unknown). */
  readonly phase: 'invoke' | 'ok' | 'fail' | 'info';
  /** Pairs an invoke with its completion; unique per client. */
  readonly opId: string;
  readonly fn: string;
  readonly key?: string;
  readonly value?: Json;
}

/** What the lab shows of a node; each protocol extends it with its own fields. */
export interface NodeView {
  readonly role: string;
  readonly term?: number;
  /** One line for the cluster view under the node's name. */
  readonly summary?: string;
  /**
   * Where the node stands apart from its role, in two or three words, when that matters more
   * than the role: a Raft server that is a spare or was removed is still a follower, but not
   * part of the cluster ('not in cluster', 'removed', 'catching up'). Shown on the stage and
   * read with the node's name; absent for an ordinary member.
   */
  readonly standing?: string;
}

export interface NodeContext<M extends MessageBase, P> {
  readonly id: NodeId;
  /** The other nodes running this protocol in the scenario, in scenario order. */
  readonly peers: readonly NodeId[];
  /**
   * True when storage found, as this incarnation booted, that the node's last write before
   * its crash was torn and discarded (a lying fsync; see sim/disk-faults.ts): the disk holds
   * the state before that write. Absent otherwise. A write that vanished without a trace
   * could not be told apart; the engine models the detectable kind, as a checksummed
   * write-ahead record is.
   */
  readonly tornWriteAtBoot?: boolean;
  /** This node's local clock in ms: virtual time with the node's skew and drift. */
  now(): number;
  /** A float in [0, 1) from this node's own stream (seed, node id, incarnation). */
  random(): number;
  send(to: NodeId, message: M): void;
  /** (Re)arm the timer `name` to fire after `delayMs` of this node's local time. */
  setTimer(name: string, delayMs: number): void;
  cancelTimer(name: string): void;
  /**
   * Replace what this node has on stable storage. Durable when the handler returns,
   * before any message it sent leaves (like an fsync before replying).
   */
  persist(data: P): void;
  /**
   * One sentence for the event log, e.g. "became leader for term 4". A `marker` puts it on
   * the timeline too (e.g. 'leader' for a leadership change). A `fact` says the same as
   * data (e.g. { kind: 'leader-elected', term: 4 }), so lessons and tests need not parse text.
   */
  log(text: string, marker?: TimelineMarker | null, fact?: Fact): void;
  /** Record a client operation in the run's history (for checkers). */
  record(op: HistoryOp): void;
  /**
   * The node's process crashes here, in the middle of this handler: a crash point, armed by a
   * learner's action ("crash after the side effect, before the reply"), at a moment no click
   * could hit. What the handler persisted, logged and recorded before this call stays (the
   * disk write is durable); its sends and timer changes are lost, and any call after this one
   * is ignored. The node stays down until restarted, as after any crash. `point` names the
   * moment in words, for the event log ("after the charge, before the reply").
   */
  crashPoint(point: string): void;
}

/** A protocol event as data: `kind` names it; other fields are its particulars. */
export interface Fact {
  readonly kind: string;
  readonly [field: string]: Json;
}

/** Protocol moments worth a mark on the timeline (faults are marked by the engine): 'commit'
 * for a log entry committed (Raft), 'learned' for a value a learner learned (Paxos). */
export type TimelineMarker = 'leader' | 'commit' | 'learned' | 'violation' | 'milestone';

/** An action a learner (or a lesson, or a test) can apply to one node of this protocol. */
export interface ProtocolActionSpec {
  /** Stable id, recorded in shared links. */
  readonly id: string;
  /** The button's accessible name, e.g. "Timeout" or "Client request". */
  readonly label: string;
  readonly description: string;
  /** Needs arguments a panel collects (e.g. which server, which key): not a menu button. */
  readonly takesArgs?: boolean;
  /** The arguments' form, as data: the lab's console draws it and reads it. */
  readonly args?: readonly ArgSpec[];
  /** A single key that runs it on the selected node (e.g. "T" for Raft's Timeout). */
  readonly shortcut?: string;
  /**
   * Its arguments are collected by the family's own panel (the hash ring's "Virtual nodes per
   * server" slider), so the lab's generic console does not offer it a second time under the
   * same names.
   */
  readonly panel?: boolean;
  /**
   * When it does not apply, read from the node's view model: the first entry whose view field
   * `field` equals `is` (a primitive) disables it, with `reason` as the words the button, the
   * keyboard and the palette give (`{node}` is replaced by the node's id). Data, like the rest
   * of the spec: a consumer's "Join group" while `inGroup` is true.
   */
  readonly unavailableWhen?: readonly {
    readonly field: string;
    readonly is: string | number | boolean | null;
    readonly reason: string;
  }[];
}

export interface ProtocolAction {
  readonly id: string;
  readonly args?: Json;
}

/**
 * A protocol module. S = volatile state (lives in the worker), M = messages,
 * P = what it persists, O = options a teacher can set, V = its view model.
 * Handlers may mutate `state` in place: it belongs to this node alone.
 */
export interface Protocol<
  S,
  M extends MessageBase,
  P = unknown,
  O = unknown,
  V extends NodeView = NodeView,
> {
  readonly id: string;
  readonly title: string;
  readonly defaultOptions: O;
  readonly actions: readonly ProtocolActionSpec[];
  /** A node boots with nothing on disk. */
  init(ctx: NodeContext<M, P>, options: O): S;
  /** A node restarts after a crash with what it persisted (nothing else survives). */
  recover(ctx: NodeContext<M, P>, options: O, persisted: P): S;
  onMessage(state: S, from: NodeId, message: M, ctx: NodeContext<M, P>): void;
  onTimer(state: S, name: string, ctx: NodeContext<M, P>): void;
  onAction(state: S, action: ProtocolAction, ctx: NodeContext<M, P>): void;
  view(state: S): V;
  /** Bytes a message occupies on the wire (bandwidth); a fixed default when absent. */
  messageSize?(message: M): number;
  /**
   * A compact plain summary of the state the invariants need, taken after every handler
   * call (keep it small: it crosses from the worker on every event).
   */
  observe?(state: S): Json;
  /** The safety properties a checker watches over every run of this protocol. */
  readonly invariants?: readonly AnyInvariant[];
}

/** A protocol with its type parameters erased, as the engine and registry hold them. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyProtocol = Protocol<any, any, any, any, any>;
