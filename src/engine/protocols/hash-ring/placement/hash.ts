/**
 * The lab's fixed 32-bit key hash: FNV-1a over the string's UTF-16 code units, then the
 * murmur3 32-bit finalizer (`fmix32`) so that keys differing only in their last character
 * still land far apart on the ring (FNV-1a alone clusters short, similar keys).
 *
 * Pure integer arithmetic (`Math.imul`, unsigned shifts): the same value in every run and
 * every browser. Sources: Fowler–Noll–Vo, draft-eastlake-fnv (offset basis 2166136261, prime
 * 16777619); Appleby, MurmurHash3 `fmix32` (constants 0x85ebca6b, 0xc2b2ae35).
 */

/** murmur3's 32-bit finalizer: an invertible mix, every input bit affects every output bit. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** FNV-1a, 32 bits, over UTF-16 code units (equal to the byte version for ASCII text). */
export function fnv1a32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** The hash of a string as an unsigned 32-bit integer, 0…2^32 − 1 (its ring position). */
export function hash32(text: string): number {
  return fmix32(fnv1a32(text));
}

/**
 * Combines two 32-bit hashes into a third that looks independent of both (rendezvous weights,
 * jump hash's second word). Not symmetric: `mix2(a, b) !== mix2(b, a)` in general.
 */
export function mix2(a: number, b: number): number {
  return fmix32((a ^ Math.imul(b ^ (b >>> 15), 0x9e3779b1)) >>> 0);
}

/** The ring position of a key (the same as `hash32(key)`, named for what callers mean). */
export const keyPosition = hash32;

/** The ring position of virtual node `v` of `server` (`"<server>#<v>"` hashed). */
export function vnodePosition(server: string, v: number): number {
  return hash32(`${server}#${v}`);
}
