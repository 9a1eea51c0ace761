/**
 * Jump consistent hash (Lamping & Veach, "A Fast, Minimal Memory, Consistent Hash
 * Algorithm", 2014, Figure 1), with its 64-bit linear congruential generator done exactly in
 * 32-bit halves so it needs neither BigInt nor floating-point tricks beyond the paper's own.
 *
 * Buckets are numbers 0…N−1: growing N to N+1 moves only the keys that now land in bucket N
 * (about 1/(N+1) of them); shrinking works only from the end.
 */
import { mix2 } from './hash';

const LCG_HI = 0x27bb2ee6; // 2862933555777941757 = 0x27BB2EE687B0B0FD (the paper's constant)
const LCG_LO = 0x87b0b0fd;

/** The low and high 32 bits of a 64-bit product modulo 2^64, as unsigned integers. */
export function mul64(ah: number, al: number, bh: number, bl: number): [number, number] {
  const a0 = al & 0xffff;
  const a1 = al >>> 16;
  const b0 = bl & 0xffff;
  const b1 = bl >>> 16;
  const p00 = a0 * b0;
  const p01 = a0 * b1;
  const p10 = a1 * b0;
  const p11 = a1 * b1;
  const mid = (p00 >>> 16) + (p01 & 0xffff) + (p10 & 0xffff);
  const lo = (((mid & 0xffff) << 16) | (p00 & 0xffff)) >>> 0;
  const carry = p11 + (p01 >>> 16) + (p10 >>> 16) + (mid >>> 16);
  const hi = (carry + Math.imul(al, bh) + Math.imul(ah, bl)) >>> 0;
  return [hi, lo];
}

/**
 * The bucket, 0…buckets−1, of a 64-bit key given as two unsigned 32-bit halves.
 * `buckets` must be ≥ 1 (0 buckets returns −1: nowhere to place).
 */
export function jumpBucket(keyHi: number, keyLo: number, buckets: number): number {
  if (buckets < 1) return -1;
  let hi = keyHi >>> 0;
  let lo = keyLo >>> 0;
  let b = -1;
  let j = 0;
  while (j < buckets) {
    b = j;
    const [mh, ml] = mul64(hi, lo, LCG_HI, LCG_LO);
    lo = (ml + 1) >>> 0;
    hi = lo === 0 ? (mh + 1) >>> 0 : mh;
    // (key >> 33) + 1 in the paper: the top 31 bits of the 64-bit state.
    j = Math.floor((b + 1) * (2147483648 / ((hi >>> 1) + 1)));
  }
  return b;
}

/** The jump bucket of a 32-bit key hash (widened to 64 bits with an independent high word). */
export function jumpHash(keyHash: number, buckets: number): number {
  return jumpBucket(mix2(keyHash, 0x6a09e667), keyHash, buckets);
}
