/**
 * How the stage draws Paxos messages: in the colour of the proposer that owns the ballot
 * they carry, not their sender's — a Promise from n3 to n1 for ballot 2.n1 is n1's — and
 * labelled with that ballot, so the colour is never the only clue. Multi-Paxos messages that
 * carry a `ballot` of the same shape are drawn the same way.
 */
import type { MessageLooks } from '../../package';
import { ballotText, type Ballot } from './ballot';

const isBallot = (b: unknown): b is Ballot =>
  typeof b === 'object' &&
  b !== null &&
  typeof (b as { round?: unknown }).round === 'number' &&
  typeof (b as { by?: unknown }).by === 'string';

/** "Prepare 2.n2", "Nack 1.n1 (promised 2.n2)", "Chosen A 1.n1"; null when it carries no ballot. */
export function paxosMessageLook(payload: unknown): { owner: string; label: string } | null {
  if (typeof payload !== 'object' || payload === null) return null;
  const m = payload as { type?: unknown; ballot?: unknown; promised?: unknown; value?: unknown };
  if (typeof m.type !== 'string' || !isBallot(m.ballot)) return null;
  const ballot = ballotText(m.ballot);
  const label =
    m.type === 'Nack' && isBallot(m.promised)
      ? `Nack ${ballot} (promised ${ballotText(m.promised)})`
      : m.type === 'Chosen' && typeof m.value === 'string'
        ? `Chosen ${m.value} ${ballot}`
        : `${m.type} ${ballot}`;
  return { owner: m.ballot.by, label };
}

/** The package's message looks: every ballot in its owner's colour, under "Ballot colours". */
export const paxosMessageLooks: MessageLooks = {
  title: 'Ballot colours',
  look: (_protocolId, payload) => paxosMessageLook(payload),
};
