/** L16's sandbox (provisional). */
import type { Lesson } from './types';
import { backlog } from './queue-goals';

export const sandbox: Lesson['sandbox'] = {
  freshRun: { settings: { partitionByKey: '1', idempotent: '1' } },
  prose: 'Everything is open.',
  challenges: [
    {
      id: 'backlog',
      text: 'Build a backlog of 30',
      goal: { description: 'backlog', check: (ctx) => backlog(ctx) >= 30 },
    },
  ],
};
