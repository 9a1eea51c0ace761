/** queues: what the home page shows of the lesson (loaded with the page; the steps load when it opens). */
import type { LessonMeta } from './types';

export const meta: LessonMeta = {
  id: 'queues',
  stepCount: 7,
  number: 16,
  title: 'Message queues and publish/subscribe: delivery guarantees',
  minutes: 15,
  objectives: [
    'Tell a work queue (competing consumers) from publish/subscribe (every subscriber gets every message)',
    'Explain why a crash between the side effect and the ack makes a duplicate, and how an idempotent consumer removes it',
    'Explain why acknowledging before processing can lose a message',
    'Keep per-key order by partitioning on the key',
  ],
  prerequisites: ['two-generals'],
  misconceptions: [
    { id: 'M08', text: 'The broker delivers each message exactly once.' },
    { id: 'M52', text: 'A queue keeps global order with many consumers.' },
    { id: 'M53', text: 'Publish/subscribe and a work queue are the same thing.' },
    { id: 'M54', text: 'An ack means the work is done.' },
  ],
};
