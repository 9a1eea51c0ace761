/**
 * The proposer (Lamport, "Paxos Made Simple", 2001, §2.2–2.3): phase 1 with a ballot higher
 * than any it has seen, then phase 2 with the value of the highest-ballot acceptance among
 * the promises (its own value only when none was accepted), and a new, higher ballot after a
 * refusal or a timeout. With a fixed retry delay two proposers can pre-empt each other for
 * ever (§2.4, "it is easy to construct a scenario in which two proposers each keep issuing a
 * sequence of proposals with increasing numbers, none of which are ever chosen"); a random,
 * growing wait makes that unlikely, as a distinguished proposer would.
 */
import { ballotText, compareBallots, maxBallot } from './ballot';
import { save, toAcceptors, toLearners, type Ctx, type Msg } from './context';
import { mayStartBallot } from './leader';
import type { AcceptedValue, PaxosState } from './types';

/** Phase 1a: a fresh ballot, above every round seen, sent to every acceptor. */
export function propose(s: PaxosState, ctx: Ctx): void {
  if (!s.options.proposer || s.learned) return;
  if (!mayStartBallot(s, ctx)) return; // leader mode: only the distinguished proposer starts one
  s.maxRound = Math.max(s.maxRound, s.promised?.round ?? 0) + 1;
  s.ballot = { round: s.maxRound, by: ctx.id };
  s.phase = 'preparing';
  s.promises = {};
  s.accepts = [];
  s.proposal = null;
  s.ballotsStarted++;
  save(s, ctx); // never reuse a ballot after a restart
  ctx.log(`proposes ballot ${ballotText(s.ballot)}`, null, {
    kind: 'prepare-sent',
    ballot: ballotText(s.ballot),
  });
  ctx.setTimer('retry', s.options.timeoutMs);
  toAcceptors(s, ctx, { type: 'Prepare', ballot: s.ballot });
}

const current = (s: PaxosState, b: Msg<'Promise'>['ballot']) =>
  s.ballot !== null && compareBallots(s.ballot, b) === 0;

/** Phase 2a once a phase-1 quorum has promised: adopt the highest accepted value, if any. */
export function onPromise(s: PaxosState, from: string, m: Msg<'Promise'>, ctx: Ctx): void {
  if (s.phase !== 'preparing' || !current(s, m.ballot) || from in s.promises) return;
  s.promises[from] = m.accepted;
  if (Object.keys(s.promises).length < s.options.q1 || !s.ballot) return;
  const adopted = highestAccepted(Object.values(s.promises));
  const value = adopted && s.options.broken !== 'ignore-accepted' ? adopted.value : s.options.value;
  s.phase = 'accepting';
  s.proposal = value;
  ctx.log(
    adopted
      ? `has promises from ${s.options.q1}; adopts ${adopted.value}, accepted in ballot ${ballotText(adopted.ballot)}${value !== adopted.value ? ` — but proposes its own ${value} (broken)` : ''}`
      : `has promises from ${s.options.q1}; none accepted anything, so it proposes its own ${value}`,
    null,
    { kind: 'accept-sent', ballot: ballotText(s.ballot), value, adopted: adopted !== null },
  );
  ctx.setTimer('retry', s.options.timeoutMs);
  toAcceptors(s, ctx, { type: 'Accept', ballot: s.ballot, value });
}

/** The acceptance with the highest ballot among the promises (Lamport 2001, §2.2, P2c). */
export function highestAccepted(promised: readonly (AcceptedValue | null)[]): AcceptedValue | null {
  let best: AcceptedValue | null = null;
  for (const a of promised) {
    if (a && (best === null || maxBallot(a.ballot, best.ballot) === a.ballot)) best = a;
  }
  return best;
}

/** A phase-2 acceptance of this proposer's ballot (the learner counts it too). */
export function onAcceptedByProposer(s: PaxosState, from: string, m: Msg<'Accepted'>): void {
  if (s.phase !== 'accepting' || !current(s, m.ballot) || s.accepts.includes(from)) return;
  s.accepts.push(from);
}

/** A refusal: give the ballot up, remember the higher round, and try again after a wait. */
export function onNack(s: PaxosState, from: string, m: Msg<'Nack'>, ctx: Ctx): void {
  s.maxRound = Math.max(s.maxRound, m.promised.round);
  if ((s.phase !== 'preparing' && s.phase !== 'accepting') || !current(s, m.ballot)) return;
  ctx.log(
    `gives up ballot ${ballotText(m.ballot)}: ${from === ctx.id ? 'its own acceptor' : from} promised ${ballotText(m.promised)}`,
    null,
    { kind: 'preempted', ballot: ballotText(m.ballot), by: ballotText(m.promised) },
  );
  waitAndRetry(s, ctx);
}

/** The retry timer: the ballot got no quorum in time, or a refusal's wait is over. */
export function onRetryTimer(s: PaxosState, ctx: Ctx): void {
  if (!s.options.proposer || s.learned) return;
  if (s.phase === 'waiting' || s.phase === 'idle') return propose(s, ctx);
  ctx.log(`ballot ${ballotText(s.ballot)} timed out without a quorum`, null, {
    kind: 'ballot-timeout',
    ballot: ballotText(s.ballot),
  });
  waitAndRetry(s, ctx);
}

function waitAndRetry(s: PaxosState, ctx: Ctx): void {
  s.phase = 'waiting';
  s.attempt++;
  const { backoff, retryMs } = s.options;
  const wait =
    backoff === 'fixed' ? retryMs : retryMs * (0.5 + ctx.random() * 2 ** Math.min(s.attempt, 5));
  ctx.setTimer('retry', wait);
}

/** The value is chosen: this proposer stops, and says so to the learners that missed it. */
export function onLearned(s: PaxosState, ctx: Ctx): void {
  if (!s.options.proposer || !s.learned || s.phase === 'done') return;
  const mine = s.phase === 'accepting' && s.proposal === s.learned.value;
  s.phase = 'done';
  ctx.cancelTimer('retry');
  if (mine) toLearners(s, ctx, { type: 'Chosen', ...s.learned });
}
