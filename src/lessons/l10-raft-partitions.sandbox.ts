/** L10's sandbox: everything open, and challenges the checkers grade. */
import type { Lesson } from './types';
import {
  send,
  readIndexRefused,
  staleLocalReads,
  newestLeader,
  oldestLeader,
  leaderNow,
} from './l10-raft-partitions.run';
import { factsOf, str } from './goals';
import { upServers } from './raft-goals';

export const sandbox: Lesson['sandbox'] = {
  prose:
    'Everything is open: partition, heal, crash, and send what you like from the client. Try the challenges below.',
  challenges: [
    {
      id: 'stale-read',
      text: 'Make an acknowledged write seem to disappear: after it is acknowledged, read an older value with Reads “leader answers locally”',
      goal: {
        description: 'A local read older than an acknowledged write',
        check: (ctx) => staleLocalReads(ctx).length > 0,
      },
    },
    {
      id: 'read-index-refuses',
      text: '…then ask the same server with ReadIndex: it gives no answer rather than the old value',
      goal: {
        description: 'ReadIndex refused where a stale local read was served',
        check: (ctx) => staleLocalReads(ctx).some((f) => readIndexRefused(ctx, f.node)),
      },
    },
    {
      id: 'truncate',
      text: 'Make a leader drop an entry it had appended',
      goal: {
        description: 'A truncation',
        check: (ctx) => factsOf(ctx.trace, 'truncated').length > 0,
      },
    },
    {
      id: 'read-index',
      text: 'Get a ReadIndex read answered by the real leader',
      goal: {
        description: 'A ReadIndex read served',
        check: (ctx) =>
          factsOf(ctx.trace, 'read-served').some((f) => str(f, 'mode') === 'read-index'),
      },
    },
  ],
  // The lesson's own trick again: cut the leader off with one follower, write at both
  // leaders, read locally at the old one, then with ReadIndex; heal, and read at the leader.
  golden: [
    {
      act: (ctx) => {
        const leader = leaderNow(ctx);
        const others = upServers(ctx)
          .map((s) => s.id)
          .filter((id) => id !== leader);
        return { type: 'partition', groups: [[leader, others[0] ?? ''], others.slice(1)] };
      },
    },
    { waitMs: 3000 },
    {
      act: (ctx) => send({ server: oldestLeader(ctx), op: 'put', key: 'y', value: '0' }),
    },
    { waitMs: 2500 },
    {
      act: (ctx) => send({ server: newestLeader(ctx), op: 'put', key: 'y', value: '1' }),
    },
    { waitMs: 1000 },
    {
      act: (ctx) => send({ server: oldestLeader(ctx), op: 'get', key: 'y', read: 'local' }),
    },
    { waitMs: 500 },
    {
      act: (ctx) => send({ server: oldestLeader(ctx), op: 'get', key: 'y', read: 'read-index' }),
    },
    { waitMs: 2500 },
    { act: { type: 'heal' } },
    { waitMs: 2000 },
    {
      act: (ctx) => send({ server: leaderNow(ctx), op: 'get', key: 'y', read: 'read-index' }),
    },
    { waitMs: 1500 },
  ],
};
