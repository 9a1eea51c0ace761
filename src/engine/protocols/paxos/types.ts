/**
 * Single-decree Paxos (Lamport, "The Part-Time Parliament", 1998; "Paxos Made Simple",
 * 2001): the messages, each node's state and what it keeps on disk. Every node is an
 * acceptor and a learner; some are also proposers (as servers usually play several roles).
 */
import type { Json, NodeId, NodeView } from '../../protocol';
import type { Ballot } from './ballot';
import type { PaxosBrokenVariant } from './variants';

/** A value an acceptor has accepted, with the ballot it accepted it in. */
export interface AcceptedValue {
  readonly ballot: Ballot;
  readonly value: string;
}

export type PaxosMessage =
  /** Phase 1a: "promise not to accept anything below `ballot`, and tell me what you accepted". */
  | { type: 'Prepare'; ballot: Ballot }
  /** Phase 1b: the promise, with the acceptor's highest-ballot accepted value (or null). */
  | { type: 'Promise'; ballot: Ballot; accepted: AcceptedValue | null }
  /** Phase 2a: "accept `value` in `ballot`". */
  | { type: 'Accept'; ballot: Ballot; value: string }
  /** Phase 2b: sent to every learner (and the proposer) once accepted. */
  | { type: 'Accepted'; ballot: Ballot; value: string }
  /** A refusal of `ballot`, carrying the highest ballot the acceptor has promised. */
  | { type: 'Nack'; ballot: Ballot; promised: Ballot }
  /** A learner that knows the chosen value tells whoever asks (or proposes) again. */
  | { type: 'Chosen'; value: string; ballot: Ballot }
  /** Leader mode: "I, a proposer, am alive" (leader.ts), to the nodes after the sender. */
  | { type: 'Heartbeat' };

/** How a proposer waits before a new ballot after a refusal or a timeout. */
export type Backoff = 'fixed' | 'random';

export interface PaxosOptions {
  /** This node also proposes. */
  readonly proposer: boolean;
  /** The value it proposes unless it must adopt another (e.g. "A"). */
  readonly value: string;
  /** When it first proposes, in ms of its local clock; null: only when asked (Propose). */
  readonly proposeAtMs: number | null;
  /** The acceptors, in scenario order (every Paxos node, here). */
  readonly acceptors: readonly NodeId[];
  /** Phase-1 and phase-2 quorum sizes (Howard et al., "Flexible Paxos", 2016): Q1 + Q2 > N for safety. */
  readonly q1: number;
  readonly q2: number;
  /** A ballot that gets no quorum within this many ms is abandoned. */
  readonly timeoutMs: number;
  /** 'fixed': retry after `retryMs` (two proposers can duel for ever); 'random': a random, growing wait. */
  readonly backoff: Backoff;
  readonly retryMs: number;
  readonly broken: PaxosBrokenVariant | null;
  /**
   * A distinguished proposer (Lamport 2001, §2.4; leader.ts): only the lowest-id proposer
   * heard from within `timeoutMs` starts ballots.
   */
  readonly leader: boolean;
}

/** On disk: the acceptor's promise and acceptance, and the highest round this proposer used. */
export interface PaxosPersisted {
  readonly promised: Ballot | null;
  readonly accepted: AcceptedValue | null;
  readonly maxRound: number;
}

export type ProposerPhase = 'idle' | 'preparing' | 'accepting' | 'waiting' | 'done';

export interface PaxosState {
  options: PaxosOptions;
  // Acceptor (Lamport 2001 §2.2): persisted before any reply leaves.
  promised: Ballot | null;
  accepted: AcceptedValue | null;
  // Proposer.
  phase: ProposerPhase;
  ballot: Ballot | null;
  /** The highest round seen in any ballot (own or refused), so the next one is higher. */
  maxRound: number;
  /** Promises for `ballot`, by acceptor. */
  promises: Record<NodeId, AcceptedValue | null>;
  /** Acceptors that accepted `ballot`. */
  accepts: NodeId[];
  /** What this proposer sent in phase 2 (its own value or one it adopted). */
  proposal: string | null;
  /** Ballots this proposer started that did not (yet) choose a value: the duel counter. */
  ballotsStarted: number;
  /** Consecutive refused or timed-out ballots, for the random backoff. */
  attempt: number;
  // Learner.
  /** Acceptors that accepted each ballot (key "round.by") with its value. */
  votes: Record<string, { value: string; by: NodeId[] }>;
  learned: AcceptedValue | null;
  /** Messages to this node itself (its own acceptor and learner), handled before returning. */
  loopback: PaxosMessage[];
  // Leader mode (leader.ts): volatile, from the `leader` option at boot or the node's action.
  leaderMode: boolean;
  /** Local time leader mode began: nodes never heard from count as alive until a timeout after. */
  leaderSince: number;
  /** Local time of the last heartbeat from each node before this one. */
  heardAt: Record<NodeId, number>;
  /** The leader this proposer last deferred to (null while it leads or has not deferred). */
  following: NodeId | null;
}

/** What the lab shows of a Paxos node. */
export interface PaxosView extends NodeView {
  /** Every role it plays, in words: "proposer, acceptor, learner". */
  readonly roles: string;
  readonly promised: string;
  readonly accepted: string;
  readonly learned: string | null;
  readonly phase: ProposerPhase | null;
  readonly ballot: string | null;
  readonly proposal: string | null;
  readonly ballotsStarted: number;
  /** Leader mode is on here (a distinguished proposer is elected). */
  readonly leaderMode: boolean;
  /** The leader this proposer defers to, if any. */
  readonly following: NodeId | null;
}

/** What the checkers read after every handler call (kept small: it crosses every event). */
export interface PaxosObservation {
  readonly accepted: [string, string] | null;
  readonly learned: string | null;
  readonly input: string | null;
  readonly q2: number;
  /**
   * A proposer's phase-1 quorum for its current ballot once it has one: [ballot, the
   * acceptors whose promises it used]; null otherwise (see chosen.ts).
   */
  readonly phase1: [string, string[]] | null;
  readonly [k: string]: Json;
}

/**
 * The chosen value as the Agreement checker saw it (its summary's `data`): the moment a
 * phase-2 quorum accepted it — before anyone learned it — and the two quorums that decided
 * it (Lamport, "Paxos Made Simple", 2001, §2.2: every phase-1 quorum meets every phase-2
 * quorum, so any later proposer hears of this value).
 */
export interface PaxosChosen {
  readonly value: string;
  /** Its ballot, as ballotText writes it ("1.n1"). */
  readonly ballot: string;
  /** Virtual ms when the last acceptor of the phase-2 quorum accepted it. */
  readonly atMs: number;
  /** The acceptor whose acceptance completed the quorum. */
  readonly completedBy: string;
  /** The acceptors whose promises the ballot's proposer used (empty when not seen). */
  readonly phase1: string[];
  /** The first phase-2 quorum of acceptors that accepted it in that ballot. */
  readonly phase2: string[];
  /** Acceptors in both quorums. */
  readonly shared: string[];
  /** The first node to learn it, and when (virtual ms); null until someone does. */
  readonly learnedBy: string | null;
  readonly learnedAtMs: number | null;
  readonly [k: string]: Json;
}
