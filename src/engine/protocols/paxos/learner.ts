/**
 * The learner (Lamport 2001, §2.3 "Learning a Chosen Value"): a value is chosen once a
 * phase-2 quorum of acceptors has accepted it in one ballot; each acceptor tells every
 * learner what it accepts, and a learner counts them per ballot.
 */
import { ballotText } from './ballot';
import type { Ctx, Msg } from './context';
import type { AcceptedValue, PaxosState } from './types';

/** Count `from`'s acceptance; learn the value when a phase-2 quorum accepted one ballot. */
export function onAccepted(s: PaxosState, from: string, m: Msg<'Accepted'>, ctx: Ctx): void {
  const key = `${ballotText(m.ballot)}|${m.value}`;
  const tally = (s.votes[key] ??= { value: m.value, by: [] });
  if (!tally.by.includes(from)) tally.by.push(from);
  if (!s.learned && tally.by.length >= s.options.q2)
    learn(s, { ballot: m.ballot, value: m.value }, `${tally.by.length} acceptors`, ctx);
}

/** Another learner (or an acceptor that learned) says which value was chosen. */
export function onChosen(s: PaxosState, from: string, m: Msg<'Chosen'>, ctx: Ctx): void {
  if (!s.learned) learn(s, { ballot: m.ballot, value: m.value }, `told by ${from}`, ctx);
}

function learn(s: PaxosState, v: AcceptedValue, how: string, ctx: Ctx): void {
  s.learned = v;
  ctx.log(`learned that ${v.value} is chosen (ballot ${ballotText(v.ballot)}, ${how})`, 'learned', {
    kind: 'learned',
    value: v.value,
    ballot: ballotText(v.ballot),
  });
}
