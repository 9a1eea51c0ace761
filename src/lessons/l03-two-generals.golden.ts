/** L3's golden path, step by step: what the rehearsal (and the e2e learner) does. */
import { capture, letThrough, untilDawn } from './l03-two-generals.run';
import type { Lesson } from './types';

export const golden: Lesson['golden'] = {
  plan: [...capture(1), untilDawn],
  ack: [...letThrough(1), ...capture(2), untilDawn],
  'ack-of-ack': [{ answer: 'no' }, ...letThrough(1), ...letThrough(2), ...capture(3), untilDawn],
  four: [...letThrough(1), ...letThrough(2), ...letThrough(3), ...capture(4), untilDawn],
  'at-most-once': [...capture(1), untilDawn],
  // The resend leaves 1.5 s after the payment; it arrives 0.5–0.6 s later.
  'at-least-once': [...letThrough(1), ...capture(2), { waitMs: 1500 }, ...letThrough(1)],
};
