/**
 * What passes between the engine (main thread) and a node host (a Web Worker per node,
 * or in-process). Everything here is plain structured-clonable data.
 */
import type {
  Fact,
  HistoryOp,
  Json,
  MessageBase,
  NodeId,
  NodeView,
  ProtocolAction,
  TimelineMarker,
} from '../protocol';
import type { RngState } from '../sim/prng';
import type { Kept } from './kept';

export interface BootInput {
  readonly node: NodeId;
  readonly protocol: string;
  readonly options: Json;
  readonly peers: readonly NodeId[];
  /** What the node persisted before it crashed; undefined on a first boot. */
  readonly persisted: Json | undefined;
  /** The initial state of this incarnation's random stream. */
  readonly rng: RngState;
  readonly localTime: number;
  /**
   * Whether to take the protocol's observe(state) after every call; false when no
   * invariant is watching, so nothing is summarised for nobody. Absent means true.
   */
  readonly observe?: boolean;
  /** Storage found the node's last write torn (lost) on this boot; absent means not. */
  readonly tornWrite?: boolean;
}

export type NodeInput =
  | {
      readonly kind: 'message';
      readonly from: NodeId;
      readonly message: MessageBase;
      readonly localTime: number;
    }
  | { readonly kind: 'timer'; readonly name: string; readonly localTime: number }
  | { readonly kind: 'action'; readonly action: ProtocolAction; readonly localTime: number };

export interface OutgoingMessage {
  readonly to: NodeId;
  readonly message: MessageBase;
  readonly sizeBytes: number;
}

export interface LogLine {
  readonly text: string;
  readonly marker?: TimelineMarker;
  readonly fact?: Fact;
}

/** A timer change: a delay arms (or re-arms) it, null cancels it. */
export interface TimerChange {
  readonly name: string;
  readonly delayMs: number | null;
}

/** Everything one handler call did, in the order the engine must apply it. */
export interface Effects {
  readonly sends: readonly OutgoingMessage[];
  readonly timers: readonly TimerChange[];
  /** Present only when the handler called persist(). */
  readonly persisted?: Json;
  readonly logs: readonly LogLine[];
  readonly history: readonly HistoryOp[];
  /** Set when the handler threw: the node is marked faulted and the run goes on. */
  readonly error?: string;
  /**
   * Set when the handler reached a crash point (`NodeContext.crashPoint`): the words naming
   * it. Its disk write, logs and history stand; sends and timers are empty; the node is down.
   */
  readonly crashed?: string;
  /** The protocol's observe(state) after the call, for invariant checkers. */
  readonly observation?: Json;
}

/** A node's volatile state as a checkpoint keeps it. */
export interface NodeSnapshot {
  readonly state: unknown;
  readonly rng: RngState;
}

/** One event of a fast-forward batch, as the engine hands it to the node's host. */
export type BatchEvent =
  | {
      readonly time: number;
      readonly seq: number;
      readonly kind: 'message';
      readonly from: NodeId;
      readonly message: MessageBase;
    }
  | {
      readonly time: number;
      readonly seq: number;
      readonly kind: 'timer';
      readonly name: string;
      readonly timerId: number;
    };

/**
 * Everything one node may run at once during fast-forward: its events due before `before`,
 * plus the timers it arms for itself that fall due before then. Nothing another node does
 * in the window can reach it sooner than `before`, so the result is the one a step-by-step
 * run would give.
 */
export interface BatchRequest {
  readonly events: readonly BatchEvent[];
  readonly clock: { skewMs: number; drift: number; driftSince: number; driftAccumMs: number };
  /** The node's armed timers (name → id) at the start of the window. */
  readonly timers: Readonly<Record<string, number>>;
  readonly until: number;
  readonly before: number;
}

/** Each handler call a batch made, in order; stops after a call that failed. */
export interface BatchCall {
  readonly kind: 'message' | 'timer';
  /** The message's sender, or the timer's name. */
  readonly key: string;
  readonly time: number;
  readonly effects: Effects;
}

/**
 * Effects as a worker sends them: what the engine keeps (the disk, the observation) comes
 * as a change from the value sent before, so an unchanged log does not cross again.
 */
export type WireEffects = Omit<Effects, 'persisted' | 'observation'> & {
  readonly persisted?: Kept;
  readonly observation?: Kept;
};

export interface WireBatchCall extends Omit<BatchCall, 'effects'> {
  readonly effects: WireEffects;
}

export type HostCall =
  | { readonly op: 'boot'; readonly input: BootInput }
  | { readonly op: 'handle'; readonly node: NodeId; readonly input: NodeInput };

/**
 * A node host runs protocol handlers for the nodes of one simulation. The in-process host
 * answers synchronously; the worker host answers with promises.
 */
export interface NodeHost<R extends 'sync' | 'async'> {
  readonly kind: R;
  call(call: HostCall): R extends 'sync' ? Effects : Promise<Effects>;
  /** Crash: the node's volatile state is lost (its worker is terminated). */
  kill(node: NodeId): void;
  view(node: NodeId): R extends 'sync' ? NodeView | undefined : Promise<NodeView | undefined>;
  snapshot(
    node: NodeId,
  ): R extends 'sync' ? NodeSnapshot | undefined : Promise<NodeSnapshot | undefined>;
  /** Put a node back to a checkpointed state (starting its worker if it has none). */
  restore(
    node: NodeId,
    boot: BootInput,
    snapshot: NodeSnapshot,
  ): R extends 'sync' ? void : Promise<void>;
  /** Run a fast-forward batch for one node (see BatchRequest). */
  batch(node: NodeId, request: BatchRequest): R extends 'sync' ? BatchCall[] : Promise<BatchCall[]>;
  workerCount(): number;
  dispose(): void;
}

export type SyncHost = NodeHost<'sync'>;
export type AsyncHost = NodeHost<'async'>;
export type AnyHost = SyncHost | AsyncHost;
