/**
 * A running 64-bit hash of the trace, kept as two independent 32-bit FNV-1a lanes with
 * different offset bases. Equal traces give equal hashes; the hash can be saved and restored
 * with a checkpoint, so seeking does not rehash the whole past.
 */
export type HashState = [number, number];

export const EMPTY_HASH: HashState = [0x811c9dc5, 0x050c5d1f];

export function hashUpdate(state: HashState, text: string): HashState {
  let h1 = state[0];
  let h2 = state[1];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x01000193) ^ (h2 >>> 15);
  }
  // A separator, so ["ab","c"] and ["a","bc"] hash differently.
  h1 = Math.imul(h1 ^ 0x1e, 0x01000193);
  h2 = Math.imul(h2 ^ 0x1e, 0x01000193) ^ (h2 >>> 15);
  return [h1 >>> 0, h2 >>> 0];
}

export function hashHex(state: HashState): string {
  return state[0].toString(16).padStart(8, '0') + state[1].toString(16).padStart(8, '0');
}
