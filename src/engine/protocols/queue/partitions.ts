/**
 * Where a message goes and who consumes it: the partitioner (a hash of the key, as Kafka's
 * default partitioner does with murmur2; here FNV-1a, as small and as stable) and the group's
 * partition assignment (Kafka's range assignor: members in id order, partitions in order,
 * split into contiguous runs; members beyond the partition count get none and stay idle).
 */
import type { NodeId } from '../../protocol';

/** FNV-1a, 32 bits, of a string's UTF-16 code units (stable across runs and machines). */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** The partition of `key` among `partitions` (0…partitions − 1): the same key, the same partition. */
export const partitionOfKey = (key: string, partitions: number): number =>
  fnv1a(key) % Math.max(1, partitions);

/**
 * The range assignment of `partitions` partitions to `members`: member i (in id order) takes
 * a contiguous run; the first `partitions % members` runs are one longer. Returns, per
 * member, its partitions in order (an empty list: idle).
 */
export function assignPartitions(
  members: readonly NodeId[],
  partitions: number,
): Record<NodeId, number[]> {
  const sorted = [...members].sort();
  const out: Record<NodeId, number[]> = {};
  const n = sorted.length;
  let next = 0;
  sorted.forEach((m, i) => {
    const size = n === 0 ? 0 : Math.floor(partitions / n) + (i < partitions % n ? 1 : 0);
    out[m] = Array.from({ length: size }, (_, j) => next + j);
    next += size;
  });
  return out;
}
