/** Paxos's broken variants (a small module: the lab's scenario list loads it with the page). */

/**
 * Deliberately broken variants, each the mistake a first implementation makes, for teaching
 * and to show that the checkers catch them (Lamport 2001, §2.2–2.3 for the rules they drop).
 */
export const PAXOS_BROKEN_VARIANTS = [
  { id: 'ignore-accepted', breaks: 'Agreement (the proposer ignores accepted values)' },
  { id: 'accept-below-promise', breaks: 'Agreement (acceptors break their promises)' },
  { id: 'forget-promise', breaks: 'Agreement (promises are not persisted)' },
] as const;

export type PaxosBrokenVariant = (typeof PAXOS_BROKEN_VARIANTS)[number]['id'];
