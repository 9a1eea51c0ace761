/** raft-election: what the home page shows of the lesson (loaded with the page; the steps load when it opens). */
import type { LessonMeta } from './types';

export const meta: LessonMeta = {
  id: 'raft-election',
  stepCount: 5,
  number: 9,
  title: 'Raft I: terms, votes and leader election',
  minutes: 12,
  objectives: [
    'Explain followers, candidates, leaders and terms',
    'Predict when an election can and cannot succeed',
    'Explain why a majority is counted over the whole cluster',
  ],
  prerequisites: ['no-now'],
  misconceptions: [
    { id: 'M26', text: 'The lowest-id or oldest node becomes leader.' },
    { id: 'M27', text: 'Any survivor can lead; the majority is of live nodes.' },
    { id: 'M28', text: 'Split votes mean Raft is broken.' },
    { id: 'M29', text: 'Terms are timestamps.' },
  ],
};
