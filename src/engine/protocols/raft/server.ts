/**
 * A Raft server's state on boot and recovery, and the rules every server follows (Figure 2
 * of the extended paper, "Rules for Servers: All Servers"): persist before replying, and
 * step down on seeing a higher term.
 */
import type { Fact, NodeContext } from '../../protocol';
import { checkLog, entryChecksum, majorityOf } from './log';
import { mayStandForElection, refreshConfig } from './membership';
import { rejectPendingReads } from './reads';
import { waitOutLeases } from './lease';
import type { RaftMessage, RaftOptions, RaftPersisted, RaftState } from './types';

export type Ctx = NodeContext<RaftMessage, RaftPersisted>;
export type Msg<T extends RaftMessage['type']> = Extract<RaftMessage, { type: T }>;

export const majority = (ctx: Ctx) => majorityOf(ctx.peers.length + 1);

/** Write Figure 2's persistent state; durable before this handler's messages leave. */
export function save(s: RaftState, ctx: Ctx): void {
  const votedFor = s.options.broken === 'forget-voted-for' ? null : s.votedFor;
  ctx.persist({
    currentTerm: s.currentTerm,
    votedFor,
    log: s.log,
    // Per-entry checksums and a standing distrust of the disk (disk.ts).
    sums: s.log.map(entryChecksum),
    ...(s.diskSuspect ? { suspect: s.diskSuspect } : {}),
  });
}

export function armElectionTimer(s: RaftState, ctx: Ctx): void {
  const { electionTimeoutMinMs: min, electionTimeoutMaxMs: max } = s.options;
  ctx.setTimer('election', min + ctx.random() * (max - min));
}

export function boot(ctx: Ctx, options: RaftOptions, disk: RaftPersisted | null): RaftState {
  const s: RaftState = {
    options,
    currentTerm: disk?.currentTerm ?? 0,
    votedFor: disk?.votedFor ?? null,
    // Entries that fail their checksums are not ours (disk.ts): the prefix before them is.
    log: disk ? checkLog(disk).log : [],
    role: 'follower',
    commitIndex: 0,
    lastApplied: 0,
    leaderId: null,
    lastLeaderContact: -Infinity,
    votes: [],
    nextIndex: {},
    matchIndex: {},
    kv: {},
    sessions: {},
    localSeq: 0,
    readRound: 0,
    ackedRound: {},
    pendingReads: [],
    heardSinceCheck: [],
    lastQuorumCheck: -Infinity,
    config: [],
    configIndex: 0,
    learner: null,
    self: ctx.id,
    recentRequests: {},
    doubleApplied: null,
    roundSentAt: [],
    lease: null,
    diskSuspect: disk?.suspect ?? null,
  };
  refreshConfig(s, ctx); // §4.1: the configuration is in the log (or the bootstrap one)
  if (!disk) save(s, ctx);
  else {
    ctx.log(`recovered term ${s.currentTerm}, ${s.log.length} log entries from disk`);
    waitOutLeases(s, ctx);
  }
  // A spare, or a server that knows it was removed, waits to be (re-)added (§4.2).
  if (mayStandForElection(s, ctx)) armElectionTimer(s, ctx);
  return s;
}

/** Figure 2, all servers: a higher term in any RPC makes us a follower in that term. */
export function observeTerm(s: RaftState, term: number, ctx: Ctx): void {
  if (term <= s.currentTerm) return;
  const from = s.currentTerm;
  const was = s.role;
  s.currentTerm = term;
  s.votedFor = null;
  s.role = 'follower';
  s.leaderId = null;
  save(s, ctx);
  const steppedDown: Fact = { kind: 'stepped-down', term, from, role: was };
  if (was === 'leader') {
    ctx.log(`stepped down: saw term ${term}`, 'leader', steppedDown);
    ctx.cancelTimer('heartbeat');
    armElectionTimer(s, ctx);
    rejectPendingReads(s, ctx);
  } else if (was === 'candidate' || was === 'pre-candidate') {
    ctx.log(`stepped down as ${was}: saw term ${term}`, null, steppedDown);
  } else {
    ctx.log(`moved from term ${from} to term ${term}`, null, { kind: 'term-adopted', from, term });
  }
}
