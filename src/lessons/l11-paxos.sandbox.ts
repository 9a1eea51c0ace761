/**
 * L11's sandbox: a new run in which the proposers are broken (they ignore the values in the
 * promises), with challenges the checkers grade: a duel of ten ballots, and two values
 * chosen — which the Agreement checker flags. The prose says why every attempt fails with the
 * correct protocol.
 */
import type { Lesson } from './types';
import { agreementBroken, ballotsStarted, chosen } from './paxos-goals';
import { P1, P2, deliver, duelRound, phase1, propose } from './l11-paxos.run';

/** Ballots started since the sandbox opened before anything was chosen. */
const duelBallots = (ctx: Parameters<typeof chosen>[0]) => {
  const first = chosen(ctx)[0];
  return ballotsStarted(ctx).filter((f) => first === undefined || f.t < first.t).length;
};

export const sandbox: Lesson['sandbox'] = {
  freshRun: { settings: { broken: 'ignore-accepted' } },
  prose:
    'A new run with broken proposers: they ignore the values in the promises. Everything is open. With correct Paxos no schedule chooses two values: any two majorities share an acceptor, and a proposer must adopt what it accepted.',
  challenges: [
    {
      id: 'duel-10',
      text: 'Make the two proposers duel: 10 ballots started before anything is chosen',
      goal: {
        description: '10 ballots, nothing chosen',
        check: (ctx) => duelBallots(ctx) >= 10,
      },
    },
    {
      id: 'two-values',
      text: 'With the broken proposers, find a schedule that chooses two different values (the Agreement check turns red)',
      goal: {
        description: 'Agreement broken',
        check: agreementBroken,
      },
    },
  ],
  // Hold messages; a duel by hand (each proposer's Prepare refused by the other's own
  // acceptor, ten ballots); then n2 wins a majority for B, and n1 one for A, each ignoring
  // the other's acceptance.
  golden: [
    { act: { type: 'hold-messages', on: true } },
    { act: propose(P1) },
    { act: propose(P2) },
    { waitMs: 60 },
    ...[1, 2, 3, 4].flatMap(() => duelRound(P1, P2)),
    // n2's newest ballot: promises from n3 and n4, then its Accept of B to them.
    ...phase1(P2, ['n3', 'n4']),
    deliver('Accept', P2, 'n3'),
    deliver('Accept', P2, 'n4'),
    { waitMs: 60 },
    // n1's newest ballot is lower: it is refused by n3, and retries above it.
    deliver('Prepare', P1, 'n3'),
    { waitMs: 60 },
    deliver('Nack', 'n3', P1),
    { waitMs: 120 },
    deliver('Prepare', P1, 'n3'),
    deliver('Prepare', P1, 'n4'),
    deliver('Prepare', P1, 'n5'),
    { waitMs: 60 },
    deliver('Promise', 'n3', P1),
    deliver('Promise', 'n4', P1),
    { waitMs: 60 },
    deliver('Accept', P1, 'n3'),
    deliver('Accept', P1, 'n4'),
    { waitMs: 200 },
  ],
};
