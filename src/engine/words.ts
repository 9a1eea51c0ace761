/**
 * Small helpers for saying numbers in words, shared by the engine's notes (which land in
 * the trace and the narration) and the views. English only: "1 operation", "3 operations",
 * "3 nodes" rather than "3 to 3 nodes".
 */

/**
 * `count` followed by the noun, singular for exactly 1 (and −1), plural otherwise:
 * `plural(1, 'operation')` → "1 operation", `plural(0, 'entry', 'entries')` → "0 entries".
 * `pluralForm` defaults to the singular plus "s".
 */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${Math.abs(count) === 1 ? singular : pluralForm}`;
}

/** Just the noun for `count` (no number): `nounFor(2, 'seed')` → "seeds". */
export function nounFor(count: number, singular: string, pluralForm = `${singular}s`): string {
  return Math.abs(count) === 1 ? singular : pluralForm;
}

/**
 * A count that may range: "3 nodes" when `min === max`, else "3 to 5 nodes" (the noun
 * agrees with the upper bound).
 */
export function countRange(
  min: number,
  max: number,
  singular: string,
  pluralForm = `${singular}s`,
): string {
  return min === max
    ? plural(min, singular, pluralForm)
    : `${min} to ${max} ${nounFor(max, singular, pluralForm)}`;
}

/** "a", "a and b", "a, b and c": a short list in prose. */
export function listInWords(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1] ?? ''}`;
}

/**
 * A number as English writes it, with commas between thousands and exactly `fractionDigits`
 * decimals: `groupedNumber(10069.44, 1)` → "10,069.4", `groupedNumber(9999999999)` →
 * "9,999,999,999". The same text as `toLocaleString('en-US', …)` gives, without Intl: the
 * first Intl call of a page (or worker) loads ICU's data, measured at 60–150 ms here, and the
 * lab's first screen would pay it before it is ready. Rounds as toFixed does.
 */
export function groupedNumber(value: number, fractionDigits = 0): string {
  const fixed = Math.abs(value).toFixed(fractionDigits);
  const [whole = '', fraction] = fixed.split('.');
  const sign = value < 0 && Number(fixed) !== 0 ? '-' : '';
  return `${sign}${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${fraction ? `.${fraction}` : ''}`;
}
