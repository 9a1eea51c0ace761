/**
 * The moment a value is chosen, and the quorums that chose it, as only an observer of every
 * node can see them (Lamport, "Paxos Made Simple", 2001, §2.2–2.3): a value is chosen when a
 * phase-2 quorum of acceptors has accepted it in one ballot — before any learner hears of it.
 * The Agreement checker keeps this memory and publishes it as its summary: the timeline marks
 * the moment, the stage rings the two quorums, the acceptor table names them.
 */
import type { CheckerNodeNote, CheckerSummary, Observation } from '../../check/invariant';
import type { PaxosChosen, PaxosObservation } from './types';

/** Phase-1 quorums kept (the newest ballots): a duel can start hundreds before one is chosen. */
const PHASE1_KEPT = 64;

export interface ChosenMemory {
  /** Recent ballots' phase-1 quorums, ballot text → acceptors, oldest first. */
  phase1: Array<[string, string[]]>;
  chosen: {
    value: string;
    ballot: string;
    t: number;
    i: number;
    completedBy: string;
    phase1: string[];
    phase2: string[];
  } | null;
  learned: { node: string; t: number } | null;
}

export const initChosen = (): ChosenMemory => ({ phase1: [], chosen: null, learned: null });

/**
 * Note what observation `o` says about phase-1 quorums and learning; `done` is the (ballot,
 * value) whose phase-2 quorum `o` just completed, when nothing was chosen before, with
 * `acceptedBy` the acceptors that accepted it, in order.
 */
export function watchChosen(
  w: ChosenMemory,
  o: Observation,
  done: { ballot: string; value: string } | null,
  acceptedBy: readonly string[],
): void {
  const d = o.data as PaxosObservation | null;
  if (!d) return;
  if (d.phase1 && !w.chosen && !w.phase1.some(([b]) => b === d.phase1?.[0])) {
    w.phase1.push([d.phase1[0], [...d.phase1[1]]]);
    if (w.phase1.length > PHASE1_KEPT) w.phase1.shift();
  }
  if (d.learned && !w.learned) w.learned = { node: o.node, t: o.time };
  if (done && !w.chosen) {
    w.chosen = {
      ...done,
      t: o.time,
      i: o.cause,
      completedBy: o.node,
      phase1: w.phase1.find(([b]) => b === done.ballot)?.[1] ?? [],
      phase2: acceptedBy.slice(0, Math.max(1, d.q2)),
    };
    w.phase1 = []; // no longer needed: only the chosen ballot's quorum is shown
  }
}

const NOTES = {
  phase1: { text: 'promised in phase 1 of the chosen ballot', ring: 'dashed' },
  phase2: { text: 'accepted the chosen value in phase 2', ring: 'solid' },
  both: {
    text: 'in both quorums of the chosen value: promised in phase 1 and accepted in phase 2',
    ring: 'double',
  },
} as const satisfies Record<string, CheckerNodeNote>;

/** The chosen value, its moment and its quorums, for the views; null while nothing is chosen. */
export function chosenSummary(w: ChosenMemory): CheckerSummary | null {
  const c = w.chosen;
  if (!c) return null;
  const shared = c.phase1.filter((a) => c.phase2.includes(a));
  const data: PaxosChosen = {
    value: c.value,
    ballot: c.ballot,
    atMs: c.t,
    completedBy: c.completedBy,
    phase1: c.phase1,
    phase2: c.phase2,
    shared,
    learnedBy: w.learned?.node ?? null,
    learnedAtMs: w.learned?.t ?? null,
  };
  const nodeNotes: Record<string, CheckerNodeNote> = {};
  for (const a of c.phase1) nodeNotes[a] = NOTES.phase1;
  for (const a of c.phase2) nodeNotes[a] = shared.includes(a) ? NOTES.both : NOTES.phase2;
  return {
    moments: [
      {
        i: c.i,
        t: c.t,
        kind: 'chosen',
        text: `${c.value} chosen in ballot ${c.ballot}: ${c.completedBy} completed the quorum of ${c.phase2.length} acceptors (nobody knew yet)`,
      },
    ],
    nodeNotes,
    revealedBy: 'chosen',
    data,
  };
}
