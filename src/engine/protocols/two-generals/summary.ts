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

/** One messenger: who sent it, in which round, and whether it was captured. */
export interface MessengerRow {
  readonly msg: string;
  readonly from: NodeId;
  readonly round: number;
  readonly sentAt: number;
  readonly fate: 'in-flight' | 'arrived' | 'captured';
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
  readonly lossRate: number;
  readonly generals: readonly GeneralRow[];
  readonly messengers: readonly MessengerRow[];
  /** Whether the run ended with the generals' decisions different (the checker's red). */
  readonly uncoordinated: boolean;
}
