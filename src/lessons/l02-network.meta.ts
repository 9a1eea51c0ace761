/** network-not-a-pipe: what the home page shows of the lesson (loaded with the page; the steps load when it opens). */
import type { LessonMeta } from './types';

export const meta: LessonMeta = {
  id: 'network-not-a-pipe',
  stepCount: 5,
  number: 2,
  title: 'The network is not a pipe',
  minutes: 12,
  objectives: [
    'Recognise latency, jitter, loss, duplication and limited bandwidth by their symptoms',
    'Explain why retransmission turns loss into duplication',
  ],
  prerequisites: ['no-now'],
  misconceptions: [
    { id: 'M04', text: 'The network is reliable, latency is zero, bandwidth is infinite.' },
    { id: 'M06', text: 'Loss and duplication are separate problems.' },
  ],
};
