/**
 * CheckQuorum (thesis §6.2): "a leader steps down if an election timeout elapses without a
 * successful round of heartbeats to a majority of its cluster". Without it, a leader that can
 * send but not hear (a one-way cut) keeps its followers' timers reset for ever: nobody else
 * is elected and no write commits. etcd's raft calls the same rule `CheckQuorum`.
 *
 * Like etcd (`MsgCheckQuorum`, `RecentActive`), the leader notes which peers answered since
 * the last check and, once per window, steps down unless they and it make a majority. The
 * window is the longest election timeout: by then a follower that lost this leader would
 * have timed out too, so the step-down never comes before a healthy cluster would move on.
 *
 * etcd pairs CheckQuorum with a second rule, "a follower with a live leader ignores
 * RequestVote" (its leader lease); here that is the thesis §4.2.3 rule for RequestVote, and
 * pre-vote's own refusal (pre-vote.ts), so CheckQuorum adds only the leader's side.
 */
import type { NodeId } from '../../protocol';
import { rejectPendingReads } from './reads';
import type { RaftMessage, RaftState } from './types';
import { armElectionTimer, type Ctx } from './server';
import { hasQuorum } from './membership';

/** The window, in ms, over which a leader must hear from a majority. */
export const quorumWindowMs = (s: RaftState): number => s.options.electionTimeoutMaxMs;

/** A new leader starts its first window now, having heard from nobody yet but itself. */
export function startQuorumWatch(s: RaftState, ctx: Ctx): void {
  s.heardSinceCheck = [];
  s.lastQuorumCheck = ctx.now();
}

/**
 * Note a peer as heard from: any AppendEntriesReply of the leader's term, success or not,
 * says the peer received a heartbeat of this leader and could answer it.
 */
export function noteHeardFrom(s: RaftState, from: NodeId, m: RaftMessage): void {
  if (s.role !== 'leader' || m.type !== 'AppendEntriesReply' || m.term !== s.currentTerm) return;
  if (!s.heardSinceCheck.includes(from)) s.heardSinceCheck.push(from);
}

/**
 * At a leader's heartbeat: once a window has passed since the last check, step down unless a
 * majority (this server included) was heard from in it. Returns whether it still leads.
 * Does nothing with CheckQuorum off.
 */
export function checkQuorum(s: RaftState, ctx: Ctx): boolean {
  if (!s.options.checkQuorum || s.role !== 'leader') return s.role === 'leader';
  const windowMs = quorumWindowMs(s);
  if (ctx.now() - s.lastQuorumCheck < windowMs) return true;
  // Members of the configuration in force only (thesis §4.1): a server removed since it
  // answered no longer counts, and a leader being removed does not count itself.
  const heardIds = [ctx.id, ...s.heardSinceCheck].filter((p) => s.config.includes(p));
  const heard = heardIds.length;
  const servers = s.config.length;
  if (hasQuorum(s, heardIds)) {
    startQuorumWatch(s, ctx);
    return true;
  }
  ctx.log(
    `stepped down: heard from only ${heard} of ${servers} servers in the last ${windowMs} ms (CheckQuorum)`,
    'leader',
    {
      kind: 'stepped-down',
      term: s.currentTerm,
      from: s.currentTerm,
      role: 'leader',
      reason: 'check-quorum',
      heard,
      servers,
    },
  );
  s.role = 'follower';
  s.leaderId = null;
  s.heardSinceCheck = [];
  ctx.cancelTimer('heartbeat');
  armElectionTimer(s, ctx);
  rejectPendingReads(s, ctx);
  return false;
}
