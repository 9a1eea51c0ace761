/**
 * Paxos's safety properties (Lamport, "Paxos Made Simple", 2001, §2.1): only a value that
 * has been proposed may be chosen (Validity), only a single value is chosen (Agreement), and
 * a process never learns that a value has been chosen unless it actually has been (Learned
 * only if chosen). "Chosen" is read off the acceptors themselves: a value is chosen once a
 * phase-2 quorum of acceptors has accepted it in the same ballot — whether or not anyone
 * has learned it yet.
 */
import type { Invariant, Observation, Violation } from '../../check/invariant';
import { chosenSummary, initChosen, watchChosen, type ChosenMemory } from './chosen';
import type { PaxosObservation } from './types';

/** Acceptors that accepted each (ballot, value), as "ballot|value" → acceptor ids. */
type Acceptances = Record<string, string[]>;

const seen = (o: Observation) => o.data as PaxosObservation | null;

/** Record `o`'s acceptance; returns the (ballot, value) it completed a quorum for, if any. */
function tally(acc: Acceptances, o: Observation): { ballot: string; value: string } | null {
  const d = seen(o);
  if (!d?.accepted) return null;
  const [ballot, value] = d.accepted;
  const by = (acc[`${ballot}|${value}`] ??= []);
  if (by.includes(o.node)) return null;
  by.push(o.node);
  return by.length >= d.q2 ? { ballot, value } : null;
}

const chosenValues = (acc: Acceptances, q2: number) =>
  new Set(
    Object.entries(acc)
      .filter(([, by]) => by.length >= q2)
      .map(([k]) => k.slice(k.indexOf('|') + 1)),
  );

/** `invariant` is the invariant's id: the Invariants panel finds a violation by it. */
const violation = (invariant: string, message: string, o: Observation): Violation => ({
  invariant,
  message,
  time: o.time,
  events: [o.cause],
});

interface AgreementMemory {
  acc: Acceptances;
  chosen: { ballot: string; value: string } | null;
  reported: boolean;
  /** When the first value was chosen and by which quorums, for the views (chosen.ts). */
  watch: ChosenMemory;
}

/** Agreement: at most one value is ever chosen (a quorum accepted two values: violated). */
export const agreement: Invariant<AgreementMemory> = {
  id: 'paxos-agreement',
  title: 'Agreement',
  description: 'At most one value is chosen: no two phase-2 quorums accept different values.',
  init: () => ({ acc: {}, chosen: null, reported: false, watch: initChosen() }),
  summary: (m) => chosenSummary(m.watch),
  check(m, o) {
    const done = tally(m.acc, o);
    watchChosen(
      m.watch,
      o,
      m.chosen ? null : done,
      done ? (m.acc[`${done.ballot}|${done.value}`] ?? []) : [],
    );
    if (!done) return null;
    if (!m.chosen) {
      m.chosen = done;
      return null;
    }
    if (done.value === m.chosen.value || m.reported) return null;
    m.reported = true;
    return violation(
      agreement.id,
      `two values chosen: ${m.chosen.value} in ballot ${m.chosen.ballot}, then ${done.value} in ballot ${done.ballot} (${o.node} completed its quorum)`,
      o,
    );
  },
};

interface ValidityMemory {
  proposed: string[];
}

/** Validity: a learned value is one some proposer proposed. */
export const validity: Invariant<ValidityMemory> = {
  id: 'paxos-validity',
  title: 'Validity',
  description: 'Only a value some proposer proposed can be chosen and learned.',
  init: () => ({ proposed: [] }),
  check(m, o) {
    const d = seen(o);
    if (d?.input && !m.proposed.includes(d.input)) m.proposed.push(d.input);
    if (!d?.learned || m.proposed.includes(d.learned)) return null;
    return violation(validity.id, `${o.node} learned ${d.learned}, which nobody proposed`, o);
  },
};

interface LearnedMemory {
  acc: Acceptances;
  q2: number;
  reported: string[];
}

/** Learned only if chosen: nobody learns a value before a quorum has accepted it. */
export const learnedOnlyIfChosen: Invariant<LearnedMemory> = {
  id: 'paxos-learned-only-if-chosen',
  title: 'Learned only if chosen',
  description: 'A node learns a value only once a phase-2 quorum of acceptors has accepted it.',
  init: () => ({ acc: {}, q2: 0, reported: [] }),
  check(m, o) {
    tally(m.acc, o);
    const d = seen(o);
    if (!d?.learned) return null;
    m.q2 = d.q2;
    if (chosenValues(m.acc, m.q2).has(d.learned) || m.reported.includes(o.node)) return null;
    m.reported.push(o.node);
    return violation(
      learnedOnlyIfChosen.id,
      `${o.node} learned ${d.learned}, but no quorum of ${d.q2} acceptors has accepted it`,
      o,
    );
  },
};
