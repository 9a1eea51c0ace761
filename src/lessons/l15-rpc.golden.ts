/** L15's golden path, step by step: what the rehearsal (and the e2e learner) does. */
import {
  arm,
  conditionalWrite,
  deliverCall,
  dropReply,
  restartServer,
  untilRetry,
  withdraw,
} from './l15-rpc.run';
import type { Lesson, Move } from './types';

/** Call, let the call through, drop its reply, wait for the retry and let it through. */
const lostReply = (call: Move): Move[] => [
  call,
  ...deliverCall(1),
  ...dropReply(1),
  untilRetry,
  ...deliverCall(2),
];

/** Arm "Crash after the side effect", withdraw, restart the server while the client retries. */
const crashAfterCharge: Move[] = [
  arm('crash-after-effect'),
  withdraw,
  { waitMs: 3_000 },
  restartServer,
];

export const golden: Lesson['golden'] = {
  'lost-reply': [{ answer: '80' }, ...lostReply(withdraw)],
  'request-ids': lostReply(withdraw),
  'crash-memory': [{ answer: 'twice' }, ...crashAfterCharge],
  'crash-disk': crashAfterCharge,
  'conditional-write': lostReply(conditionalWrite),
};
