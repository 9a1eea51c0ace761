/**
 * L15's sandbox (CURRICULUM L15): a new run at 20 % message loss, with idempotency keys and a
 * persisted dedup table, and a client withdrawing 4 times a second. The learner crashes the
 * server however and whenever they like; the checker "Each request takes effect at most once"
 * counts duplicates and losses, and the challenges are graded on its totals.
 */
import { counted } from './goals';
import { arm, restartServer } from './l15-rpc.run';
import { duplicates, losses, chargedRequests, SERVER, serverCrashes } from './rpc-goals';
import type { Lesson, Move } from './types';

/** Withdrawals the first challenge asks for. */
export const EXACTLY_ONCE_TARGET = 100;
/** Server crashes the first challenge asks for. */
export const CRASHES_TARGET = 3;

const crash: Move = { act: { type: 'crash', node: SERVER } };

export const sandbox: Lesson['sandbox'] = {
  freshRun: {
    settings: {
      rate: '4',
      loss: '20',
      latency: '150',
      semantics: 'idempotency-key',
      persistDedup: '1',
      timeout: '1000',
      attempts: '10',
      base: '200',
      cap: '5000',
      dedupTtl: '600',
    },
  },
  speed: 1,
  prose:
    'A new run: the network loses 20 % of messages, and c1 withdraws 10 four times a second with idempotency keys and a dedup table on disk. Everything is open: crash the server (any way, from its menu) and restart it. The challenges count duplicates and losses as the checker “Each request takes effect at most once” finds them.',
  challenges: [
    {
      id: 'exactly-once',
      text: `Crash the server ${CRASHES_TARGET} times and still get ${EXACTLY_ONCE_TARGET} withdrawals done exactly once: no duplicate, no loss`,
      goal: {
        description: `${EXACTLY_ONCE_TARGET} withdrawals exactly once, through ${CRASHES_TARGET} crashes`,
        check: (ctx) => {
          const clean = duplicates(ctx) === 0 && losses(ctx) === 0;
          const c = counted(clean ? chargedRequests(ctx) : 0, EXACTLY_ONCE_TARGET, 'withdrawals');
          return { ...c, done: c.done && serverCrashes(ctx) >= CRASHES_TARGET };
        },
      },
    },
    {
      id: 'loss',
      text: 'Now make the checker count a loss: keep the server down until the client gives up',
      goal: {
        description: 'A withdrawal lost',
        check: (ctx) => losses(ctx) > 0,
      },
    },
  ],
  golden: [
    { waitMs: 4_000 },
    arm('crash-after-effect'),
    { waitMs: 3_000 },
    restartServer,
    { waitMs: 4_000 },
    crash,
    { waitMs: 3_000 },
    restartServer,
    arm('crash-before-effect'),
    { waitMs: 3_000 },
    restartServer,
    { waitMs: 25_000 },
    crash,
    { waitMs: 60_000 },
  ],
};
