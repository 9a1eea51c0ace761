/** Multi-Paxos's broken variants (a small module: the lab's scenario list loads it with the page). */

/**
 * Deliberately broken variants, each a mistake a first Multi-Paxos makes ("Paxos Made
 * Moderately Complex", 2015, §3: a leader must adopt, per slot, the value of the highest
 * ballot its scouts report; and phase 1 is what makes a new leader safe).
 */
export const MULTI_PAXOS_BROKEN_VARIANTS = [
  {
    id: 'ignore-accepted',
    breaks: 'Agreement (a new leader fills every open slot with no-ops, ignoring the promises)',
  },
  {
    id: 'skip-phase-1',
    breaks: 'Agreement (a new leader proposes at once, without asking what was accepted)',
  },
] as const;

export type MultiPaxosBrokenVariant = (typeof MULTI_PAXOS_BROKEN_VARIANTS)[number]['id'];
