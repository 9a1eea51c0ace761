/** The leaderless store's options, messages and state (kv-quorum). */
import type { NodeId } from '../../../protocol';
import type { KvClientMessage, KvOptions } from '../types';
import type { Version, VersionVector } from './quorum-versions';

export interface KvQuorumOptions extends KvOptions {
  /**
   * Sloppy quorum: a home replica that has not answered within this long is taken as
   * unreachable for this operation, and the next replica on the ring stands in for it.
   */
  readonly probeMs: number;
  /** Stand-ins try to hand their hints back this often. */
  readonly handoffEveryMs: number;
  /** Anti-entropy: push this node's versions to the keys' other home replicas this often (0 = off). */
  readonly syncEveryMs: number;
}

export const DEFAULT_QUORUM_OPTIONS: KvQuorumOptions = {
  mode: 'quorum',
  replicas: ['n1', 'n2', 'n3', 'n4', 'n5'],
  syncReplication: true,
  readFrom: 'any',
  resolution: 'siblings',
  n: 3,
  w: 2,
  r: 2,
  sloppy: false,
  readRepair: true,
  replicationDelayMs: 0,
  timeoutMs: 500,
  probeMs: 80,
  handoffEveryMs: 250,
  syncEveryMs: 1000,
};

/** One key's versions, as replication messages carry them. */
export interface KeyVersions {
  readonly key: string;
  readonly versions: readonly Version[];
}

export type QuorumMessage =
  | KvClientMessage
  /** Coordinator → replica: store these versions (as a hint for `hintFor`, when a stand-in). */
  | {
      readonly type: 'QStore';
      readonly req: string;
      readonly key: string;
      readonly versions: readonly Version[];
      readonly hintFor: NodeId | null;
    }
  /** Stored; `clock` is the replica's merged vector for the key (the coordinator's context). */
  | {
      readonly type: 'QStoreAck';
      readonly req: string;
      readonly key: string;
      readonly clock: VersionVector;
    }
  | { readonly type: 'QFetch'; readonly req: string; readonly key: string }
  | {
      readonly type: 'QFetchReply';
      readonly req: string;
      readonly key: string;
      readonly versions: readonly Version[];
    }
  /** Read repair: the newest versions a read saw. */
  | { readonly type: 'QRepair'; readonly key: string; readonly versions: readonly Version[] }
  /** Hinted handoff: a stand-in returns what it held for the recipient. */
  | { readonly type: 'QHandoff'; readonly key: string; readonly versions: readonly Version[] }
  | { readonly type: 'QHandoffAck'; readonly key: string; readonly versions: readonly Version[] }
  /** Anti-entropy: the sender's versions of some keys the recipient is also home for. */
  | { readonly type: 'QSync'; readonly entries: readonly KeyVersions[] };

/** Versions a stand-in holds for a home replica it stood in for. */
export interface Hint {
  readonly key: string;
  readonly for: NodeId;
  versions: Version[];
}

/** One read or write this node coordinates. */
export interface CoordinatedOp {
  readonly id: string;
  readonly kind: 'read' | 'write';
  readonly client: NodeId;
  readonly clientOp: string;
  readonly key: string;
  readonly needed: number;
  readonly home: readonly NodeId[];
  /** Home replicas, then any stand-ins, in the order they were asked. */
  readonly asked: NodeId[];
  /** Acked (write) or answered (read), in arrival order. */
  readonly answered: NodeId[];
  /** Which stand-in is standing in for which home replica. */
  readonly standIns: Record<NodeId, NodeId>;
  /** The version a write stores. */
  readonly version: Version | null;
  /** A read's answers so far. */
  readonly answers: Record<NodeId, Version[]>;
  /** A read lingers after its reply to repair replicas that answer late. */
  replied: boolean;
  newest: Version[];
}

/** What survives a crash: everything stored, every hint, and the vector counter. */
export interface QuorumDisk {
  readonly store: Readonly<Record<string, readonly Version[]>>;
  readonly hints: readonly Hint[];
  readonly counter: number;
}

export interface QuorumState {
  readonly options: KvQuorumOptions;
  store: Record<string, Version[]>;
  hints: Hint[];
  /** The highest entry this node has put in a version vector under its own name. */
  counter: number;
  /**
   * What this node, as a coordinator, has seen of each key (from its own copy, read answers
   * and write acks). A write supersedes exactly this: it stands in for Dynamo's client context.
   */
  context: Record<string, VersionVector>;
  /** Request ids are `${epoch}.${seq}`: a random epoch per boot keeps old replies apart. */
  readonly epoch: number;
  seq: number;
  ops: Record<string, CoordinatedOp>;
  /** The last request from each client and its reply, so a retry is answered, not redone. */
  clients: Record<
    NodeId,
    { op: string; reply: Extract<KvClientMessage, { type: 'KvReply' }> | null }
  >;
  /** Anti-entropy goes round the keys in batches; where the next batch starts. */
  syncCursor: number;
}
