/**
 * Multi-Paxos (van Renesse & Altinbuken, "Paxos Made Moderately Complex", 2015; Lamport,
 * "Paxos Made Simple", 2001, §3): the messages, each server's state and what it keeps on
 * disk. Every server is an acceptor for every slot of the log and a replica that applies the
 * decided slots, in order, to a key-value store; one of them at a time leads (the
 * distinguished proposer). Clients speak the Raft client's words (ClientRequest and
 * ClientReply), so the same client, console and history work for both.
 */
import type { Json, NodeId, NodeView } from '../../../protocol';
import type { ClientResult, Command } from '../../raft/types';
import type { Ballot } from '../ballot';
import type { MultiPaxosBrokenVariant } from './variants';

/** What a slot holds: a client's command, or a no-op that fills a hole. */
export type SlotCommand = Extract<Command, { op: 'put' | 'get' | 'incr' | 'noop' }>;

/** A slot's acceptance: the command accepted there, and in which ballot. */
export interface SlotAcceptance {
  readonly ballot: Ballot;
  readonly command: SlotCommand;
}

/** One accepted slot as a Promise carries it. */
export interface PromisedSlot extends SlotAcceptance {
  readonly slot: number;
}

/** A decided slot, as Decide carries it. */
export interface Decision {
  readonly slot: number;
  readonly command: SlotCommand;
}

export type MultiPaxosMessage =
  /** Phase 1a for every slot from `fromSlot` on, at once (one promise covers the whole log). */
  | { readonly type: 'Prepare'; readonly ballot: Ballot; readonly fromSlot: number }
  /** Phase 1b: the promise, with every slot at or above `fromSlot` the acceptor accepted. */
  | {
      readonly type: 'Promise';
      readonly ballot: Ballot;
      readonly fromSlot: number;
      readonly accepted: readonly PromisedSlot[];
    }
  /** Phase 2a for one slot (no phase 1 while the leader is stable). */
  | {
      readonly type: 'Accept';
      readonly ballot: Ballot;
      readonly slot: number;
      readonly command: SlotCommand;
    }
  /** Phase 2b, to the leader that asked. */
  | { readonly type: 'Accepted'; readonly ballot: Ballot; readonly slot: number }
  /** A refusal of `ballot`, carrying the highest ballot the acceptor has promised. */
  | { readonly type: 'Nack'; readonly ballot: Ballot; readonly promised: Ballot }
  /** Slots the leader knows are chosen (a quorum accepted them in its ballot). */
  | { readonly type: 'Decide'; readonly decisions: readonly Decision[] }
  /** The leader is alive; `decidedUpTo`: every slot up to it is decided at the leader. */
  | { readonly type: 'Heartbeat'; readonly ballot: Ballot; readonly decidedUpTo: number }
  /** "Send me the decided slots from `fromSlot` on" (a replica that missed some). */
  | { readonly type: 'CatchUp'; readonly fromSlot: number }
  | { readonly type: 'ClientRequest'; readonly command: Command }
  | { readonly type: 'ClientReply'; readonly seq: number; readonly result: ClientResult };

export interface MultiPaxosOptions {
  /** Every server, in scenario order (each is an acceptor). */
  readonly servers: readonly NodeId[];
  /** A follower that hears no leader for a random time in [min, max) ms runs phase 1. */
  readonly electionTimeoutMinMs: number;
  readonly electionTimeoutMaxMs: number;
  /** The leader's heartbeat (and retransmission) period, ms. */
  readonly heartbeatMs: number;
  readonly broken: MultiPaxosBrokenVariant | null;
}

/** On disk: the promise, every slot's acceptance, the decided slots and the highest round used. */
export interface MultiPaxosPersisted {
  readonly promised: Ballot | null;
  readonly accepted: Readonly<Record<number, SlotAcceptance>>;
  readonly decided: Readonly<Record<number, SlotCommand>>;
  readonly maxRound: number;
}

/** 'leader': phase 1 done, proposing; 'candidate': running phase 1; 'follower': neither. */
export type MultiPaxosRole = 'leader' | 'candidate' | 'follower';

/** A command the leader has sent in phase 2 and not yet seen chosen. */
export interface Proposal {
  readonly command: SlotCommand;
  /** Acceptors that accepted it in the leader's ballot. */
  readonly accepts: NodeId[];
  /** When its Accepts last went out (local ms): a heartbeat resends only older ones. */
  sentAt: number;
}

/** A replica's answer cache per client: its latest applied request and the answer. */
export interface Session {
  readonly seq: number;
  readonly value: string | null;
}

export interface MultiPaxosState {
  options: MultiPaxosOptions;
  // Acceptor (one promise for all slots; persisted before any reply leaves).
  promised: Ballot | null;
  accepted: Record<number, SlotAcceptance>;
  // Replica / learner.
  decided: Record<number, SlotCommand>;
  /** Every slot up to `applied` has been applied to `kv`, in order. */
  applied: number;
  kv: Record<string, string>;
  sessions: Record<NodeId, Session>;
  // Proposer.
  role: MultiPaxosRole;
  /** The ballot this node leads (or is preparing); null when it is a follower. */
  ballot: Ballot | null;
  maxRound: number;
  /** Phase 1: promises for `ballot`, by acceptor; and the first slot asked about. */
  promises: Record<NodeId, readonly PromisedSlot[]>;
  prepareFrom: number;
  /** Phase 2: the leader's undecided proposals, by slot. */
  proposals: Record<number, Proposal>;
  /** The next slot the leader gives a new command. */
  nextSlot: number;
  /** The leader this node last heard from (itself when it leads). */
  leader: NodeId | null;
  /** Commands decided since the last handler began, for observe(); see invariants.ts. */
  fresh: FreshFacts;
  loopback: { from: NodeId; m: MultiPaxosMessage }[];
}

/** What changed in one handler call that the checkers need (cleared at each call's start). */
export interface FreshFacts {
  /** [slot, ballot text, command id] accepted by this acceptor. */
  accepted: [number, string, string][];
  /** [slot, command id] this replica learned is decided. */
  learned: [number, string][];
}

/** One slot as the slot log shows it. */
export interface SlotView {
  readonly slot: number;
  /** The ballot it was accepted in ("2.n1"), or null when this node never accepted it. */
  readonly ballot: string | null;
  /** "put x=1", "no-op", or "" when this node holds nothing for it. */
  readonly value: string;
  readonly chosen: boolean;
}

/** What the lab shows of a Multi-Paxos server. */
export interface MultiPaxosView extends NodeView {
  readonly role: 'leader' | 'candidate' | 'acceptor';
  /** Every role it plays, in words: "leader, acceptor, replica". */
  readonly roles: string;
  readonly promised: string;
  readonly ballot: string | null;
  readonly leader: NodeId | null;
  readonly applied: number;
  /** The last slots this node knows of (at most SLOTS_SHOWN), oldest first. */
  readonly slots: readonly SlotView[];
  readonly kv: Readonly<Record<string, string>>;
}

/** What the checkers read after every handler call. */
export interface MultiPaxosObservation {
  /** Tags the observation (clients publish other shapes). */
  readonly mp: 1;
  readonly quorum: number;
  readonly accepted: [number, string, string][];
  readonly learned: [number, string][];
  readonly [k: string]: Json;
}
