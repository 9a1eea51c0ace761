/**
 * The chosen value as the Paxos Agreement checker publishes it (its summary's data,
 * `PaxosChosen`), and what the views say of it: the card's sentence and each acceptor's
 * quorum marks. Pure, so it is tested without a page.
 */
import type { InvariantStatus } from '../../../engine/check/monitor';
import type { PaxosChosen } from '../../../engine/protocols/paxos/types';

/** The Agreement checker's id (paxos/invariants.ts). */
const AGREEMENT = 'paxos-agreement';

const isChosen = (d: unknown): d is PaxosChosen =>
  typeof d === 'object' &&
  d !== null &&
  typeof (d as { value?: unknown }).value === 'string' &&
  Array.isArray((d as { phase1?: unknown }).phase1) &&
  Array.isArray((d as { phase2?: unknown }).phase2);

/** The chosen value the checks report, or null while nothing is chosen. */
export function chosenOf(checks: readonly InvariantStatus[]): PaxosChosen | null {
  const data = checks.find((c) => c.id === AGREEMENT)?.summary?.data;
  return isChosen(data) ? data : null;
}

const ms = (t: number) => `${Math.round(t).toLocaleString('en-US')} ms`;
const list = (ids: readonly string[]) => (ids.length ? ids.join(', ') : 'none seen');

/** "Chosen: A in ballot 1.n1 at 412 ms — learned by n3 at 455 ms". */
export function chosenSentence(c: PaxosChosen): string {
  const learned =
    c.learnedBy !== null && c.learnedAtMs !== null
      ? `learned by ${c.learnedBy} at ${ms(c.learnedAtMs)}`
      : 'nobody has learned it yet';
  return `Chosen: ${c.value} in ballot ${c.ballot} at ${ms(c.atMs)} — ${learned}`;
}

/** The quorums in words, with why the value survives. */
export function quorumSentences(c: PaxosChosen): readonly string[] {
  const shared = c.shared.length
    ? `In both: ${list(c.shared)}. Any later phase-1 quorum meets every phase-2 quorum, so a later proposer hears of ${c.value} from an acceptor like ${c.shared[0] ?? ''} and must propose it again: the old value survives.`
    : 'The phase-1 quorum was not seen (its proposer’s promises were not observed), so the acceptors in both cannot be named.';
  return [
    `Phase 1 (promised ${c.ballot}): ${list(c.phase1)}.`,
    `Phase 2 (accepted ${c.value} in ${c.ballot}): ${list(c.phase2)}; ${c.completedBy} completed the quorum.`,
    shared,
  ];
}

/** One acceptor's part in choosing the value. */
export interface QuorumMarks {
  readonly phase1: boolean;
  readonly phase2: boolean;
  readonly shared: boolean;
}

export function quorumMarks(c: PaxosChosen | null, node: string): QuorumMarks {
  return {
    phase1: c?.phase1.includes(node) ?? false,
    phase2: c?.phase2.includes(node) ?? false,
    shared: c?.shared.includes(node) ?? false,
  };
}
