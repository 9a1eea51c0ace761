/**
 * The rule for a run's seed, in one place: the lab's Seed field and a link's `seed=` read
 * it the same way and say the same limit. A seed is a whole number of at most ten digits
 * (either sign): the PRNG hashes its decimal text (sim/prng.ts), so any such number is a
 * distinct, exactly repeatable run, and ten digits keep it well inside what a double holds.
 */

import { groupedNumber } from '../words';

/** The largest seed's magnitude: ten digits. */
export const MAX_SEED = 9_999_999_999;

const SEED_TEXT = /^-?\d+$/;

/** The limit in words (said only when a seed is refused; see groupedNumber for why not Intl). */
const LIMIT = `from −${groupedNumber(MAX_SEED)} to ${groupedNumber(MAX_SEED)}`;

export type SeedResult = { ok: true; seed: number } | { ok: false; error: string };

/** Read a seed as typed or as a link gives it; a bad one yields a sentence with the limit. */
export function readSeed(text: string): SeedResult {
  const trimmed = text.trim();
  const shown = `"${trimmed.slice(0, 20)}${trimmed.length > 20 ? '…' : ''}"`;
  if (!SEED_TEXT.test(trimmed))
    return { ok: false, error: `the seed must be a whole number ${LIMIT}, not ${shown}` };
  const seed = Number(trimmed);
  if (Math.abs(seed) > MAX_SEED)
    return { ok: false, error: `the seed must be a whole number ${LIMIT}; ${shown} is too large` };
  return { ok: true, seed: Object.is(seed, -0) ? 0 : seed };
}
