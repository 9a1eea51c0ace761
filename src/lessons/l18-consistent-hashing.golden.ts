/** L18's golden path, step by step: what the rehearsal (and the e2e learner) does. */
import { addServer, placement, vnodes } from './l18-consistent-hashing.run';
import type { Lesson } from './types';

/** The server one point per server overloads in step 3's run (seed 18, six servers, 1,000 keys). */
export const OVERLOADED = 'n1';
/** The server that owns key-0 in step 5's run (one point per server). */
export const HOT_SERVER = 'n5';

export const golden: Lesson['golden'] = {
  'ring-join': [{ answer: 'arc' }, { waitMs: 6000 }, addServer, { waitMs: 3000 }],
  'mod-n': [{ waitMs: 500 }, placement('mod-n'), { waitMs: 7000 }, addServer, { waitMs: 3000 }],
  spread: [
    { waitMs: 1500 },
    { select: OVERLOADED },
    { waitMs: 200 },
    vnodes(100),
    { waitMs: 2000 },
  ],
  crash: [
    vnodes(1),
    { waitMs: 2000 },
    { act: { type: 'crash', node: 'n2' } },
    { waitMs: 1500 },
    { act: { type: 'restart', node: 'n2' } },
    { waitMs: 1000 },
    vnodes(100),
    { waitMs: 3000 },
    { act: { type: 'crash', node: 'n4' } },
    { waitMs: 1000 },
  ],
  hot: [{ waitMs: 2500 }, { select: HOT_SERVER }, { waitMs: 200 }, vnodes(100), { waitMs: 4000 }],
};
