/**
 * How the stage draws a messenger: labelled with the round it carries and which copy it is
 * ("round 2 (copy 3)"), in the colour of the general who sent it, so a learner can pick the
 * last messenger of the chain to capture.
 */
import type { MessageLook, MessageLooks } from '../../package';
import { GENERAL_A, GENERAL_B } from './scenarios';

/** What the round means, in a few words: the plan, or an acknowledgement of the round before. */
export const roundMeaning = (round: number): string =>
  round === 1 ? 'the plan' : `ack of round ${round - 1}`;

export function messengerLook(payload: unknown): MessageLook | null {
  const m = payload as { type?: unknown; round?: unknown; copy?: unknown } | null;
  if (m?.type !== 'Messenger' || typeof m.round !== 'number' || typeof m.copy !== 'number')
    return null;
  const copy = m.copy > 1 ? ` (copy ${m.copy})` : '';
  return {
    // Odd rounds are A's (the initiator's), even rounds B's (general.ts).
    owner: m.round % 2 === 1 ? GENERAL_A : GENERAL_B,
    label: `round ${m.round}${copy}`,
    detail: `round ${m.round}, ${roundMeaning(m.round)}${copy}`,
  };
}

export const generalsMessageLooks: MessageLooks = {
  title: 'Messenger colours (by sender)',
  look: (_protocolId, payload) => messengerLook(payload),
};
