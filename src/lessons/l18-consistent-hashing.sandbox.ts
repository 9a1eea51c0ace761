/**
 * L18's sandbox: a new run of the lesson's cache (four servers in the ring, four spares, one
 * point each, 300 keys), every control open, and the curriculum's challenge: scale the ring
 * from 4 to 8 servers and survive a crash with the hit rate above 90 %, with as few virtual
 * nodes as will keep the load even. Graded by the lab's own figures: the hit rate over the
 * scale-up (the hit-rate buckets) and the keys-moved card's load spread after the crash.
 */
import { addServer, vnodes } from './l18-consistent-hashing.run';
import { ringOf, hitRateSince } from './ring-goals';
import type { GoalContext, Lesson } from './types';

/** How long after the last change the hit rate is judged (virtual ms): its misses are in. */
const SETTLED_MS = 2000;

/** The scale-up is done: eight servers in the ring, one of them crashed, changes settled. */
function scaledUp(ctx: GoalContext): { from: number } | null {
  const ring = ringOf(ctx);
  if (!ring) return null;
  const members = ring.servers.filter((s) => s.member);
  const down = members.filter((s) => !s.up);
  const last = ring.lastChange;
  const firstJoin = ctx.trace.find((e) => e.k === 'action' && e.action.id === 'join');
  if (members.length < 8 || down.length < 1 || !firstJoin || !last) return null;
  if (ctx.frame.time < last.at + SETTLED_MS) return null;
  return { from: firstJoin.t };
}

/** Hits / reads from the first Add server until now, once the scale-up is done. */
const scaleUpHitRate = (ctx: GoalContext): number | null => {
  const done = scaledUp(ctx);
  return done ? hitRateSince(ctx, done.from) : null;
};

export const sandbox: Lesson['sandbox'] = {
  freshRun: {},
  prose:
    'A new run of the cache: four servers in the ring, four spares, one point each. Everything is open. Scale out as a real cache tier must: without a miss storm, and with load even enough that no server is swamped.',
  challenges: [
    {
      id: 'scale-up-hits',
      text: 'Add servers until eight are in the ring, then crash one: keep 90 % of reads hitting from your first Add server until 2 s after the crash',
      goal: {
        description: 'Hit rate over the scale-up at least 90 %',
        check: (ctx) => (scaleUpHitRate(ctx) ?? 0) >= 0.9,
      },
    },
    {
      id: 'scale-up-even',
      text: 'Do the same ending with load spread (max/mean, on the keys-moved card after the crash) under 1.3, with as few virtual nodes as you can: 100 or fewer',
      goal: {
        description: 'Even load after the crash, 100 virtual nodes or fewer',
        check: (ctx) => {
          const ring = ringOf(ctx);
          const last = ring?.lastChange;
          return (
            (scaleUpHitRate(ctx) ?? 0) >= 0.9 &&
            ring !== null &&
            ring.vnodes <= 100 &&
            last?.kind === 'crash' &&
            last.after.maxOverMean < 1.3
          );
        },
      },
    },
  ],
  // Warm up, 100 virtual nodes, then a server every six seconds and a crash.
  golden: [
    { waitMs: 6000 },
    vnodes(100),
    { waitMs: 5000 },
    addServer,
    { waitMs: 6000 },
    addServer,
    { waitMs: 6000 },
    addServer,
    { waitMs: 6000 },
    addServer,
    { waitMs: 6000 },
    { act: { type: 'crash', node: 'n2' } },
    { waitMs: 3000 },
  ],
};
