/**
 * The receiver's side of pre-vote (thesis §9.6): whether to tell a pre-candidate "I would
 * vote for you in term T". A pre-vote changes nobody's term or vote; it only stops a server
 * that cannot win, or need not win, from raising its term and deposing a working leader.
 */
import type { NodeId } from '../../protocol';
import { isUpToDate } from './log';
import type { RaftState } from './types';
import type { Ctx, Msg } from './server';

/**
 * Why this server refuses a pre-vote, in words ("heard from leader n2 23 ms ago"), or null
 * to grant it. `now` is the server's local time in ms. The rules, in order:
 * - a leader always refuses: it is the live leader the pre-candidate failed to hear (§9.6);
 * - a server that heard from a current leader within the minimum election timeout refuses
 *   (§9.6, with the leader-stickiness of §4.2.3): the leader is alive, an election would
 *   only disrupt it;
 * - the term asked for must be above ours, as a real vote's must be (Figure 2);
 * - the pre-candidate's log must be at least as up-to-date as ours (§5.4.1), else it could
 *   not win the real election either.
 */
export function preVoteRefusal(s: RaftState, m: Msg<'PreVote'>, now: number): string | null {
  if (s.role === 'leader') return `it leads term ${s.currentTerm}`;
  const sinceLeaderMs = now - s.lastLeaderContact;
  if (sinceLeaderMs < s.options.electionTimeoutMinMs)
    // The leader's id is forgotten when a higher term was seen since; the contact still counts.
    return `heard from ${s.leaderId === null ? 'a leader' : `leader ${s.leaderId}`} ${Math.round(sinceLeaderMs)} ms ago`;
  if (m.term <= s.currentTerm) return `it is already in term ${s.currentTerm}`;
  const logOk =
    s.options.broken === 'vote-without-log-check' ||
    isUpToDate(s.log, m.lastLogTerm, m.lastLogIndex);
  if (!logOk) return 'its log is more up-to-date';
  return null;
}

/** Answer a PreVote, and say so in the event log. Changes no state (thesis §9.6). */
export function onPreVote(s: RaftState, from: NodeId, m: Msg<'PreVote'>, ctx: Ctx): void {
  const refusal = preVoteRefusal(s, m, ctx.now());
  if (refusal === null)
    ctx.log(`grants ${m.candidateId} a pre-vote for term ${m.term}`, null, {
      kind: 'pre-vote-granted',
      to: m.candidateId,
      term: m.term,
    });
  else
    ctx.log(`refuses ${m.candidateId}’s pre-vote: ${refusal}`, null, {
      kind: 'pre-vote-refused',
      to: m.candidateId,
      term: m.term,
      reason: refusal,
    });
  ctx.send(from, {
    type: 'PreVoteReply',
    term: s.currentTerm,
    forTerm: m.term,
    voteGranted: refusal === null,
  });
}
