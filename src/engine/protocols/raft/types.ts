/**
 * Raft's data: messages, state, options. Field names follow Figure 2 of Ongaro & Ousterhout,
 * "In Search of an Understandable Consensus Algorithm" (extended version).
 */
import type { NodeId, NodeView } from '../../protocol';

/**
 * How a server answers a read (thesis §6.4):
 * - 'log': the read is appended and answered when applied — linearizable, and costs a log entry.
 * - 'read-index': the leader notes its commitIndex, confirms with a heartbeat round that a
 *   majority still follows it, then answers from its state machine — linearizable, no entry.
 * - 'local': a node that believes it leads answers from its state machine at once. UNSAFE:
 *   a deposed leader that has not heard of its successor returns stale data.
 * - 'lease': a leader whose lease holds (§6.4.1, lease.ts) answers from its state machine at
 *   once — linearizable only while every clock's rate stays within the drift bound.
 */
export type ReadMode = 'log' | 'local' | 'read-index' | 'lease';

/** A key-value command. `client`/`seq` identify it so a retried command applies once. */
export type Command =
  | {
      readonly op: 'put';
      readonly client: NodeId | null;
      readonly seq: number;
      readonly key: string;
      readonly value: string;
    }
  | {
      readonly op: 'get';
      readonly client: NodeId | null;
      readonly seq: number;
      readonly key: string;
      /** Absent means 'log'. Only 'log' reads ever enter the log. */
      readonly read?: ReadMode;
    }
  | { readonly op: 'noop' }
  /**
   * A configuration entry (thesis §4.1): the voting servers from this entry on. It takes
   * effect as soon as a server appends it, committed or not.
   */
  | { readonly op: 'config'; readonly servers: readonly NodeId[] }
  | {
      /**
       * Add 1 to the whole number a key holds (nil, or a value that is not a whole number,
       * counts as 0) and answer the new value. Not idempotent: applied twice, it adds 2.
       */
      readonly op: 'incr';
      readonly client: NodeId | null;
      readonly seq: number;
      readonly key: string;
    };

export interface LogEntry {
  readonly term: number;
  readonly command: Command;
}

/** What a client is told: the result, or where the leader might be. */
export type ClientResult =
  | { readonly ok: true; readonly value: string | null }
  | { readonly ok: false; readonly error: 'not-leader'; readonly leaderHint: NodeId | null };

export type RaftMessage =
  | {
      readonly type: 'RequestVote';
      readonly term: number;
      readonly candidateId: NodeId;
      readonly lastLogIndex: number;
      readonly lastLogTerm: number;
      /**
       * False for every RequestVote sent now: pre-votes travel as their own `PreVote` kind.
       * A RequestVote with `preVote: true` (the older shape) is still answered as a pre-vote.
       */
      readonly preVote: boolean;
    }
  | {
      readonly type: 'RequestVoteReply';
      readonly term: number;
      readonly voteGranted: boolean;
      readonly preVote: boolean;
    }
  | {
      readonly type: 'AppendEntries';
      readonly term: number;
      readonly leaderId: NodeId;
      readonly prevLogIndex: number;
      readonly prevLogTerm: number;
      readonly entries: readonly LogEntry[];
      readonly leaderCommit: number;
      /**
       * The leader's heartbeat round when it sent this (thesis §6.4): a read-index read waits
       * for a majority to acknowledge a round that began after the read arrived.
       */
      readonly readRound?: number;
    }
  | {
      readonly type: 'AppendEntriesReply';
      readonly term: number;
      readonly success: boolean;
      /** On success: the index of the last entry known to match the leader's log. */
      readonly matchIndex: number;
      /** On failure: where the leader should retry from (a hint that skips a term at a time). */
      readonly conflictIndex: number;
      /** The request's readRound, echoed: success or not, the sender still follows this term. */
      readonly readRound?: number;
      /**
       * On failure, from a server that lost entries to its disk (disk.ts): it no longer holds
       * what it acknowledged, so the leader must stop counting them (and lower matchIndex).
       */
      readonly lostEntries?: true;
    }
  | { readonly type: 'ClientRequest'; readonly command: Command }
  | { readonly type: 'ClientReply'; readonly seq: number; readonly result: ClientResult }
  | {
      /**
       * Pre-vote (thesis §9.6): "would you vote for me in `term`?", asked before a server
       * raises its term. Its own kind, so the learner sees the round on the stage and in the
       * log; it changes nobody's term or vote.
       */
      readonly type: 'PreVote';
      /** The term the pre-candidate would stand in: its currentTerm + 1. */
      readonly term: number;
      readonly candidateId: NodeId;
      readonly lastLogIndex: number;
      readonly lastLogTerm: number;
    }
  | {
      readonly type: 'PreVoteReply';
      /** The responder's currentTerm (a higher one makes the pre-candidate a follower). */
      readonly term: number;
      /** The PreVote's term, echoed: a reply from an older round is not counted. */
      readonly forTerm: number;
      readonly voteGranted: boolean;
    }
  /**
   * An administrator's AddServer / RemoveServer call (thesis Figure 4.1), forwarded by the
   * server it was made at to the leader it knows. `server` null on add: the next spare.
   */
  | {
      readonly type: 'ChangeMembership';
      readonly op: 'add' | 'remove';
      readonly server: NodeId | null;
    }
  /** A server whose last write was lost asks each peer its current term (disk.ts). */
  | { readonly type: 'DiskProbe'; readonly round: number }
  | { readonly type: 'DiskProbeReply'; readonly term: number; readonly round: number };

/**
 * Deliberately broken variants, for teaching: each removes one rule, and the checkers
 * should catch the damage.
 */
export type BrokenVariant =
  /** RequestVote granted without the §5.4.1 "candidate's log is at least as up-to-date" check. */
  | 'vote-without-log-check'
  /** §5.4.2 ignored: an entry of an earlier term is committed once a majority stores it (Figure 8). */
  | 'commit-old-term-by-count'
  /** votedFor kept only in memory: after a restart a node may vote twice in one term. */
  | 'forget-voted-for'
  /** §4.2: a membership change adds or removes two servers at once, without joint consensus. */
  | 'two-at-once'
  /** A server that lost its last write (or log entries) to its disk votes as if it had not (disk.ts). */
  | 'trust-lost-disk';

export const BROKEN_VARIANTS: ReadonlyArray<{
  readonly id: BrokenVariant;
  readonly breaks: string;
}> = [
  {
    id: 'vote-without-log-check',
    breaks: 'Leader Completeness: a leader can be elected without committed entries.',
  },
  {
    id: 'commit-old-term-by-count',
    breaks: 'State Machine Safety: a "committed" entry can be overwritten (Figure 8).',
  },
  { id: 'forget-voted-for', breaks: 'Election Safety: two leaders can be elected in one term.' },
  {
    id: 'two-at-once',
    breaks:
      'Election Safety: the old and new configurations have disjoint majorities, so two leaders can be elected in one term.',
  },
  {
    id: 'trust-lost-disk',
    breaks:
      'Election Safety or Leader Completeness: a server that lost a vote or entries to its disk votes as if it had not.',
  },
];

export interface RaftOptions {
  readonly electionTimeoutMinMs: number;
  readonly electionTimeoutMaxMs: number;
  readonly heartbeatMs: number;
  readonly preVote: boolean;
  readonly broken: BrokenVariant | null;
  /**
   * CheckQuorum (thesis §6.2): a leader that has not heard from a majority of its cluster
   * within the longest election timeout steps down.
   */
  readonly checkQuorum: boolean;
  /**
   * The initial configuration (thesis §4.1, bootstrap): the voting servers at boot. null means
   * every Raft server of the scenario; a server left out is a spare that waits to be added.
   */
  readonly members: NodeId[] | null;
  /**
   * The session table (thesis §6.3): each client's latest request number and answer, so a
   * retried command takes effect at most once. Off, every request that arrives is applied.
   */
  readonly sessions: boolean;
  /** Leader leases (thesis §6.4.1, lease.ts): lease reads, and followers wait out a lease. */
  readonly leaseReads: boolean;
  /**
   * The most any clock's rate may differ from real time, as a fraction (0.1 = ±10%). A lease
   * lasts electionTimeoutMinMs × (1 − bound) / (1 + bound) on the leader's own clock.
   */
  readonly clockDriftBound: number;
}

export type Role = 'follower' | 'pre-candidate' | 'candidate' | 'leader';

/** What survives a crash: Figure 2's "persistent state on all servers". */
export interface RaftPersisted {
  readonly currentTerm: number;
  readonly votedFor: NodeId | null;
  readonly log: readonly LogEntry[];
  /** A checksum per log entry (log.ts entryChecksum), to find entries garbled on disk. */
  readonly sums?: readonly number[];
  /** Set while the server cannot trust what its disk lost (disk.ts); absent when trusted. */
  readonly suspect?: DiskSuspicion;
}

/**
 * Why a server distrusts its disk, and how far it is from trusting it again (disk.ts).
 * While set, it grants no votes and stands for no election.
 */
export interface DiskSuspicion {
  /** 'lost-write': storage reported a torn last write; 'corrupted': log entries failed their checksums. */
  readonly reason: 'lost-write' | 'corrupted';
  /**
   * The highest term the server could have voted in before the loss; it trusts its disk
   * again once caught up with a leader of this term or later. Null while it asks its peers.
   */
  readonly bound: number | null;
  /** The round of DiskProbes in progress: replies to an older round are ignored. */
  readonly round: number;
  /** Each peer's term as it replied to this round. */
  readonly heard: Readonly<Record<NodeId, number>>;
}

export interface RaftState {
  readonly options: RaftOptions;
  currentTerm: number;
  votedFor: NodeId | null;
  /** log[i] holds the entry with index i + 1. */
  log: LogEntry[];
  role: Role;
  commitIndex: number;
  lastApplied: number;
  leaderId: NodeId | null;
  /** Local time this node last heard from a current leader (pre-vote's "leader stickiness"). */
  lastLeaderContact: number;
  votes: NodeId[];
  nextIndex: Record<NodeId, number>;
  matchIndex: Record<NodeId, number>;
  /** The state machine, rebuilt from the log after a restart. */
  kv: Record<string, string>;
  /**
   * Per client: the last applied seq, its result and its log index, so a retried command
   * applies once (thesis §6.3). Kept empty when the session table is switched off.
   */
  sessions: Record<NodeId, { seq: number; value: string | null; index: number }>;
  /** Commands submitted from this node's own "Client request" button. */
  localSeq: number;
  /** Leader only: the current heartbeat round; read-index reads start a new one. */
  readRound: number;
  /** Leader only: per follower, the highest round it acknowledged in this term. */
  ackedRound: Record<NodeId, number>;
  /** Leader only: read-index reads not yet answered. At most one per client (a retry replaces it). */
  pendingReads: PendingRead[];
  /**
   * Leader only, with CheckQuorum: the peers heard from (a reply of this term) since the last
   * quorum check, and the local time of that check.
   */
  heardSinceCheck: NodeId[];
  lastQuorumCheck: number;
  /** The configuration in force (§4.1): the latest config entry's servers, else the bootstrap. */
  config: NodeId[];
  /** Index of the config entry in force; 0 when the bootstrap configuration is in force. */
  configIndex: number;
  /** Leader only: a server catching up as a non-voting learner before it is added (§4.2.1). */
  learner: Learner | null;
  /** This server's id (the view, which sees only the state, shows its membership). */
  readonly self: NodeId;
  /**
   * Per client, its recently applied requests (request number → log index), newest last, at
   * most RECENT_REQUESTS: how a double application is noticed with the session table off.
   */
  recentRequests: Record<NodeId, Array<[seq: number, index: number]>>;
  /** The first request this server applied twice, in words; null while none was. */
  doubleApplied: string | null;
  /** Leader only, lease reads on: the local send time of each recent heartbeat round. */
  roundSentAt: Array<[round: number, localMs: number]>;
  /** Leader only: its lease, held in `term` until `untilMs` on its own clock; null: none. */
  lease: { term: number; untilMs: number } | null;
  /** Set while this server cannot trust its disk (disk.ts); null when it can. */
  diskSuspect: DiskSuspicion | null;
}

/**
 * A server being added, while it catches up (thesis §4.2.1): replication proceeds in rounds;
 * a round ends when the learner holds every entry the leader had when the round began. A round
 * shorter than the minimum election timeout means it is caught up.
 */
export interface Learner {
  readonly id: NodeId;
  /** The round in progress (1-based); the change is abandoned after MAX_CATCH_UP_ROUNDS. */
  round: number;
  /** The leader's last index when this round began. */
  roundEnd: number;
  /** Local time this round began. */
  roundStart: number;
}

/** What a server is to the cluster, as it knows it (thesis §4.2). */
export type Membership = 'voter' | 'learner' | 'not-in-cluster' | 'removed';

/** A read-index read at the leader, between arrival and answer (thesis §6.4). */
export interface PendingRead {
  readonly client: NodeId;
  readonly seq: number;
  readonly key: string;
  /** commitIndex when the read started; null until the leader has committed in its term. */
  readIndex: number | null;
  /** The heartbeat round whose acknowledgement by a majority confirms leadership. */
  round: number | null;
}

export interface RaftView extends NodeView {
  readonly role: Role;
  readonly term: number;
  readonly votedFor: NodeId | null;
  readonly leaderId: NodeId | null;
  readonly commitIndex: number;
  readonly lastApplied: number;
  readonly log: ReadonlyArray<{ index: number; term: number; command: string; committed: boolean }>;
  readonly nextIndex: Readonly<Record<NodeId, number>> | null;
  readonly matchIndex: Readonly<Record<NodeId, number>> | null;
  readonly electionTimeoutMs: readonly [number, number];
  readonly kv: Readonly<Record<string, string>>;
  /** Read-index reads waiting at a leader: acks counts this server too; needed is a majority. */
  readonly pendingReads: ReadonlyArray<{
    client: NodeId;
    key: string;
    readIndex: number | null;
    acks: number;
    needed: number;
  }>;
  /** The configuration in force at this server (§4.1), in id order. */
  readonly config: readonly NodeId[];
  /** Whether that configuration's entry is committed (the bootstrap one always is). */
  readonly configCommitted: boolean;
  readonly membership: Membership;
  /** Leader only: the server catching up before it joins (§4.2.1). */
  readonly learner: NodeId | null;
}

/** What the invariants see after every event: the state, compactly. */
export interface RaftObservation {
  readonly role: Role;
  readonly term: number;
  readonly commitIndex: number;
  readonly lastApplied: number;
  /** One string per entry: term and command, so equal strings mean identical entries. */
  readonly log: readonly string[];
  /** The term of each entry, by index - 1. */
  readonly logTerms: readonly number[];
  /** The first request this server applied twice, in words (absent while none was). */
  readonly doubleApplied?: string;
  [key: string]: unknown;
}
