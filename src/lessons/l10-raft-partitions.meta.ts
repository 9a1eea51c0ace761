/** raft-partitions: what the home page shows of the lesson (loaded with the page; the steps load when it opens). */
import type { LessonMeta } from './types';

export const meta: LessonMeta = {
  id: 'raft-partitions',
  stepCount: 5,
  number: 10,
  title: 'Raft II: partitions, split brain, commit vs append',
  minutes: 15,
  objectives: [
    'Tell an appended entry from a committed one',
    'Explain why a leader in the minority cannot commit',
    'See a stale read from a deposed leader, and how ReadIndex prevents it',
  ],
  prerequisites: ['raft-election'],
  misconceptions: [
    { id: 'M30', text: 'Two leaders means split brain and corruption.' },
    { id: 'M31', text: 'A write the leader accepted is durable.' },
    { id: 'M32', text: 'Reads from the leader are always fresh.' },
  ],
};
