/**
 * The common random draws, made from a seeded stream (prng.ts) so that a run, a nemesis or
 * a randomized test repeats exactly from its seed — in the manner of TigerBeetle's VOPR,
 * whose PRNG carries the same helpers. Use these instead of ad-hoc idioms: in particular
 * `items.sort(() => rng.next() - 0.5)` is not a shuffle. A comparator that answers at
 * random breaks sort's contract, and the orders it gives depend on the sort algorithm and
 * are far from equally likely (see draws.test.ts, which catches it).
 */
import type { Rng } from './prng';

/**
 * A new array with `items` in a uniformly random order; `items` is left as it was.
 * Fisher–Yates, in Durstenfeld's in-place form (Knuth, TAOCP vol. 2, §3.4.2, Algorithm P):
 * position i takes a uniform draw from the i + 1 items not yet placed, so each of the n!
 * orders has probability 1/n!, up to the stream's 32-bit resolution (a bias of at most
 * n / 2^32 per draw).
 */
export function shuffle<T>(rng: Pick<Rng, 'int'>, items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = out[i] as T;
    out[i] = out[j] as T;
    out[j] = t;
  }
  return out;
}

/**
 * One of `items`, each equally likely.
 * @throws RangeError when `items` is empty: there is nothing to pick, and a silent
 *   `undefined` would surface far from the cause.
 */
export function pick<T>(rng: Pick<Rng, 'int'>, items: readonly T[]): T {
  if (items.length === 0) throw new RangeError('pick: no items to pick from');
  return items[rng.int(items.length)] as T;
}

/**
 * One of the choices, each with probability weight / (sum of weights): `weighted(rng,
 * [['crash', 2], ['heal', 1]])` gives 'crash' two times in three. A zero weight is never
 * chosen. One draw from the stream per call, whatever the number of choices.
 * @throws RangeError when a weight is negative or not finite, or no weight is positive.
 */
export function weighted<T>(
  rng: Pick<Rng, 'next'>,
  choices: ReadonlyArray<readonly [value: T, weight: number]>,
): T {
  let total = 0;
  for (const [, w] of choices) {
    if (!(Number.isFinite(w) && w >= 0))
      throw new RangeError(`weighted: weight ${w} is not a finite number ≥ 0`);
    total += w;
  }
  if (!(total > 0)) throw new RangeError('weighted: no choice has a positive weight');
  let r = rng.next() * total;
  let last: T | undefined;
  let found = false;
  for (const [value, w] of choices) {
    if (w === 0) continue;
    if (r < w) return value;
    r -= w;
    last = value;
    found = true;
  }
  // Rounding in the running subtraction can leave r just above the last weight: the draw
  // belongs to the last choice that can be chosen.
  if (!found) throw new RangeError('weighted: no choice has a positive weight');
  return last as T;
}
