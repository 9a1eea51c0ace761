/**
 * How the stage draws Paxos messages: in the colour of the proposer that owns the ballot
 * they carry, not their sender's — a Promise from n3 to n1 for ballot 2.n1 is n1's — and
 * labelled with that ballot, so the colour is never the only clue. Multi-Paxos messages that
 * carry a `ballot` of the same shape are drawn the same way.
 */
import type { MessageLook, MessageLooks } from '../../package';
import { ballotText, type Ballot } from './ballot';

const isBallot = (b: unknown): b is Ballot =>
  typeof b === 'object' &&
  b !== null &&
  typeof (b as { round?: unknown }).round === 'number' &&
  typeof (b as { by?: unknown }).by === 'string';

/**
 * Its owner (the ballot's proposer), its label ("Prepare 2.n2", "Nack 1.n1 (promised 2.n2)",
 * "Accept 1.n1: A") and the words said after its name ("ballot 1.n1, n1's"); null when it
 * carries no ballot.
 */
export function paxosMessageLook(payload: unknown): MessageLook | null {
  if (typeof payload !== 'object' || payload === null) return null;
  const m = payload as { type?: unknown; ballot?: unknown; promised?: unknown; value?: unknown };
  if (typeof m.type !== 'string' || !isBallot(m.ballot)) return null;
  const ballot = ballotText(m.ballot);
  const owner = m.ballot.by;
  const value = typeof m.value === 'string' ? `: ${m.value}` : '';
  const refusal = m.type === 'Nack' && isBallot(m.promised) ? ballotText(m.promised) : null;
  return {
    owner,
    label: refusal ? `Nack ${ballot} (promised ${refusal})` : `${m.type} ${ballot}${value}`,
    detail: `ballot ${ballot} (${owner}’s)${value ? `, value ${m.value as string}` : ''}${refusal ? `, refused: promised ${refusal}` : ''}`,
  };
}

/** The package's message looks: every ballot in its owner's colour, under "Ballot colours". */
export const paxosMessageLooks: MessageLooks = {
  title: 'Ballot colours',
  look: (_protocolId, payload) => paxosMessageLook(payload),
};
