/**
 * Where a key lives in a leaderless store: a ring over the replicas, in the order the options
 * list them. The key hashes (FNV-1a, 32 bits) to one position on that ring; its preference
 * list is the replica there and the next N − 1 in ring order, wrapping round; the replicas
 * after those, in the same order, are its stand-ins for a sloppy quorum. Every node computes
 * the same lists from the key alone (Dynamo §4.3, without virtual nodes).
 */
import type { NodeId } from '../../../protocol';

/** FNV-1a over the key's UTF-16 code units: stable, cheap and well spread for short keys. */
export function hashKey(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** Every replica, starting at the key's position on the ring. */
export function ringFrom(key: string, replicas: readonly NodeId[]): NodeId[] {
  if (replicas.length === 0) return [];
  const start = hashKey(key) % replicas.length;
  return replicas.map((_, i) => replicas[(start + i) % replicas.length] as NodeId);
}

/** The key's N home replicas (its preference list). */
export function preferenceList(key: string, replicas: readonly NodeId[], n: number): NodeId[] {
  return ringFrom(key, replicas).slice(0, Math.max(0, n));
}

/** The replicas after the preference list, in the order they are asked to stand in. */
export function standInsFor(key: string, replicas: readonly NodeId[], n: number): NodeId[] {
  return ringFrom(key, replicas).slice(Math.max(0, n));
}
