/** no-now: what the home page shows of the lesson (loaded with the page; the steps load when it opens). */
import type { LessonMeta } from './types';

export const meta: LessonMeta = {
  id: 'no-now',
  stepCount: 4,
  number: 1,
  title: 'No “now”: what makes a system distributed',
  minutes: 10,
  objectives: [
    'See two nodes receive the same events in different orders',
    'See why timestamps from different clocks cannot order events',
    'See that a crashed node and a paused one look the same from outside',
  ],
  prerequisites: [],
  misconceptions: [
    {
      id: 'M01',
      text: 'There is a global “now” and timestamps from different machines compare.',
    },
    { id: 'M02', text: 'All nodes see events in the same order.' },
    { id: 'M03', text: 'You can tell when a remote node has crashed.' },
  ],
};
