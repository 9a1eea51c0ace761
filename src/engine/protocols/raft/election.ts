/**
 * Leader election (Raft §5.2, Figure 2 "RequestVote RPC" and "Candidates"), with pre-vote
 * (thesis §9.6) as an option.
 */
import type { NodeId } from '../../protocol';
import { isUpToDate, lastIndex, lastTerm } from './log';
import type { RaftState } from './types';
import { majority, save, armElectionTimer, observeTerm, type Ctx, type Msg } from './server';
import { broadcastAppend, advanceCommit } from './replication';
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
  if (s.votes.length >= majority(ctx)) return becomeLeader(s, ctx);
  for (const p of ctx.peers) {
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
  // A server that cannot trust its disk must not count its own vote (disk.ts).
  if (isDiskSuspect(s)) {
    armElectionTimer(s, ctx);
    return;
  }
  if (!s.options.preVote) return startElection(s, ctx);
  // Pre-vote: ask first, without disturbing anyone's term.
  s.role = 'pre-candidate';
  s.votes = [ctx.id];
  armElectionTimer(s, ctx);
  if (s.votes.length >= majority(ctx)) return startElection(s, ctx);
  for (const p of ctx.peers) {
    ctx.send(p, {
      type: 'RequestVote',
      term: s.currentTerm + 1,
      candidateId: ctx.id,
      lastLogIndex: lastIndex(s.log),
      lastLogTerm: lastTerm(s.log),
      preVote: true,
    });
  }
}

export function becomeLeader(s: RaftState, ctx: Ctx): void {
  s.role = 'leader';
  s.leaderId = ctx.id;
  s.votes = [];
  s.ackedRound = {};
  s.pendingReads = [];
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
    // Grant a pre-vote only if we would vote, and have not heard from a live leader lately.
    const heardLeader = ctx.now() - s.lastLeaderContact < s.options.electionTimeoutMinMs;
    const granted = m.term > s.currentTerm && logOk && !heardLeader;
    ctx.send(from, {
      type: 'RequestVoteReply',
      term: s.currentTerm,
      voteGranted: granted,
      preVote: true,
    });
    return;
  }
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
    observeTerm(s, m.term, ctx);
    if (s.role !== 'pre-candidate' || !m.voteGranted || s.votes.includes(from)) return;
    s.votes.push(from);
    if (s.votes.length >= majority(ctx)) startElection(s, ctx);
    return;
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
  if (s.votes.length >= majority(ctx)) becomeLeader(s, ctx);
}
