/**
 * L18 — Distributed caching with consistent hashing and virtual nodes (CURRICULUM.md §4,
 * L18). A cache of four servers in front of a slow store, on a ring with one point per
 * server; clients read and write 300 keys through it. The learner adds a server on the ring
 * (one arc moves; the hit rate barely dips), then under mod N (most keys move; the hit rate
 * collapses: a miss storm), picks out the server one point per server overloads and evens
 * it out with virtual nodes, crashes a server with one and with a hundred virtual nodes (one
 * neighbour takes its keys, or many do), and meets a hot key no placement spreads.
 * Sources: Karger et al., STOC 1997; DeCandia et al., "Dynamo", SOSP 2007 §4.2.
 */
import { meta } from './l18-consistent-hashing.meta';
import { golden } from './l18-consistent-hashing.golden';
import { sandbox } from './l18-consistent-hashing.sandbox';
import { CONTROLS, PANELS, PANELS_SCHEMES, RING } from './l18-consistent-hashing.run';
import { inWords, saw, usedProtocolAction, varText, why } from './goals';
import {
  busiest,
  changeInStep,
  crashesInStep,
  DIP_SEEN_MS,
  dipOf,
  loadSpread,
  mostKeys,
  pct,
  points,
  ringOf,
  schemeNow,
  vnodesNow,
  WARM,
} from './ring-goals';
import type { GoalContext, Lesson, NearMiss } from './types';

/** The step's join and the hit rate around it, once the dip has been watched long enough. */
function joinSeen(ctx: GoalContext) {
  const change = changeInStep(ctx, 'join');
  const dip = dipOf(ctx, change);
  const seen = change !== null && dip !== null && dip.sinceMs >= DIP_SEEN_MS;
  return { change, dip, seen };
}

/** What mod N would have moved for the step's join (the Placement table's row). */
const modNFraction = (ctx: GoalContext) =>
  changeInStep(ctx, 'join')?.bySchemes.find((s) => s.scheme === 'mod-n')?.fraction ?? 0;

const ringJoined = (ctx: GoalContext) => {
  const { change, dip } = joinSeen(ctx);
  return change !== null && change.movement.fraction < 0.4 && dip !== null && dip.before >= WARM;
};

/** Crashes in the step under one virtual node, and under 100 or more. */
const crashAtOne = (ctx: GoalContext) => crashesInStep(ctx).find((c) => c.vnodes === 1);
const crashAtMany = (ctx: GoalContext) => crashesInStep(ctx).find((c) => c.vnodes >= 100);

/** The busiest server serves more than twice the mean request rate. */
const hotSpot = (ctx: GoalContext) => (busiest(ctx)?.overMean ?? 0) > 2;

/** The near miss of a join made before the cache was warm (there was no hit rate to lose). */
const coldJoin = (feedback: string): NearMiss => ({
  id: 'cold',
  when: (ctx) => {
    const { change, dip } = joinSeen(ctx);
    return change !== null && dip !== null && dip.before < WARM;
  },
  feedback,
});

export const lesson: Lesson = {
  ...meta,
  scenario: {
    scenarioId: 'hash-ring',
    seed: 18,
    nodes: 8,
    // Four servers in the ring (n5…n8 spare), one point each; 300 keys, eight sessions per
    // client: the cache warms within a few virtual seconds (the lab's defaults).
    settings: { spares: '4', placement: 'ring-vnodes', vnodes: '1', keys: '300' },
  },
  steps: [
    {
      id: 'ring-join',
      title: 'A server joins the ring',
      panels: PANELS,
      prose:
        'Four cache servers on a hash ring, one point each, in front of a slow store; clients read 300 keys through them. A key belongs to the first server clockwise from its hash.',
      task: 'Watch the hit rate climb as the cache warms. Past 90 %, press Add server, and watch the keys moved and the hit rate.',
      allow: { controls: [...CONTROLS], actions: [RING.join] },
      predict: {
        question:
          'A fifth server joins. What fraction of the keys changes server on the ring? With mod N?',
        options: [
          {
            id: 'arc',
            text: 'About one server’s share on the ring (near 1/5); about 4/5 with mod N',
            feedback: (ctx) => {
              const c = changeInStep(ctx, 'join');
              return [
                saw(
                  c !== null && c.movement.fraction < 0.4 && modNFraction(ctx) > 0.7,
                  `Right: on the ring ${c?.server ?? ''} took ${pct(c?.movement.fraction ?? 0)} of the keys, the one arc it landed in; mod N would have moved ${pct(modNFraction(ctx))} (step 2 lets you see it happen).`,
                ),
              ];
            },
          },
          {
            id: 'both',
            text: 'About 1/5 either way: any scheme moves only the newcomer’s share',
            misconception: 'M40',
            feedback: (ctx) => [
              saw(
                modNFraction(ctx) > 0.7,
                `True on the ring, not under mod N: the same join would have moved ${pct(modNFraction(ctx))} of the keys there, because hash mod 5 differs from hash mod 4 for most keys.`,
              ),
            ],
          },
          {
            id: 'even',
            text: 'Exactly 1/5 on the ring: it hands the newcomer an even share',
            misconception: 'M58',
            feedback: (ctx) => {
              const c = changeInStep(ctx, 'join');
              return [
                saw(
                  c !== null && Math.abs(c.movement.fraction - c.movement.ideal) > 0.05,
                  `${c?.server ?? ''} took ${pct(c?.movement.fraction ?? 0)}, not ${pct(c?.movement.ideal ?? 0)}: with one point per server it takes whatever arc it lands in, large or small.`,
                ),
              ];
            },
          },
        ],
        answer: 'arc',
        holds: (ctx) => ringJoined(ctx) && modNFraction(ctx) > 0.7,
      },
      goals: [
        {
          description: 'A server joins the warm ring: under 40 % of keys move',
          check: ringJoined,
        },
        {
          description: 'The hit rate dips only slightly (under 25 points)',
          check: (ctx) => {
            const { dip, seen } = joinSeen(ctx);
            return ringJoined(ctx) && seen && dip !== null && dip.drop < 0.25;
          },
        },
      ],
      nearMisses: [
        coldJoin(
          'The cache was still cold when the server joined, so there was no hit rate to lose. Press Restart this step and wait for the chart to pass 90 %.',
        ),
      ],
      hints: [
        'The chart under “Each node’s view of the ring” is the cache hit rate; it climbs as keys are fetched once and then served from memory.',
        'Once it is above 90 %, press Add server (in the ring controls above the stage): n5 joins.',
      ],
      reveal: (ctx) => {
        const { change, dip } = joinSeen(ctx);
        return [
          saw(
            change !== null && dip !== null,
            `${change?.server ?? ''} took ${pct(change?.movement.fraction ?? 0)} of the keys (one server’s ideal share is ${pct(change?.movement.ideal ?? 0)}). The hit rate went from ${pct(dip?.before ?? 0)} to at worst ${pct(dip?.lowest ?? 0)}: only the moved keys missed, once each.`,
          ),
          why(
            'On a ring a new server takes keys only from the arc it lands in; every other key keeps its server, and its cached copy.',
          ),
        ];
      },
      capture: (ctx) => {
        const { change, dip } = joinSeen(ctx);
        return { ringMoved: change?.movement.fraction ?? 0, ringDrop: dip?.drop ?? 0 };
      },
    },
    {
      id: 'mod-n',
      title: 'The same join under mod N',
      panels: PANELS_SCHEMES,
      prose:
        'Mod N sends a key to server number hash(key) mod N: simple, and even. Switch the placement to mod N (that change alone moves most keys), let the cache warm again, then add a server once more.',
      task: 'Choose mod N in Placement. When the hit rate is back above 90 %, press Add server.',
      allow: { controls: [...CONTROLS], actions: [RING.join, RING.scheme] },
      goals: [
        {
          description: 'Placement is mod N',
          check: (ctx) => usedProtocolAction(ctx, 'set-placement') && schemeNow(ctx) === 'mod-n',
        },
        {
          description: 'A server joins under mod N: over 70 % of keys move',
          check: (ctx) => {
            const c = changeInStep(ctx, 'join');
            return c !== null && schemeNow(ctx) === 'mod-n' && c.movement.fraction > 0.7;
          },
        },
        {
          description: 'The hit rate collapses: a drop of over 50 points',
          check: (ctx) => {
            const { change, dip } = joinSeen(ctx);
            return (
              change !== null &&
              change.movement.fraction > 0.7 &&
              dip !== null &&
              dip.before >= WARM &&
              dip.drop > 0.5
            );
          },
        },
      ],
      nearMisses: [
        coldJoin(
          'The server joined while the cache was still refilling after the switch to mod N, so the storm had little to destroy. Press Restart this step and wait for the chart to pass 90 % before adding the server.',
        ),
      ],
      hints: [
        'Placement is the first control above the stage. Switching scheme is itself a change: watch the hit rate fall and climb back.',
        'Choose “mod N”, wait until the chart is above 90 % again, then press Add server.',
      ],
      reveal: (ctx) => {
        const { change, dip } = joinSeen(ctx);
        const ringMoved = Number(varText(ctx, 'ringMoved'));
        const ringDrop = Number(varText(ctx, 'ringDrop'));
        return [
          saw(
            change !== null && dip !== null && dip.drop > 0.5,
            `${change?.server ?? ''} joining moved ${pct(change?.movement.fraction ?? 0)} of the keys (on the ring: ${pct(ringMoved)}). The hit rate fell from ${pct(dip?.before ?? 0)} to ${pct(dip?.lowest ?? 0)}, a drop of ${points(dip?.drop ?? 0)} (on the ring: ${points(ringDrop)}).`,
          ),
          why(
            'Every moved key is a miss at its new server, and every miss is a trip to the slow store: a miss storm. hash mod 6 ≠ hash mod 5 for about five keys in six.',
          ),
        ];
      },
    },
    {
      id: 'spread',
      title: 'One point per server is uneven',
      panels: PANELS_SCHEMES,
      freshRun: { settings: { keys: '1000', spares: '2' } },
      prose:
        'A new run: six servers on the ring, one point each, 1,000 keys. Each server owns the arc before its point, and six random points make arcs of very different lengths. The servers’ table lists the keys each one owns.',
      task: 'In the servers’ table, pick the server that owns the most keys. Then drag Virtual nodes per server to 100.',
      allow: { controls: [...CONTROLS], actions: [RING.vnodes] },
      goals: [
        {
          description: 'You pick out the overloaded server (max/mean over 1.5)',
          check: (ctx) =>
            vnodesNow(ctx) === 1 &&
            loadSpread(ctx) > 1.5 &&
            ctx.selected != null &&
            ctx.selected === mostKeys(ctx),
        },
        {
          description: 'With more virtual nodes, max/mean falls under 1.2',
          check: (ctx) =>
            usedProtocolAction(ctx, 'set-vnodes') && vnodesNow(ctx) > 1 && loadSpread(ctx) < 1.2,
        },
      ],
      nearMisses: [
        {
          id: 'wrong-server',
          when: (ctx) =>
            vnodesNow(ctx) === 1 && ctx.selected != null && ctx.selected !== mostKeys(ctx),
          feedback:
            'That server is not the busiest: compare the “Keys owned” column and pick the largest.',
        },
      ],
      hints: [
        'The table under the ring has a “Keys owned” column; the mean is 1,000 / 6 ≈ 167.',
        'Click the name of the server with the most keys in the table, then move the Virtual nodes per server slider to 100 and let go.',
      ],
      reveal: (ctx) => {
        const spread = loadSpread(ctx);
        // The spread plot's first point: the same servers with one point each.
        const atOne = ringOf(ctx)?.spreadByVnodes.find((p) => p.vnodes === 1)?.maxOverMean ?? 0;
        return [
          saw(
            spread < 1.2 && vnodesNow(ctx) > 1 && atOne > 1.5,
            `With ${vnodesNow(ctx)} points per server, the busiest server owns ${spread.toFixed(2)} × the mean number of keys; with one point each it owned ${atOne.toFixed(2)} ×.`,
          ),
          why(
            'Virtual nodes are not extra servers: each server gets many points, so it owns many small arcs whose lengths average out (Dynamo §4.2).',
          ),
        ];
      },
    },
    {
      id: 'crash',
      title: 'Where a crashed server’s keys go',
      panels: PANELS_SCHEMES,
      prose:
        'When a cache server crashes, its keys’ requests go to the next server clockwise. With one point per server that is one neighbour; with many points, the keys after each of its points go to whichever server comes next there.',
      task: 'Set Virtual nodes per server to 1 and crash a server; restart it. Then set 100 and crash a server again. Open “Where the moved keys went” each time.',
      allow: {
        controls: [...CONTROLS],
        actions: [RING.vnodes, 'crash', 'restart'],
      },
      goals: [
        {
          description: 'With 1 virtual node, a crash: one neighbour takes all its keys',
          check: (ctx) => {
            const c = crashAtOne(ctx);
            return c !== undefined && Object.keys(c.to).length === 1;
          },
        },
        {
          description: 'With 100 or more, a crash spreads its keys over at least 4 servers',
          check: (ctx) => {
            const c = crashAtMany(ctx);
            return (
              crashAtOne(ctx) !== undefined && c !== undefined && Object.keys(c.to).length >= 4
            );
          },
        },
      ],
      hints: [
        'Drag the slider to 1 (Home key), click a server on the stage and choose Crash; then Restart it.',
        'Drag the slider to 100, wait a moment for every node to have the new ring, then crash a server again.',
      ],
      reveal: (ctx) => {
        const one = crashAtOne(ctx);
        const many = crashAtMany(ctx);
        const onlyTo = one ? Object.keys(one.to) : [];
        const spreadTo = many ? Object.keys(many.to).sort() : [];
        return [
          saw(
            onlyTo.length === 1 && spreadTo.length >= 4,
            `With one point, all ${one?.moved ?? 0} of ${one?.node ?? ''}’s keys went to ${onlyTo[0] ?? ''}. With ${many?.vnodes ?? 0} points, ${many?.node ?? ''}’s ${many?.moved ?? 0} keys went to ${inWords(spreadTo)}.`,
          ),
          why(
            'Spreading a failed server’s load over many survivors keeps any one of them from doubling its traffic, and its misses, at once.',
          ),
        ];
      },
    },
    {
      id: 'hot',
      title: 'A hot key',
      panels: PANELS_SCHEMES,
      freshRun: { settings: { workload: 'hot', spares: '2' } },
      prose:
        'A new run: six servers, one point each, and a celebrity key: half of all requests are for key-0. Consistent hashing places keys; it does not know how popular they are.',
      task: 'Pick out the server with the most requests per second in the table. Then raise Virtual nodes per server to 100 or more, and look again.',
      allow: { controls: [...CONTROLS], actions: [RING.vnodes] },
      goals: [
        {
          description: 'You pick out the overloaded server (over 2 × the mean requests/s)',
          check: (ctx) =>
            vnodesNow(ctx) === 1 &&
            hotSpot(ctx) &&
            ctx.selected != null &&
            ctx.selected === busiest(ctx)?.node,
        },
        {
          description: 'With 100 or more virtual nodes, one server still serves over 2 × the mean',
          check: (ctx) =>
            usedProtocolAction(ctx, 'set-vnodes') &&
            vnodesNow(ctx) >= 100 &&
            ringOf(ctx)?.viewsAgree === true &&
            hotSpot(ctx),
        },
      ],
      hints: [
        'The “Req/s” column counts each server’s requests over the last second.',
        'Click the server with the highest Req/s, then drag the slider to 100 and let go; wait until every node has the new ring.',
      ],
      reveal: (ctx) => {
        const top = busiest(ctx);
        return [
          saw(
            top !== null && top.overMean > 2 && vnodesNow(ctx) >= 100,
            `With ${vnodesNow(ctx)} points per server, ${top?.node ?? ''} still serves ${top?.rps ?? 0} requests a second, ${(top?.overMean ?? 0).toFixed(1)} × the mean: it owns key-0, and one key lives on one server however the ring is cut.`,
          ),
          why(
            'Hashing spreads keys, not requests. Hot keys need something else: replicate them to several servers and read any copy, cache them locally in the clients, or split them into key-0#1…key-0#k and spread reads over the parts.',
          ),
        ];
      },
      replayMs: 2500,
    },
  ],
  sandbox,
  golden,
};
