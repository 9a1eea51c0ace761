/**
 * The replicated key-value store's published surface: its modes and options, and the view
 * models the lab's panels draw (replica table, quorum view). The protocol's messages and
 * internal state are its own business; only what is here is read from outside.
 */
import type { NodeId, NodeView } from '../../protocol';
import type { GuaranteePromise } from './guarantees';

/** One store, six ways to replicate it (issue 7; CURRICULUM.md L6–L8, L13–L14). */
export type KvMode =
  /** Synchronous replication to every replica; a write returns after all acks, or fails on a timeout. */
  | 'strong'
  /** Writes at the primary, sync or async to the backups; reads at the primary or any replica; failover. */
  | 'primary-backup'
  /** Write to the primary, replicate asynchronously, read from the nearest replica. */
  | 'eventual'
  /** Writes at any replica; concurrent writes conflict: last-writer-wins or siblings. */
  | 'multi-master'
  /** Leaderless: N replicas per key, W write acks, R read answers, read repair, sloppy quorum. */
  | 'quorum'
  /** Dependencies carried as vector clocks; updates buffered until their causes are visible. */
  | 'causal';

export const KV_MODES: readonly KvMode[] = [
  'strong',
  'primary-backup',
  'eventual',
  'multi-master',
  'quorum',
  'causal',
];

/** Options shared by every replica and client of one store (one options object per scenario). */
export interface KvOptions {
  readonly mode: KvMode;
  /** The replicas, in order; the first is the initial primary where there is one. */
  readonly replicas: readonly NodeId[];
  /** primary-backup: replicate synchronously (true) or asynchronously. */
  readonly syncReplication: boolean;
  /** primary-backup: where clients read. */
  readonly readFrom: 'primary' | 'any';
  /** multi-master: how concurrent writes are resolved. */
  readonly resolution: 'lww' | 'siblings';
  /** quorum: replicas per key, write acks, read answers. */
  readonly n: number;
  readonly w: number;
  readonly r: number;
  /** quorum: when fewer than N home replicas answer, write to stand-ins (hinted handoff). */
  readonly sloppy: boolean;
  /** quorum: write the newest value back to replicas that answered a read with an older one. */
  readonly readRepair: boolean;
  /** Asynchronous replication delay at the sender (eventual, async primary-backup, multi-master). */
  readonly replicationDelayMs: number;
  /** How long a coordinator or client waits before giving up on an operation. */
  readonly timeoutMs: number;
}

/** One key's value at one replica, as the replica table shows it. */
export interface KvCell {
  /** One value, or several siblings (multi-master with siblings; concurrent quorum writes). */
  readonly values: readonly (string | null)[];
  /** The version in words: "v3", "t=1204 by n2", "{n1:2, n2:1}". */
  readonly version: string;
}

export interface KvReplicaView extends NodeView {
  readonly role: 'primary' | 'backup' | 'replica';
  readonly mode: KvMode;
  /** Every key this replica holds. */
  readonly store: Readonly<Record<string, KvCell>>;
  /** causal: updates received but waiting for their dependencies, in words. */
  readonly buffered?: readonly string[];
  /** quorum (sloppy): writes held for another replica (hinted handoff), in words. */
  readonly hints?: readonly string[];
  /**
   * quorum: for every key this replica holds or holds hints for, the replicas responsible
   * for it (its N home replicas, in ring order). Absent in modes where every replica holds
   * every key.
   */
  readonly homes?: Readonly<Record<string, readonly NodeId[]>>;
  /** quorum (sloppy): per key, the copies this replica holds as a stand-in, and for whom. */
  readonly hinted?: Readonly<Record<string, readonly KvHintedCell[]>>;
}

/** A copy a stand-in holds for a home replica that did not answer (hinted handoff). */
export interface KvHintedCell extends KvCell {
  /** The home replica it is held for, and will be handed back to. */
  readonly for: NodeId;
}

/** Which replicas one quorum operation asked, which answered, and what they answered. */
export interface QuorumTouch {
  readonly op: 'read' | 'write';
  readonly key: string;
  readonly asked: readonly NodeId[];
  readonly answered: readonly NodeId[];
  /** The replicas the operation needed answers from (W or R). */
  readonly needed: number;
  readonly at: number;
}

export interface KvClientView extends NodeView {
  readonly role: 'client';
  /** The operation under way, in words; null when idle. */
  readonly pending: string | null;
  readonly lastResult: string | null;
  readonly completed: number;
  readonly failed: number;
  readonly unknown: number;
  /** Its automatic workload is running (random reads and writes, paced by the scenario). */
  readonly workload: boolean;
  /** What the store's mode promises, guarantee by guarantee (guarantees.ts). */
  readonly guarantees: readonly GuaranteePromise[];
  /**
   * The live checks (by invariant id) this mode does not promise, each with the sentence why:
   * a violation of one is expected here. Any node view may carry this; the checks panel reads it.
   */
  readonly notPromised: Readonly<Record<string, string>>;
  /** quorum: the last write's and the last read's touch, for the quorum view. */
  readonly lastWrite?: QuorumTouch | null;
  readonly lastRead?: QuorumTouch | null;
}

/**
 * What a client and the replica it talks to say to each other, whatever the mode. The
 * replica that receives a request coordinates it (replicates a write, gathers a quorum,
 * checks causal dependencies) and answers once. `session` is opaque to the client: a mode
 * that tracks causality hands it out with every answer and gets it back with every request.
 */
export type KvClientMessage =
  | {
      readonly type: 'KvGet';
      readonly op: string;
      readonly key: string;
      readonly session: KvSession | null;
    }
  | {
      readonly type: 'KvPut';
      readonly op: string;
      readonly key: string;
      readonly value: string;
      readonly session: KvSession | null;
    }
  | {
      readonly type: 'KvReply';
      readonly op: string;
      readonly ok: boolean;
      /** A read's answer: one value, or siblings; null = nil. Empty for a write. */
      readonly values: readonly (string | null)[];
      /** Why it failed, in words ("timed out waiting for n3", "not the primary: n1 is"). */
      readonly error: string | null;
      /** Where to go instead (primary-backup after a failover). */
      readonly redirect: NodeId | null;
      readonly session: KvSession | null;
      /** quorum: which replicas the coordinator asked and which answered (for the quorum view). */
      readonly touch: QuorumTouch | null;
    };

/** A causal session: the versions the client has seen, as a vector clock. */
export type KvSession = Readonly<Record<NodeId, number>>;
