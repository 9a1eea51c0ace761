/** sharding: what the home page shows of the lesson (loaded with the page; the steps load when it opens). */
import type { LessonMeta } from './types';

export const meta: LessonMeta = {
  id: 'sharding',
  stepCount: 5,
  number: 12,
  title: 'Sharding: range, hash and directory partitioning',
  minutes: 20,
  objectives: [
    'See monotonic keys overload the last range shard, and hashing spread them',
    'Explain why range partitioning makes range scans cheap and hashing makes them ask every shard',
    'Move a hot directory entry to a shard of its own, and see the directory as a single point of failure',
    'Predict how many keys move when mod N hashing gains a shard, and why a hot key stays hot under any hash',
  ],
  prerequisites: ['raft-election'],
  misconceptions: [
    { id: 'M38', text: 'Hashing removes hot spots.' },
    { id: 'M39', text: 'Range partitioning is always bad.' },
    { id: 'M40', text: 'Adding a shard moves only 1/N of the keys, whatever the scheme.' },
  ],
};
