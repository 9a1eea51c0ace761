import { describe, expect, it } from 'vitest';
import { MAX_SEED, readSeed } from './seed';

describe('readSeed', () => {
  it('reads whole numbers of up to ten digits, either sign', () => {
    expect(readSeed('42')).toEqual({ ok: true, seed: 42 });
    expect(readSeed(' -3 ')).toEqual({ ok: true, seed: -3 });
    expect(readSeed(String(MAX_SEED))).toEqual({ ok: true, seed: MAX_SEED });
    expect(readSeed('-0')).toEqual({ ok: true, seed: 0 });
  });

  it('says the real limit when a seed is too large, and what a seed is when it is not one', () => {
    const big = readSeed('99999999999');
    expect(big.ok).toBe(false);
    if (!big.ok)
      expect(big.error).toBe(
        'the seed must be a whole number from −9,999,999,999 to 9,999,999,999; "99999999999" is too large',
      );
    const word = readSeed('abc');
    expect(word.ok).toBe(false);
    if (!word.ok) expect(word.error).toMatch(/whole number from .* not "abc"/);
    expect(readSeed('1.5').ok).toBe(false);
    expect(readSeed('').ok).toBe(false);
  });
});
