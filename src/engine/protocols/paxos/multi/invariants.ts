/**
 * Multi-Paxos's safety properties, per slot of the log (Lamport, "Paxos Made Simple", 2001,
 * §2.1 and §3; van Renesse & Altinbuken, "Paxos Made Moderately Complex", 2015, §2): at most
 * one command is chosen in each slot (Agreement); a chosen command is one a client asked for,
 * or a no-op a leader filled a hole with (Validity); and a replica learns a slot's command
 * only once it has been chosen (Learned only if chosen). "Chosen" is read off the acceptors:
 * a majority accepted the command in that slot in one ballot, whether or not anyone knows it.
 *
 * Servers publish only what changed in each handler call (`MultiPaxosObservation`: the
 * acceptances and learnings of that call), so each checker keeps its own tally.
 */
import type { Invariant, Observation, Violation } from '../../../check/invariant';
import { asClientHistory } from '../../../check/stale-read';
import type { MultiPaxosObservation } from './types';

const serverData = (o: Observation): MultiPaxosObservation | null => {
  const d = o.data as Partial<MultiPaxosObservation> | null;
  return d && typeof d === 'object' && d.mp === 1 ? (d as MultiPaxosObservation) : null;
};

/** Acceptors per "slot|ballot|command", and the command chosen in each slot (first quorum). */
interface Tally {
  acc: Record<string, string[]>;
  chosen: Record<number, { ballot: string; command: string }>;
}

/** Count `o`'s acceptances into `t`; returns the (slot, ballot, command) quorums it completed. */
function count(t: Tally, o: Observation, d: MultiPaxosObservation) {
  const completed: { slot: number; ballot: string; command: string }[] = [];
  for (const [slot, ballot, command] of d.accepted) {
    const by = (t.acc[`${slot}|${ballot}|${command}`] ??= []);
    if (by.includes(o.node)) continue;
    by.push(o.node);
    if (by.length === d.quorum) completed.push({ slot, ballot, command });
  }
  return completed;
}

const violation = (invariant: string, message: string, o: Observation): Violation => ({
  invariant,
  message,
  time: o.time,
  events: [o.cause],
});

interface AgreementMemory extends Tally {
  reported: boolean;
}

/** Agreement: in every slot at most one command is chosen. */
export const slotAgreement: Invariant<AgreementMemory> = {
  id: 'multi-paxos-agreement',
  title: 'Agreement',
  description:
    'In every slot of the log at most one command is chosen: no two majorities accept different commands there.',
  init: () => ({ acc: {}, chosen: {}, reported: false }),
  check(m, o) {
    const d = serverData(o);
    if (!d) return null;
    for (const done of count(m, o, d)) {
      const first = m.chosen[done.slot];
      if (!first) {
        m.chosen[done.slot] = { ballot: done.ballot, command: done.command };
        continue;
      }
      if (first.command === done.command || m.reported) continue;
      m.reported = true;
      return violation(
        slotAgreement.id,
        `two commands chosen in slot ${done.slot}: ${first.command} in ballot ${first.ballot}, then ${done.command} in ballot ${done.ballot} (${o.node} completed the majority)`,
        o,
      );
    }
    return null;
  },
};

interface ValidityMemory {
  /** Client operation ids ("c1:3") seen pending at a client. */
  proposed: Record<string, true>;
  reported: boolean;
}

/** Validity: a learned command was sent by a client, or is a leader's no-op. */
export const slotValidity: Invariant<ValidityMemory> = {
  id: 'multi-paxos-validity',
  title: 'Validity',
  description: 'A command is chosen only if a client sent it, or it is a no-op filling a hole.',
  init: () => ({ proposed: {}, reported: false }),
  check(m, o) {
    const pending = asClientHistory(o.data)?.pending;
    if (pending) m.proposed[pending.id] = true;
    const d = serverData(o);
    if (!d || m.reported) return null;
    for (const [slot, command] of d.learned) {
      if (command === 'no-op' || m.proposed[command]) continue;
      m.reported = true;
      return violation(
        slotValidity.id,
        `${o.node} learned ${command} in slot ${slot}, which no client sent`,
        o,
      );
    }
    return null;
  },
};

interface LearnedMemory extends Tally {
  /** "slot|command" for every command a majority accepted in some ballot. */
  accepted: Record<string, true>;
  reported: boolean;
}

/** Learned only if chosen: a replica learns a slot's command only once a majority accepted it. */
export const slotLearnedOnlyIfChosen: Invariant<LearnedMemory> = {
  id: 'multi-paxos-learned-only-if-chosen',
  title: 'Learned only if chosen',
  description:
    'A replica learns that a slot holds a command only once a majority of acceptors accepted that command there in one ballot.',
  init: () => ({ acc: {}, chosen: {}, accepted: {}, reported: false }),
  check(m, o) {
    const d = serverData(o);
    if (!d) return null;
    for (const done of count(m, o, d)) m.accepted[`${done.slot}|${done.command}`] = true;
    if (m.reported) return null;
    for (const [slot, command] of d.learned) {
      if (m.accepted[`${slot}|${command}`]) continue;
      m.reported = true;
      return violation(
        slotLearnedOnlyIfChosen.id,
        `${o.node} learned ${command} in slot ${slot}, but no majority has accepted it there`,
        o,
      );
    }
    return null;
  },
};
