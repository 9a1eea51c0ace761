/** L12's golden path, step by step: what the rehearsal (and the e2e learner) does. */
import {
  addSpare,
  DIRECTORY,
  heaviest,
  moveEntry,
  scan,
  SCAN_FROM,
  SCAN_TO,
  SPARE,
} from './l12-sharding.run';
import type { Lesson } from './types';

export const golden: Lesson['golden'] = {
  'range-timestamps': [{ preset: 'start' }, { waitMs: 5000 }],
  'hash-scan': [
    { preset: 'start' },
    { waitMs: 7000 },
    { act: scan('c1', SCAN_FROM, SCAN_TO) },
    { waitMs: 1000 },
  ],
  // Six seconds of requests make the hot entry plain; ten more after the move fill the load
  // window; then the directory goes down and the clients' routes expire within 2 s.
  directory: [
    { preset: 'start' },
    { waitMs: 6000 },
    { act: (ctx) => moveEntry(heaviest(ctx), SPARE) },
    { waitMs: 15_000 },
    { act: { type: 'crash', node: DIRECTORY } },
    { waitMs: 4000 },
  ],
  'add-fifth': [{ answer: 'most' }, { waitMs: 3000 }, { act: addSpare() }, { waitMs: 6000 }],
  celebrity: [{ answer: 'hot' }, { preset: 'start' }, { waitMs: 8000 }],
};
