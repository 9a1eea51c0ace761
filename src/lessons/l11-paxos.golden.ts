/** L11's golden path, step by step: what the rehearsal (and the e2e learner) does. */
import { P1, P2, deliver, duelRound, phase1, propose } from './l11-paxos.run';
import type { Lesson } from './types';

export const golden: Lesson['golden'] = {
  prepare: [{ act: propose(P1) }, { waitMs: 60 }, ...phase1(P1, ['n3', 'n4'])],
  crash: [
    { waitMs: 60 },
    deliver('Accept', P1, 'n3'),
    { waitMs: 60 },
    { act: { type: 'crash', node: P1 } },
    { waitMs: 60 },
  ],
  adopt: [{ answer: 'a' }, { act: propose(P2) }, { waitMs: 60 }, ...phase1(P2, ['n3', 'n4'])],
  chosen: [
    { waitMs: 60 },
    deliver('Accept', P2, 'n3'),
    deliver('Accept', P2, 'n4'),
    { waitMs: 60 },
    deliver('Accepted', P2, 'n5'),
    deliver('Accepted', 'n3', 'n5'),
    deliver('Accepted', 'n4', 'n5'),
    { waitMs: 60 },
  ],
  duel: [
    { preset: 'together' },
    { waitMs: 60 },
    ...duelRound(P1, P2),
    deliver('Prepare', P1, P2),
    { waitMs: 60 },
    deliver('Nack', P2, P1),
    { waitMs: 120 },
    { preset: 'leader' },
    { waitMs: 60 },
    { act: { type: 'hold-messages', on: false } },
    { waitMs: 2000 },
  ],
};
