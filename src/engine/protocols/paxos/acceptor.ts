/**
 * The acceptor (Lamport, "Paxos Made Simple", 2001, §2.2 and §2.3 phase 1b/2b): it promises
 * to ignore ballots below the highest it has promised, accepts at or above it, persists both
 * before it answers, and refuses with the highest ballot it has promised (a NACK, the
 * optimisation §2.3 suggests so a proposer need not wait for a timeout).
 */
import { atLeast, ballotText } from './ballot';
import { post, save, toLearners, type Ctx, type Msg } from './context';
import type { PaxosState } from './types';

/** Phase 1b: promise `m.ballot` if it is at least every ballot promised so far. */
export function onPrepare(s: PaxosState, from: string, m: Msg<'Prepare'>, ctx: Ctx): void {
  if (s.learned) {
    // Already known: tell the proposer rather than start another round (it must still adopt it).
    post(s, ctx, from, { type: 'Chosen', value: s.learned.value, ballot: s.learned.ballot });
  }
  if (!atLeast(m.ballot, s.promised)) return refuse(s, from, m.ballot, ctx);
  if (s.promised === null || ballotText(s.promised) !== ballotText(m.ballot)) {
    s.promised = m.ballot;
    save(s, ctx); // durable before the promise leaves
    ctx.log(
      `promised ballot ${ballotText(m.ballot)}${s.accepted ? `; had accepted ${s.accepted.value} in ${ballotText(s.accepted.ballot)}` : ''}`,
      null,
      { kind: 'promised', ballot: ballotText(m.ballot) },
    );
  }
  post(s, ctx, from, { type: 'Promise', ballot: m.ballot, accepted: s.accepted });
}

/** Phase 2b: accept `m.value` in `m.ballot` unless a higher ballot has been promised. */
export function onAccept(s: PaxosState, from: string, m: Msg<'Accept'>, ctx: Ctx): void {
  const keepsPromise = s.options.broken === 'accept-below-promise' || atLeast(m.ballot, s.promised);
  if (!keepsPromise) return refuse(s, from, m.ballot, ctx);
  const again = s.accepted && ballotText(s.accepted.ballot) === ballotText(m.ballot);
  if (!again) {
    if (atLeast(m.ballot, s.promised)) s.promised = m.ballot;
    s.accepted = { ballot: m.ballot, value: m.value };
    save(s, ctx); // durable before Accepted leaves
    ctx.log(`accepted ${m.value} in ballot ${ballotText(m.ballot)}`, null, {
      kind: 'accepted',
      ballot: ballotText(m.ballot),
      value: m.value,
    });
  }
  toLearners(s, ctx, { type: 'Accepted', ballot: m.ballot, value: m.value });
}

function refuse(s: PaxosState, to: string, ballot: Msg<'Prepare'>['ballot'], ctx: Ctx): void {
  if (!s.promised) return;
  // Every server is also an acceptor: say so when it refuses its own proposer's ballot.
  const own = ballot.by === ctx.id ? ' (its own proposer’s)' : '';
  ctx.log(
    `refused ballot ${ballotText(ballot)}${own}: it promised ${ballotText(s.promised)}`,
    null,
    {
      kind: 'refused',
      ballot: ballotText(ballot),
      promised: ballotText(s.promised),
    },
  );
  post(s, ctx, to, { type: 'Nack', ballot, promised: s.promised });
}
