/**
 * The key hash of the sharding family: MurmurHash3's 32-bit finalizer (`fmix32`, Austin
 * Appleby, public domain, smhasher `MurmurHash3.cpp`) applied to the integer key. It is a
 * bijection on 32-bit integers with full avalanche, so consecutive keys (user ids,
 * timestamps) land in unrelated buckets — the point of hash partitioning (Kleppmann, DDIA
 * ch. 6, "Partitioning by Hash of Key"). Pure integer arithmetic (`Math.imul`, unsigned
 * shifts): the same value in every run and every browser.
 */

/** fmix32 of `key` (any integer; taken modulo 2^32), an unsigned 32-bit integer. */
export function hashKey(key: number): number {
  let h = key >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** The bucket of `key` among `buckets` (hash mod N), 0…buckets−1. */
export const bucketOf = (key: number, buckets: number): number =>
  buckets > 0 ? hashKey(key) % buckets : 0;
