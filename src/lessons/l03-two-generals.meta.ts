/** two-generals: what the home page shows of the lesson (loaded with the page; the steps load when it opens). */
import type { LessonMeta } from './types';

export const meta: LessonMeta = {
  id: 'two-generals',
  stepCount: 6,
  number: 3,
  title: 'Two generals: coordination over a lossy link',
  minutes: 15,
  objectives: [
    'Capture one messenger and watch a general attack alone',
    'Explain why one more acknowledgement never makes both generals certain',
    'Tell at-most-once (a payment lost) from at-least-once (a payment made twice)',
  ],
  prerequisites: ['network-not-a-pipe'],
  misconceptions: [
    { id: 'M07', text: 'One more acknowledgement fixes it.' },
    { id: 'M08', text: 'Exactly-once delivery is achievable.' },
    { id: 'M09', text: 'A timeout means the message was lost.' },
  ],
};
