/**
 * What the generals card says, as plain functions over the family's summary
 * (`TwoGeneralsSummary`): each general's knowledge ladder in words ("A knows that B knows the
 * plan"), what it cannot know (whether its own last messenger got through), its decision, and
 * the outcome. Pure, so the sentences are tested without a browser.
 */
import type { InvariantStatus } from '../../../engine/check/monitor';
import { generalsAgree } from '../../../engine/protocols/two-generals/invariants';
import type {
  GeneralRow,
  TwoGeneralsSummary,
} from '../../../engine/protocols/two-generals/summary';

/** The family summary from the frame's checker statuses, or null when there is none. */
export function generalsSummaryOf(
  checks: readonly InvariantStatus[] | undefined,
): TwoGeneralsSummary | null {
  const data = checks?.find((c) => c.id === generalsAgree.id)?.summary?.data;
  return data ? (data as unknown as TwoGeneralsSummary) : null;
}

/**
 * The statement a general holds after receiving round r from `sender`: r levels of "knows",
 * alternating from the receiver — r = 1 "B knows the plan", r = 2 "A knows that B knows the
 * plan", r = 3 "B knows that A knows that B knows the plan".
 */
export function knowledgeSentence(receiver: string, sender: string, round: number): string {
  const names = Array.from({ length: round }, (_, i) => (i % 2 === 0 ? receiver : sender));
  return `${names.map((n) => `${n} knows`).join(' that ')} the plan`;
}

/** The rounds a general received, as statements, lowest first (its own plan first for A). */
export function ladderOf(general: GeneralRow, other: string, initiator: boolean): string[] {
  const lines = initiator ? [`${general.node} made the plan`] : [];
  for (let r = 1; r <= general.knowledgeDepth; r++)
    if ((r % 2 === 1) !== initiator) lines.push(knowledgeSentence(general.node, other, r));
  return lines;
}

/**
 * What the general cannot know, or null: whether the last round it sent got through — and so
 * whether the other will attack. Said only once it has sent something nobody answered.
 */
export function doubtOf(
  general: GeneralRow,
  other: string,
  sentRound: number | null,
): string | null {
  if (sentRound === null || general.lastSentConfirmed) return null;
  return `${general.node} cannot tell whether its messenger with round ${sentRound} got through, so it cannot know what ${other} will do.`;
}

/** The decision in words. */
export function decisionWords(general: GeneralRow, dawnMs: number): string {
  if (general.decision === 'attack') return 'attacks at dawn';
  if (general.decision === 'hold') return 'holds at dawn';
  return `undecided: decides at dawn (${(dawnMs / 1000).toFixed(1)} s on its clock)`;
}

/** The outcome in one sentence, once both have decided (null before). */
export function outcomeSentence(s: TwoGeneralsSummary): string | null {
  if (s.generals.some((g) => g.decision === 'undecided')) return null;
  if (s.uncoordinated) {
    const alone = s.generals.find((g) => g.decision === 'attack')?.node ?? '?';
    return `${alone} attacked alone: the attack failed.`;
  }
  return s.generals.every((g) => g.decision === 'attack')
    ? 'Both attacked together.'
    : 'Both held: no attack, but no disaster either.';
}

/** The payment story: how many times the bank charged (each copy of the payment that reached it). */
export const chargesOf = (s: TwoGeneralsSummary): number => s.chain[0]?.copiesArrived ?? 0;

/**
 * The payment story in sentences: what each side did and knows, then the outcome — final once
 * both have passed "dawn" (the payer stops waiting), "so far" before.
 */
export function paymentLines(s: TwoGeneralsSummary): {
  payer: string;
  bank: string;
  outcome: string;
} {
  const [a, b] = s.generals;
  const sent = s.chain[0]?.copiesSent ?? 0;
  const charges = chargesOf(s);
  const receipt = (a?.knowledgeDepth ?? 0) >= 2;
  // The payer stops waiting at "dawn" (the scenario's deadline); until then more may arrive.
  const settled = s.generals.every((g) => g.decision !== 'undecided');
  const times = (n: number) => (n === 1 ? 'once' : n === 2 ? 'twice' : `${n} times`);
  return {
    payer: `${a?.node ?? 'A'} sent the payment ${times(sent)}${
      receipt
        ? ' and has a receipt.'
        : ' and has no receipt: it cannot tell whether the bank charged it.'
    }`,
    bank: `${b?.node ?? 'B'}, the bank, charged the account ${charges === 0 ? 'never' : times(charges)}.`,
    outcome: !settled
      ? charges === 0
        ? 'Nothing charged yet: the payment may still be on its way.'
        : `Charged ${times(charges)} so far${charges > 1 ? ': a duplicate.' : '.'}`
      : charges === 0
        ? 'The payment was lost: nothing was charged.'
        : charges === 1
          ? 'Charged once, as meant.'
          : `Charged ${times(charges)} for one payment: a duplicate.`,
  };
}
