import { describe, expect, it } from 'vitest';
import { countRange, groupedNumber, listInWords, nounFor, plural } from './words';

describe('words', () => {
  it('pluralises by count: one is singular, everything else plural', () => {
    expect(plural(1, 'operation')).toBe('1 operation');
    expect(plural(0, 'operation')).toBe('0 operations');
    expect(plural(3, 'operation')).toBe('3 operations');
    expect(plural(1, 'entry', 'entries')).toBe('1 entry');
    expect(plural(2, 'entry', 'entries')).toBe('2 entries');
    expect(nounFor(1, 'seed')).toBe('seed');
    expect(nounFor(100, 'seed')).toBe('seeds');
  });

  it('says a range of counts once when it is a single count', () => {
    expect(countRange(3, 3, 'node')).toBe('3 nodes');
    expect(countRange(1, 1, 'node')).toBe('1 node');
    expect(countRange(2, 50, 'node')).toBe('2 to 50 nodes');
  });

  it('lists in prose', () => {
    expect(listInWords([])).toBe('');
    expect(listInWords(['a'])).toBe('a');
    expect(listInWords(['a', 'b'])).toBe('a and b');
    expect(listInWords(['a', 'b', 'c'])).toBe('a, b and c');
  });

  it('writes numbers with commas between thousands, as en-US does, without Intl', () => {
    expect(groupedNumber(9_999_999_999)).toBe('9,999,999,999');
    expect(groupedNumber(10_069.44, 1)).toBe('10,069.4');
    expect(groupedNumber(0, 1)).toBe('0.0');
    expect(groupedNumber(999.96, 1)).toBe('1,000.0');
    expect(groupedNumber(-1234.4)).toBe('-1,234');
    expect(groupedNumber(-0.04, 1)).toBe('0.0');
    for (const n of [0, 7, 12.5, 999, 1000, 123456.78, 5_000_000]) {
      expect(groupedNumber(n, 1)).toBe(
        n.toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 }),
      );
      expect(groupedNumber(n)).toBe(n.toLocaleString('en-US', { maximumFractionDigits: 0 }));
    }
  });
});
