/** L16's golden path, step by step: what the rehearsal (and the e2e learner) does. */
import { armThenPublish, C1, nodeAction, publish } from './l16-queues.run';
import type { Lesson } from './types';

export const golden: Lesson['golden'] = {
  'work-queue': [{ waitMs: 300 }, { act: publish(10) }, { waitMs: 5000 }],
  pubsub: [{ answer: 'fifteen' }, { waitMs: 300 }, { act: publish(5) }, { waitMs: 4000 }],
  // The crash comes at c1's first side effect; c1's session ends 1.5 s later and its
  // partition, with the unacknowledged message, goes to c2.
  'crash-after': [{ answer: 'again' }, ...armThenPublish('crash-after-processing')],
  dedup: armThenPublish('crash-after-processing'),
  'ack-first': armThenPublish('crash-before-processing'),
  order: [
    { answer: 'not-always' },
    { waitMs: 300 },
    { act: nodeAction(C1, 'slow-down') },
    { waitMs: 300 },
    { act: publish(5) },
    { waitMs: 5000 },
  ],
  'by-key': [
    { waitMs: 300 },
    { act: nodeAction(C1, 'slow-down') },
    { waitMs: 300 },
    { act: publish(5) },
    { waitMs: 5000 },
  ],
};
