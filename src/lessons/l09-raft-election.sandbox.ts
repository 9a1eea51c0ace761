/** L09's sandbox: everything open, and challenges the checkers grade. */
import { num } from './goals';
import { elections, leaderlessTerms } from './raft-goals';
import type { Lesson } from './types';
import { firstUp, firstDown } from './l09-raft-election.run';

export const sandbox: Lesson['sandbox'] = {
  prose:
    'All controls are open: crash, restart, pause, partition, drop and delay messages, Timeout any server. Try the challenges below. To step up a level, open the sweep in the lab: it runs 100 elections at once, so you can see how narrow the timeout spread can get before elections start to fail.',
  challenges: [
    {
      id: 'two-splits',
      text: 'Cause two leaderless terms in a row, then let the cluster recover',
      goal: {
        description: 'Two consecutive leaderless terms, then a leader',
        check: (ctx) => {
          const lost = leaderlessTerms(ctx);
          return lost.some(
            (t, i) => lost[i + 1] === t + 1 && elections(ctx).some((f) => num(f, 'term') > t + 1),
          );
        },
      },
    },
    {
      id: 'five-terms-up',
      text: 'Get a leader elected in a term at least 5 above the highest term when the sandbox opened',
      goal: {
        description: 'A leader elected 5 terms above the sandbox’s start',
        check: (ctx) => {
          const from = Math.max(0, ...ctx.start.frame.nodes.map((n) => n.term ?? 0));
          return elections(ctx).some((f) => num(f, 'term') >= from + 5);
        },
      },
    },
  ],
  // Below a majority the survivors' terms climb, one leaderless term after another; with
  // the others back, one of them wins a term well above where the sandbox began.
  golden: [
    { act: (ctx) => ({ type: 'crash', node: firstUp(ctx) }) },
    { act: (ctx) => ({ type: 'crash', node: firstUp(ctx) }) },
    { waitMs: 4000 },
    { act: (ctx) => ({ type: 'restart', node: firstDown(ctx) }) },
    { act: (ctx) => ({ type: 'restart', node: firstDown(ctx) }) },
    { act: (ctx) => ({ type: 'restart', node: firstDown(ctx) }) },
    { waitMs: 4000 },
  ],
};
