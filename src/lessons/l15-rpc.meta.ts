/** rpc: what the home page shows of the lesson (loaded with the page; the steps load when it opens). */
import type { LessonMeta } from './types';

export const meta: LessonMeta = {
  id: 'rpc',
  stepCount: 5,
  number: 15,
  title: 'RPC with request ids: timeouts, retries, at-most-once',
  minutes: 15,
  objectives: [
    'Explain why a timed-out call may still have happened',
    'Watch a retry charge twice, and request ids with a dedup table charge once',
    'See why the dedup table must survive a crash, and when a retry is harmless anyway',
  ],
  prerequisites: ['two-generals'],
  misconceptions: [
    { id: 'M09', text: 'A timeout means it did not happen.' },
    { id: 'M49', text: 'A remote call is like a local call.' },
    { id: 'M50', text: 'Retries are always safe.' },
    { id: 'M51', text: 'Request ids can be kept in memory only.' },
  ],
};
