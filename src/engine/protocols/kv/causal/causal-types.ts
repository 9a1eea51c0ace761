/** The causally consistent store's options, messages and state (kv-causal). */
import type { NodeId } from '../../../protocol';
import type { KvClientMessage, KvOptions, KvSession } from '../types';

/** The broken variant the checkers must catch. */
export type CausalBrokenVariant = 'no-buffering';

export interface KvCausalOptions extends KvOptions {
  /** Resend updates a peer has not acknowledged after this long. */
  readonly retryMs: number;
  /**
   * 'no-buffering': apply every update the moment it arrives and answer every request at
   * once, ignoring dependencies and sessions: eventual consistency wearing causal metadata.
   */
  readonly broken: CausalBrokenVariant | null;
}

export const DEFAULT_CAUSAL_OPTIONS: KvCausalOptions = {
  mode: 'causal',
  replicas: ['n1', 'n2', 'n3'],
  syncReplication: false,
  readFrom: 'any',
  resolution: 'lww',
  n: 3,
  w: 1,
  r: 1,
  sloppy: false,
  readRepair: false,
  replicationDelayMs: 0,
  timeoutMs: 1000,
  retryMs: 500,
  broken: null,
};

/** One write, as it travels from the replica that took it (its origin) to the others. */
export interface CausalUpdate {
  readonly origin: NodeId;
  /** The origin's n-th write: (origin, seq) names the update everywhere. */
  readonly seq: number;
  readonly key: string;
  readonly value: string;
  /** The writing client's session: what must be visible before this update may be. */
  readonly deps: KvSession;
  /** Lamport time: orders concurrent writes of one key the same way everywhere. */
  readonly lamport: number;
}

/** A key's current value at one replica, and which update wrote it. */
export interface CausalCell {
  readonly value: string;
  readonly origin: NodeId;
  readonly seq: number;
  readonly lamport: number;
}

type KvRequest = Extract<KvClientMessage, { type: 'KvGet' | 'KvPut' }>;
type KvReply = Extract<KvClientMessage, { type: 'KvReply' }>;

export type CausalMessage =
  | KvClientMessage
  /** Origin → peer: updates the peer has not acknowledged, in seq order. */
  | { readonly type: 'CReplicate'; readonly updates: readonly CausalUpdate[] }
  /** Peer → origin: "I have applied your updates 1..applied". */
  | { readonly type: 'CAck'; readonly applied: number };

/** What survives a crash. Buffered updates do not: their origins send them again. */
export interface CausalDisk {
  readonly store: Readonly<Record<string, CausalCell>>;
  readonly applied: KvSession;
  readonly ahead: Readonly<Record<NodeId, readonly number[]>>;
  readonly lamport: number;
  readonly log: readonly CausalUpdate[];
}

export interface CausalState {
  readonly options: KvCausalOptions;
  store: Record<string, CausalCell>;
  /** How many of each origin's updates are applied here: this replica's vector clock. */
  applied: Record<NodeId, number>;
  /** no-buffering only: updates applied out of order, beyond `applied`, per origin. */
  ahead: Record<NodeId, number[]>;
  lamport: number;
  /** This replica's own updates that some peer has not yet acknowledged. */
  log: CausalUpdate[];
  /**
   * Per peer: our updates it has applied, the highest it has been sent, and when it last
   * made progress or was last sent everything again (the retry clock).
   */
  acked: Record<NodeId, number>;
  sentUpTo: Record<NodeId, number>;
  lastSentAt: Record<NodeId, number>;
  /** When the replicate timer fires (local time), or null when it is not armed. */
  replicateAt: number | null;
  /** Updates received before their dependencies (at most BUFFER_LIMIT). */
  buffer: CausalUpdate[];
  /** Client requests held until this replica has applied what their session has seen. */
  waiting: { readonly from: NodeId; readonly request: KvRequest; readonly since: number }[];
  clients: Record<NodeId, { op: string; reply: KvReply | null }>;
}
