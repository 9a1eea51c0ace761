/** consistent-hashing: what the home page shows of L18 (the steps load when it opens). */
import type { LessonMeta } from './types';

export const meta: LessonMeta = {
  id: 'consistent-hashing',
  stepCount: 5,
  number: 18,
  title: 'Distributed caching with consistent hashing and virtual nodes',
  minutes: 15,
  objectives: [
    'Measure how many keys move when a cache server joins: about one server’s share on a ring, most of them under mod N',
    'See a miss storm: the cache hit rate collapses when most keys change owner',
    'Explain how virtual nodes even out load, and spread a failed server’s keys over many servers',
    'Tell why a hot key stays hot whatever the placement',
  ],
  prerequisites: ['sharding'],
  misconceptions: [
    { id: 'M40', text: 'Any hashing scheme moves only about 1/N of the keys when a server joins.' },
    { id: 'M58', text: 'Consistent hashing balances load automatically.' },
    { id: 'M59', text: 'Virtual nodes are extra servers.' },
    { id: 'M38', text: 'Hashing removes hot spots.' },
  ],
};
