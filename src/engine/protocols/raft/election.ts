/**
 * Leader election (Raft §5.2, Figure 2 "RequestVote RPC" and "Candidates"), with pre-vote
 * (thesis §9.6) as an option: the pre-candidate's side is here, the receiver's in pre-vote.ts.
 */
import type { NodeId } from '../../protocol';
import { isUpToDate, lastIndex, lastTerm } from './log';
import { onPreVote } from './pre-vote';
import { startQuorumWatch } from './check-quorum';
import type { RaftState } from './types';
import { save, armElectionTimer, observeTerm, type Ctx, type Msg } from './server';
import { broadcastAppend, advanceCommit } from './replication';
import { hasQuorum, ignoresVoteRequest, mayStandForElection, votingPeers } from './membership';
import { ignoresVoteForLease } from './lease';
import { isDiskSuspect } from './disk';

export function startElection(s: RaftState, ctx: Ctx): void {
  s.currentTerm++;
  s.role = 'candidate';
  s.votedFor = ctx.id;
  s.votes = [ctx.id];
  s.leaderId = null;
  save(s, ctx);
  ctx.log(`started an election for term ${s.currentTerm}`, null, {
    kind: 'election-started',
    term: s.currentTerm,
  });
  armElectionTimer(s, ctx);
  if (hasQuorum(s, s.votes)) return becomeLeader(s, ctx);
  for (const p of votingPeers(s, ctx)) {
    ctx.send(p, {
      type: 'RequestVote',
      term: s.currentTerm,
      candidateId: ctx.id,
      lastLogIndex: lastIndex(s.log),
      lastLogTerm: lastTerm(s.log),
      preVote: false,
    });
  }
}

export function electionTimeout(s: RaftState, ctx: Ctx): void {
  if (s.role === 'leader') return;
  if (!mayStandForElection(s, ctx)) {
    ctx.log('is not a voting member of its configuration: it does not stand for election');
    return;
  }
  // A server that cannot trust its disk must not count its own vote (disk.ts).
  if (isDiskSuspect(s)) {
    armElectionTimer(s, ctx);
    return;
  }
  if (!s.options.preVote) return startElection(s, ctx);
  // Pre-vote (thesis §9.6): ask first, without raising our term or anyone's. A pre-candidate
  // whose round fails stays in its term and asks again at its next timeout.
  const term = s.currentTerm + 1;
  s.role = 'pre-candidate';
  s.votes = [ctx.id];
  armElectionTimer(s, ctx);
  ctx.log(`asks for pre-votes for term ${term}`, null, { kind: 'pre-vote-started', term });
  if (hasQuorum(s, s.votes)) return startElection(s, ctx);
  for (const p of votingPeers(s, ctx)) {
    ctx.send(p, {
      type: 'PreVote',
      term,
      candidateId: ctx.id,
      lastLogIndex: lastIndex(s.log),
      lastLogTerm: lastTerm(s.log),
    });
  }
}

/** A pre-candidate counts grants for the term it asked about; a majority starts the election. */
export function onPreVoteReply(s: RaftState, from: NodeId, m: Msg<'PreVoteReply'>, ctx: Ctx): void {
  observeTerm(s, m.term, ctx);
  if (
    s.role !== 'pre-candidate' ||
    m.forTerm !== s.currentTerm + 1 ||
    !m.voteGranted ||
    s.votes.includes(from)
  )
    return;
  s.votes.push(from);
  if (!hasQuorum(s, s.votes)) return;
  ctx.log(
    `won the pre-vote for term ${m.forTerm} (${s.votes.length} of ${s.config.length})`,
    null,
    { kind: 'pre-vote-won', term: m.forTerm },
  );
  startElection(s, ctx);
}

export function becomeLeader(s: RaftState, ctx: Ctx): void {
  s.role = 'leader';
  s.leaderId = ctx.id;
  s.votes = [];
  s.ackedRound = {};
  s.pendingReads = [];
  startQuorumWatch(s, ctx);
  s.learner = null;
  for (const p of ctx.peers) {
    s.nextIndex[p] = lastIndex(s.log) + 1;
    s.matchIndex[p] = 0;
  }
  // §8: a no-op entry of its own term lets the leader commit what earlier terms left.
  s.log.push({ term: s.currentTerm, command: { op: 'noop' } });
  save(s, ctx);
  ctx.log(`became leader for term ${s.currentTerm}`, 'leader', {
    kind: 'leader-elected',
    term: s.currentTerm,
  });
  ctx.cancelTimer('election');
  broadcastAppend(s, ctx);
  ctx.setTimer('heartbeat', s.options.heartbeatMs);
  advanceCommit(s, ctx);
}

export function onRequestVote(s: RaftState, from: NodeId, m: Msg<'RequestVote'>, ctx: Ctx): void {
  // A server that lost part of its disk grants no vote, pre-vote included (disk.ts).
  const logOk =
    !isDiskSuspect(s) &&
    (s.options.broken === 'vote-without-log-check' ||
      isUpToDate(s.log, m.lastLogTerm, m.lastLogIndex));
  if (m.preVote) {
    // The shape pre-votes had before they became their own kind: answered the same way.
    return onPreVote(s, from, { ...m, type: 'PreVote' }, ctx);
  }
  if (ignoresVoteRequest(s, m, ctx)) return; // §4.2.3
  if (ignoresVoteForLease(s, from, m.term, ctx)) return; // §6.4.1: a lease may hold (lease.ts)
  observeTerm(s, m.term, ctx);
  // Figure 2, RequestVote receiver: 1. reply false if term < currentTerm; 2. grant if
  // votedFor is null or candidateId, and the candidate's log is at least as up-to-date.
  const granted =
    m.term === s.currentTerm && (s.votedFor === null || s.votedFor === m.candidateId) && logOk;
  if (granted) {
    s.votedFor = m.candidateId;
    save(s, ctx); // before the reply leaves
    ctx.log(`granted its vote to ${m.candidateId} for term ${m.term}`, null, {
      kind: 'vote-granted',
      to: m.candidateId,
      term: m.term,
    });
    armElectionTimer(s, ctx);
  }
  ctx.send(from, {
    type: 'RequestVoteReply',
    term: s.currentTerm,
    voteGranted: granted,
    preVote: false,
  });
}

export function onRequestVoteReply(
  s: RaftState,
  from: NodeId,
  m: Msg<'RequestVoteReply'>,
  ctx: Ctx,
): void {
  if (m.preVote) {
    const forTerm = s.currentTerm + 1; // the older shape did not echo the term asked about
    return onPreVoteReply(s, from, { ...m, type: 'PreVoteReply', forTerm }, ctx);
  }
  observeTerm(s, m.term, ctx);
  if (
    s.role !== 'candidate' ||
    m.term !== s.currentTerm ||
    !m.voteGranted ||
    s.votes.includes(from)
  )
    return;
  s.votes.push(from);
  if (hasQuorum(s, s.votes)) becomeLeader(s, ctx);
}
