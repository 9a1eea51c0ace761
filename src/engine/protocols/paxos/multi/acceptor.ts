/**
 * The acceptor, for every slot at once (van Renesse & Altinbuken 2015, §3 "Acceptors";
 * Lamport 2001, §3): one promised ballot covers the whole log; each slot keeps the last
 * (ballot, command) it accepted. It promises only a ballot at least as high as every ballot
 * it promised, accepts only at or above it, writes both to disk before it answers, and
 * refuses with the highest ballot it has promised (a NACK).
 */
import { atLeast, ballotText, compareBallots, type Ballot } from '../ballot';
import { armElection, commandId, commandText, post, save, type Ctx, type Msg } from './context';
import { stepDown } from './leader';
import type { MultiPaxosState, PromisedSlot } from './types';

/** Phase 1b: promise `m.ballot` for every slot, and report what was accepted from `m.fromSlot`. */
export function onPrepare(s: MultiPaxosState, from: string, m: Msg<'Prepare'>, ctx: Ctx): void {
  if (!atLeast(m.ballot, s.promised)) return refuse(s, from, m.ballot, ctx);
  if (s.promised === null || compareBallots(s.promised, m.ballot) !== 0) {
    s.promised = m.ballot;
    save(s, ctx); // durable before the promise leaves
    ctx.log(`promised ballot ${ballotText(m.ballot)} for slots ${m.fromSlot} on`, null, {
      kind: 'promised',
      ballot: ballotText(m.ballot),
      fromSlot: m.fromSlot,
    });
  }
  yieldTo(s, m.ballot, null, ctx);
  post(s, ctx, from, {
    type: 'Promise',
    ballot: m.ballot,
    fromSlot: m.fromSlot,
    accepted: acceptedFrom(s, m.fromSlot),
  });
}

/** Every slot at or above `fromSlot` this acceptor accepted, in slot order. */
export function acceptedFrom(s: MultiPaxosState, fromSlot: number): PromisedSlot[] {
  return Object.entries(s.accepted)
    .map(([slot, a]) => ({ slot: Number(slot), ballot: a.ballot, command: a.command }))
    .filter((a) => a.slot >= fromSlot)
    .sort((a, b) => a.slot - b.slot);
}

/** Phase 2b: accept `m.command` in `m.slot` unless a higher ballot has been promised. */
export function onAccept(s: MultiPaxosState, from: string, m: Msg<'Accept'>, ctx: Ctx): void {
  if (!atLeast(m.ballot, s.promised)) return refuse(s, from, m.ballot, ctx);
  const before = s.accepted[m.slot];
  const again = before && compareBallots(before.ballot, m.ballot) === 0;
  if (!again) {
    s.promised = m.ballot;
    s.accepted[m.slot] = { ballot: m.ballot, command: m.command };
    s.fresh.accepted.push([m.slot, ballotText(m.ballot), commandId(m.command)]);
    save(s, ctx); // durable before Accepted leaves
    ctx.log(
      `accepted ${commandText(m.command)} in slot ${m.slot}, ballot ${ballotText(m.ballot)}`,
      null,
      {
        kind: 'accepted',
        slot: m.slot,
        ballot: ballotText(m.ballot),
        value: commandText(m.command),
      },
    );
  }
  yieldTo(s, m.ballot, m.ballot.by, ctx);
  post(s, ctx, from, { type: 'Accepted', ballot: m.ballot, slot: m.slot });
}

/**
 * A ballot above this node's own (which it led or was preparing) has been promised: it is
 * no longer leader. `leader`: who leads `ballot`, when the message proves it (an Accept).
 */
function yieldTo(s: MultiPaxosState, ballot: Ballot, leader: string | null, ctx: Ctx): void {
  if (s.ballot && compareBallots(ballot, s.ballot) > 0)
    stepDown(s, `ballot ${ballotText(ballot)} is higher`, ctx);
  if (leader !== null && leader !== ctx.id) {
    s.leader = leader;
    armElection(s, ctx); // a live leader: no election yet
  }
}

function refuse(s: MultiPaxosState, to: string, ballot: Ballot, ctx: Ctx): void {
  if (!s.promised) return;
  const own = ballot.by === ctx.id ? ' (its own leader’s)' : '';
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
