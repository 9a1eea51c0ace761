/**
 * What the two-generals family publishes for its views: each general's decision and knowledge
 * ladder (how many levels of "A knows that B knows that …" it holds), the messengers sent and
 * captured, and, over many seeds, the probability of a coordinated attack against the number
 * of messengers. The observer checker returns it as `CheckerSummary.data`;
 * `src/views/panels/two-generals/` reads only this shape. Add fields at the end.
 *
 * Sources: Gray, "Notes on Data Base Operating Systems", 1978 (the generals paradox); Akkoyunlu,
 * Ekanadham & Huber, 1975; Halpern & Moses, "Knowledge and Common Knowledge in a Distributed
 * Environment", JACM 1990 (no finite exchange yields common knowledge over an unreliable link).
 */
import type { NodeId } from '../../protocol';

/** One general's state at the end (or now). */
export interface GeneralRow {
  readonly node: NodeId;
  /** What it will do at dawn: attack, hold, or undecided before dawn. */
  readonly decision: 'attack' | 'hold' | 'undecided';
  /** Confirmations received (messages from the other general that got through). */
  readonly confirmations: number;
  /**
   * Depth of knowledge: 0 knows the plan only if it made it; 1 "I know B knows"; 2 "I know B
   * knows I know"; … Never "common knowledge" over a lossy link.
   */
  readonly knowledgeDepth: number;
  /** Whether its own last message got through, as far as it can tell: it never can for the last. */
  readonly lastSentConfirmed: boolean;
}

/**
 * One message of the chain (a round), with its copies: how many the sender sent and how many
 * got through. The generals cannot tell a captured messenger from a slow one; the stage shows
 * the capture itself (the message's drop).
 */
export interface RoundRow {
  readonly round: number;
  readonly from: NodeId;
  readonly copiesSent: number;
  readonly copiesArrived: number;
  /** Virtual time the first copy arrived, ms; null while none has. */
  readonly firstArrivedAt: number | null;
}

/** P(coordinated attack) against messengers sent per round, over many seeds at one loss rate. */
export interface AttackSweepPoint {
  readonly messengers: number;
  readonly seeds: number;
  /** Both attack, or both hold: coordinated. One attacks alone: a disaster. */
  readonly coordinated: number;
  readonly attackedAlone: number;
}

/** The whole summary (`CheckerSummary.data` of the two-generals observer). */
export interface TwoGeneralsSummary {
  /** Rounds of acknowledgement in the protocol variant (1: plan only; 2: plus ack; …). */
  readonly rounds: number;
  readonly generals: readonly GeneralRow[];
  /** Messengers per message, as set. */
  readonly messengers: number;
  readonly chain: readonly RoundRow[];
  /** Both decided and did different things: one attacked alone (the checker's red). */
  readonly uncoordinated: boolean;
  /** Local time of dawn, ms: when each general decides. */
  readonly dawnMs: number;
  /** How messages are resent (general.ts `Resend`), and how the views tell the run. */
  readonly resend: 'fixed' | 'until-ack';
  readonly story: 'generals' | 'payment';
}
