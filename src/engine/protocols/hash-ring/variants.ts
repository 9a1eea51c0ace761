/** The hash-ring family's broken variants (small: the lab's scenario list loads it with the page). */
import type { BrokenVariantSpec } from '../../scenarios/broken';

/**
 * - `no-handoff`: when ownership of a key moves, its data is not handed to the new owners (no
 *   push of held keys to the replicas of the new view), so a key written before a join or a
 *   leave is missing at its new primary: an acknowledged write is lost (store mode).
 * - `serve-anyway`: a server answers a request for a key it does not own by its own view
 *   instead of redirecting: while views differ, two servers serve the same key.
 * - `last-view-wins`: a server that adopts a view lacking its own changes does not make them
 *   again: of two changes made at once on either side of a partition, one is silently lost.
 */
export const RING_BROKEN_VARIANTS = [
  { id: 'no-handoff', breaks: 'no acknowledged write lost' },
  { id: 'serve-anyway', breaks: 'only owners serve' },
  { id: 'last-view-wins', breaks: 'no change lost' },
] as const satisfies readonly BrokenVariantSpec[];

export type RingBrokenVariant = (typeof RING_BROKEN_VARIANTS)[number]['id'];
