/**
 * Ballot numbers (Lamport, "Paxos Made Simple", 2001, §2.2: "different proposers choose
 * their numbers from disjoint sets"): a round and the proposer that owns it, ordered by round
 * and then by proposer id, so two proposers never issue the same ballot.
 */
import type { NodeId } from '../../protocol';

/** A ballot: `round` ≥ 1, owned by proposer `by`. Plain data (it crosses to the worker). */
export interface Ballot {
  readonly round: number;
  readonly by: NodeId;
}

/** Negative when `a` precedes `b`, 0 when equal, positive when `a` follows `b`. */
export function compareBallots(a: Ballot, b: Ballot): number {
  if (a.round !== b.round) return a.round - b.round;
  return a.by < b.by ? -1 : a.by > b.by ? 1 : 0;
}

/** `a` ≥ `b`, with no ballot (null) below every ballot. */
export function atLeast(a: Ballot, b: Ballot | null): boolean {
  return b === null || compareBallots(a, b) >= 0;
}

/** How a ballot reads in the log and the panels: "3.n1" (round 3, proposer n1). */
export const ballotText = (b: Ballot | null): string => (b ? `${b.round}.${b.by}` : '—');

/** The higher of two ballots (null counts as lowest). */
export function maxBallot(a: Ballot | null, b: Ballot | null): Ballot | null {
  if (a === null) return b;
  if (b === null) return a;
  return compareBallots(a, b) >= 0 ? a : b;
}
