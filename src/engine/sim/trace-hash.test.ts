import { describe, expect, it } from 'vitest';
import { EMPTY_HASH, hashHex, hashUpdate } from './trace-hash';

const hashOf = (parts: string[]) => hashHex(parts.reduce(hashUpdate, EMPTY_HASH));

describe('the trace hash', () => {
  it('is equal for equal sequences and 16 hex digits long', () => {
    expect(hashOf(['a', 'bc'])).toBe(hashOf(['a', 'bc']));
    expect(hashOf(['a'])).toMatch(/^[0-9a-f]{16}$/);
  });

  it('depends on order and on where entries begin and end', () => {
    expect(hashOf(['a', 'b'])).not.toBe(hashOf(['b', 'a']));
    expect(hashOf(['ab', 'c'])).not.toBe(hashOf(['a', 'bc']));
    expect(hashOf([])).not.toBe(hashOf(['']));
  });
});
