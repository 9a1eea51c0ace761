/** The hash-ring family's messages: client requests, replication, handoff, membership gossip, the backing store. */
import type { Json } from '../../protocol';
import type { RingConfig } from './config';

/** A write's version: a counter, then the coordinating server's id (last writer wins). */
export type Version = readonly [number, string];

/** Orders versions: negative when a < b. */
export function compareVersions(a: Version, b: Version): number {
  return a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0);
}

export type RingMessage =
  /** Client → server: read `key`. */
  | { type: 'Get'; id: string; key: string }
  /** Client → server: write `value` to `key`. */
  | { type: 'Put'; id: string; key: string; value: Json }
  /** Server → client: done; a read's value, and whether the cache had it. */
  | { type: 'Reply'; id: string; key: string; value: Json; version: Version | null; hit: boolean }
  /** Server → client: not mine by my view; here is my view. */
  | { type: 'Redirect'; id: string; key: string; config: RingConfig }
  /** Coordinator → replica: store this version (store mode), or refresh your cache (cache mode). */
  | { type: 'Replicate'; id: string; key: string; value: Json; version: Version }
  | { type: 'ReplicateAck'; id: string }
  /** Handoff and anti-entropy: keys the receiver should hold by the sender's view. */
  | { type: 'Push'; entries: [string, Json, Version][] }
  /** Membership gossip: the sender's view. */
  | { type: 'Gossip'; config: RingConfig }
  /** Cache → backing store: a miss (slow). */
  | { type: 'Fetch'; id: string; key: string }
  | { type: 'Fetched'; id: string; key: string; value: Json }
  /** Cache → backing store: write through. */
  | { type: 'StoreWrite'; id: string; key: string; value: Json }
  | { type: 'StoreAck'; id: string };
