/**
 * What kv replicas say to each other, and the cells they keep. Clients speak only
 * KvClientMessage (types.ts); everything else here is the replicas' own business.
 */
import type { NodeId } from '../../protocol';
import type { KvClientMessage } from './types';

// ---------------------------------------------------------------------------------------
// Cells

/**
 * A version made by a primary (strong, primary-backup, eventual): the epoch of the primary
 * that made it, then that primary's write number. Compared epoch first, so any write of a
 * newer primary outranks every write of an older one.
 */
export interface Version {
  readonly epoch: number;
  readonly seq: number;
}

export interface RegisterCell {
  readonly value: string;
  readonly version: Version;
}

/** multi-master, last-writer-wins: the writer's local clock (skew and all), then its id. */
export interface LwwCell {
  readonly value: string;
  readonly t: number;
  readonly node: NodeId;
}

/** Per replica, how many of this key's writes it made: a version vector. */
export type VersionVector = Readonly<Record<NodeId, number>>;

/** multi-master with siblings: one value, and the version vector of the write that made it. */
export interface Sibling {
  readonly value: string;
  readonly vv: VersionVector;
}

// ---------------------------------------------------------------------------------------
// Messages

type KvGet = Extract<KvClientMessage, { type: 'KvGet' }>;
type KvPut = Extract<KvClientMessage, { type: 'KvPut' }>;
export type KvRequest = KvGet | KvPut;

/** A non-primary passes a client's request on; the primary answers the client directly. */
export interface KvForward {
  readonly type: 'KvForward';
  readonly client: NodeId;
  readonly request: KvRequest;
}

/** The client and op number of a write, so every replica can tell a duplicate request. */
export interface Writer {
  readonly client: NodeId;
  readonly n: number;
}

/**
 * The primary of `epoch` says: for `key` I hold `cell` (null: nothing). Sent for each
 * write, and again to any replica that has not acknowledged it (retries, read barriers).
 */
export interface KvReplicate {
  readonly type: 'KvReplicate';
  readonly epoch: number;
  readonly key: string;
  readonly cell: RegisterCell | null;
  readonly writer: Writer | null;
}

/** Anti-entropy: the primary of `epoch` sends its whole store; replicas adopt it (replicate.ts). */
export interface KvSync {
  readonly type: 'KvSync';
  readonly epoch: number;
  readonly store: Readonly<Record<string, RegisterCell>>;
  /** Per client, the highest write op number applied (for duplicate detection). */
  readonly clients: Readonly<Record<NodeId, number>>;
}

/**
 * "At `epoch` I hold these versions" (null: nothing), after applying a KvReplicate or KvSync.
 * An epoch above the receiver's is a refusal: there is a newer primary, and it is not you.
 */
export interface KvAck {
  readonly type: 'KvAck';
  readonly epoch: number;
  readonly versions: Readonly<Record<string, Version | null>>;
}

/** primary-backup: "I am the primary of `epoch`" (the backups' health check). */
export interface KvHeartbeat {
  readonly type: 'KvHeartbeat';
  readonly epoch: number;
}

/**
 * multi-master: cells for the receiver to merge. `fresh` marks one new write's replication
 * (rather than anti-entropy), so a write that loses on arrival can be named.
 */
export type KvPush =
  | {
      readonly type: 'KvPush';
      readonly resolution: 'lww';
      readonly fresh: boolean;
      readonly cells: Readonly<Record<string, LwwCell>>;
    }
  | {
      readonly type: 'KvPush';
      readonly resolution: 'siblings';
      readonly fresh: boolean;
      readonly cells: Readonly<Record<string, readonly Sibling[]>>;
    };

export type KvMessage =
  KvClientMessage | KvForward | KvReplicate | KvSync | KvAck | KvHeartbeat | KvPush;

/** Bytes on the wire, roughly: a header, and a few dozen per cell carried. */
export function kvMessageSize(m: KvMessage): number {
  switch (m.type) {
    case 'KvSync':
      return 48 + 40 * Object.keys(m.store).length;
    case 'KvPush':
      return 48 + 40 * Object.keys(m.cells).length;
    case 'KvAck':
      return 32 + 16 * Object.keys(m.versions).length;
    case 'KvGet':
    case 'KvPut':
    case 'KvReply':
    case 'KvForward':
    case 'KvReplicate':
    case 'KvHeartbeat':
      return 48;
    default: {
      const never: never = m;
      throw new Error(`unknown kv message ${JSON.stringify(never)}`);
    }
  }
}
