/**
 * L12 — Sharding: range, hash and directory partitioning (CURRICULUM.md §4, L12). Four shard
 * servers (s1–s4) and a spare (s5) share keys 0–999; four clients read and write, one
 * operation at a time each. Every step opens a run with its partitioning and workload and
 * waits for the learner to start the clients, so what the figures show is what the step did:
 * timestamps pile onto the last range; hashing spreads them but a range scan then asks every
 * shard; a directory lets the learner move the heavy entry to a shard of its own, and its crash
 * shows the single point of failure; mod N moves most keys when a shard joins; a celebrity key
 * stays hot under any hash. Figures are the Shard map panel's own (Kleppmann, DDIA ch. 6).
 */
import { meta } from './l12-sharding.meta';
import { BALANCED, directoryStep } from './l12-sharding.directory';
import { golden } from './l12-sharding.golden';
import { sandbox } from './l12-sharding.sandbox';
import { inWords, num, saw, why } from './goals';
import {
  CONTROLS,
  PANELS,
  PANELS_CONSOLE,
  SCAN_FROM,
  SCAN_TO,
  SPARE,
  START_PRESET,
} from './l12-sharding.run';
import {
  busiest,
  keysWords,
  learnerScan,
  LOAD_WINDOW_MS,
  maxOverMean,
  members,
  movesSettled,
  movesThisStep,
  pct,
  scansAsked,
  shardMap,
  startedClients,
} from './sharding-goals';
import type { GoalContext, Lesson, Telling } from './types';

/** Step 1's threshold: one shard answers more than this share of the requests (§4: > 60 %). */
const HOT_SHARE = 0.6;
const HALF_WINDOW = LOAD_WINDOW_MS / 2;
/** Step 4: the moved fraction §4 asks for under mod N (4 → 5 shards moves about 4/5). */
const MOVED_LOW = 0.7;
const MOVED_HIGH = 0.9;
/** Step 5: a shard at least this much above the mean is hot, hashing or not. */
const HOT_RATIO = 1.5;

/** Step 4: the moves of the join are done, and the panel's keys-moved figure. */
function joinMoved(ctx: GoalContext): number | null {
  if (!movesSettled(ctx)) return null;
  return shardMap(ctx)?.figures.keysMovedFraction ?? null;
}

const inBand = (f: number | null) => f !== null && f >= MOVED_LOW && f <= MOVED_HIGH;

/** Step 4's feedback on an answer: `sentence` of the fraction moved (a percentage), once it is in band. */
const joinFeedback =
  (sentence: (moved: string) => string): Telling =>
  (ctx) => {
    const f = joinMoved(ctx);
    return [saw(inBand(f), sentence(pct(f ?? 0)))];
  };

export const lesson: Lesson = {
  ...meta,
  scenario: {
    scenarioId: 'sharding',
    seed: 12,
    nodes: 4,
    speed: 1,
    // Four range shards and a spare; four clients that wait to be started; no background
    // scans (a scan on the map is the learner's own); timestamps.
    settings: {
      partitioning: 'range',
      workload: 'monotonic',
      clients: '4',
      spares: '1',
      scans: '0',
      start: 'manual',
    },
  },
  steps: [
    {
      id: 'range-timestamps',
      title: 'Range partitioning meets timestamps',
      panels: PANELS,
      prose:
        'Keys 0–999 are split into four ranges, one per shard server: s1 holds 0–249 … s4 holds 750–999; s5 is a spare. The clients write timestamps, as an event log does: each new key is one higher than the last.',
      task: 'Press Start the clients, then watch the load column of the shard map and the heat map.',
      presets: [START_PRESET],
      allow: { controls: [...CONTROLS], actions: ['protocol:workload-on'] },
      goals: [
        {
          description: 'One shard answers more than 60% of the requests (over 3 s or more)',
          check: (ctx) => {
            const top = busiest(shardMap(ctx));
            return (
              startedClients(ctx) &&
              (shardMap(ctx)?.loadWindowMs ?? 0) >= 3000 &&
              top !== null &&
              top.share > HOT_SHARE
            );
          },
        },
      ],
      hints: [
        'The button Start the clients starts c1–c4 at once.',
        'Read the shard map’s rows: the share of requests each server answers.',
      ],
      reveal: (ctx) => {
        const m = shardMap(ctx);
        const top = busiest(m);
        const slice = top?.slices[0];
        const held = slice?.kind === 'range' ? keysWords(slice.lo, slice.hi) : '';
        const others = m ? members(m).filter((r) => r.node !== top?.node) : [];
        const rest = others.reduce((n, r) => n + r.share, 0);
        return [
          saw(
            top !== null && top.share > HOT_SHARE && held !== '',
            `${top?.node ?? ''} answered ${pct(top?.share ?? 0)} of the requests: its range, ${held}, holds every new timestamp. ${inWords(others.map((r) => r.node))} answered ${rest < 0.005 ? 'none' : `${pct(rest)} between them`}.`,
          ),
          why(
            'Range partitioning keeps neighbouring keys together, so when the newest keys are the busiest they all land on one shard (DDIA ch. 6). A common fix puts something else first in the key, such as a sensor id.',
          ),
        ];
      },
    },
    {
      id: 'hash-scan',
      title: 'Hash partitioning, then a range scan',
      panels: PANELS_CONSOLE,
      freshRun: { settings: { partitioning: 'hash' } },
      prose:
        'A new run with the same timestamps, now placed by hash(key) mod 4: neighbouring keys land on different shards. Then ask for a range, as a report over users 100–199 would.',
      task: `Press Start the clients. Once max/mean load is under 1.3, scan from the console of c1: From key ${SCAN_FROM}, To key ${SCAN_TO}, Range scan.`,
      presets: [START_PRESET],
      allow: {
        controls: [...CONTROLS],
        actions: ['protocol:workload-on', 'protocol:scan'],
      },
      goals: [
        {
          description: `Max/mean load under ${BALANCED} (over 5 s or more)`,
          check: (ctx) => {
            const f = maxOverMean(ctx, HALF_WINDOW);
            return startedClients(ctx) && f !== null && f < BALANCED;
          },
        },
        {
          description: `A scan of keys ${SCAN_FROM}–${SCAN_TO - 1} asks all 4 shards`,
          check: (ctx) => {
            const m = shardMap(ctx);
            const done = learnerScan(ctx, SCAN_FROM, SCAN_TO);
            return (
              done !== undefined &&
              m !== null &&
              num(done, 'touched') === members(m).length &&
              m.figures.lastFanOut?.touched === members(m).length
            );
          },
        },
      ],
      nearMisses: [
        {
          id: 'other-range',
          when: (ctx) => scansAsked(ctx).some((s) => s.from !== SCAN_FROM || s.to !== SCAN_TO),
          feedback: `That scan covered other keys. The step asks for keys ${SCAN_FROM}–${SCAN_TO - 1}: From key ${SCAN_FROM}, To key ${SCAN_TO} (the last is not included).`,
        },
      ],
      hints: [
        'Start the clients, and give the figures a few seconds: max/mean is taken over the last 10 s.',
        `The console of c1 is beside the stage: From key ${SCAN_FROM}, To key (not included) ${SCAN_TO}, then Range scan. Its fan-out shows under “After the last change”.`,
      ],
      reveal: (ctx) => {
        const f = maxOverMean(ctx, HALF_WINDOW);
        const done = learnerScan(ctx, SCAN_FROM, SCAN_TO);
        const m = shardMap(ctx);
        const n = m ? members(m).length : 0;
        const touched = done ? num(done, 'touched') : 0;
        return [
          saw(
            f !== null && f < BALANCED,
            `Max/mean load came down to ${f?.toFixed(2) ?? ''}: hashing scattered the timestamps over all ${n} shards.`,
          ),
          saw(
            done !== undefined && touched === n,
            `But your scan of keys ${SCAN_FROM}–${SCAN_TO - 1} asked all ${touched} shards: under hash, neighbouring keys live anywhere, so every shard must look.`,
          ),
          why(
            'Under step 1’s ranges the same keys all lay on s1: one shard answers the scan. Range partitioning makes range scans cheap; hashing trades that for even load.',
          ),
        ];
      },
    },
    directoryStep,
    {
      id: 'add-fifth',
      title: 'Hash mod N gains a fifth shard',
      panels: PANELS,
      freshRun: { settings: { partitioning: 'hash', workload: 'uniform', start: 'auto' } },
      highlight: () => [SPARE],
      prose:
        'A new run: hash(key) mod 4 over uniform keys, the clients already writing. s5 waits as a spare. When it joins, every key’s place becomes hash(key) mod 5 instead of mod 4.',
      task: `Answer the question. Let the clients write a few seconds, then press “Add shard server (${SPARE})” under the shard map and wait for the moves to finish.`,
      allow: { controls: [...CONTROLS], actions: ['protocol:add-server'] },
      predict: {
        question:
          'Going from hash mod 4 to hash mod 5, roughly what fraction of the stored keys change shard?',
        options: [
          {
            id: 'fifth',
            text: 'About 20%: the new shard takes its fair share, 1/5',
            misconception: 'M40',
            feedback: joinFeedback(
              (moved) =>
                `Not a fifth: ${moved} of the keys moved. s5 did end up with about a fifth, but most of the others changed shard among s1–s4 too.`,
            ),
          },
          {
            id: 'quarter',
            text: 'About 25%: a quarter of each old shard’s keys',
            misconception: 'M40',
            feedback: joinFeedback(
              (moved) =>
                `${moved} moved, not a quarter: a key stays only where hash mod 4 and hash mod 5 agree.`,
            ),
          },
          {
            id: 'most',
            text: 'About 80%: most keys’ hash mod 5 differs from their hash mod 4',
            feedback: joinFeedback(
              (moved) =>
                `Right: ${moved} moved. A key stays put only when hash mod 4 = hash mod 5, about one key in five.`,
            ),
          },
        ],
        answer: 'most',
        holds: (ctx) => inBand(joinMoved(ctx)),
      },
      goals: [
        {
          description: `${SPARE} joins: the map becomes hash mod 5`,
          check: (ctx) => {
            const m = shardMap(ctx);
            return (
              movesThisStep(ctx).length > 0 &&
              m !== null &&
              members(m).length === 5 &&
              members(m).some((r) => r.node === SPARE)
            );
          },
        },
        {
          description: `Keys moved between ${pct(MOVED_LOW)} and ${pct(MOVED_HIGH)}, once the moves finish`,
          check: (ctx) => inBand(joinMoved(ctx)),
        },
      ],
      hints: [
        `The Add shard server (${SPARE}) button is under the shard map, in Rebalance.`,
        'The moves copy keys while the clients keep writing; the figure “Keys moved” appears under “After the last change”.',
      ],
      reveal: (ctx) => {
        const m = shardMap(ctx);
        const f = joinMoved(ctx);
        const moves = movesThisStep(ctx);
        const toSpare = moves
          .filter((mv) => mv.to === SPARE)
          .reduce((n, mv) => n + mv.keysMoved, 0);
        const all = moves.reduce((n, mv) => n + mv.keysMoved, 0);
        const between = all - toSpare;
        return [
          saw(
            inBand(f) && m !== null && all > 0,
            `${pct(f ?? 0)} of the stored keys moved: ${all} keys in ${moves.length} moves. Only ${toSpare} went to ${SPARE}; the other ${between} changed shard among the four old ones.`,
          ),
          why(
            'Under mod N, a key keeps its shard only if hash mod N and hash mod N+1 agree, about 1 in N+1: almost everything moves. Consistent hashing (L18) moves only about 1/(N+1).',
          ),
        ];
      },
      replayMs: 3000,
    },
    {
      id: 'celebrity',
      title: 'A celebrity key under hashing',
      panels: PANELS,
      freshRun: { settings: { partitioning: 'hash', workload: 'celebrity' } },
      prose:
        'A new run, hash mod 4 again. One key is a celebrity: 30% of all requests ask for it, as for a famous account on a social network. The other keys are asked for evenly.',
      task: 'Answer the question, press Start the clients, and watch the shard map.',
      presets: [START_PRESET],
      allow: { controls: [...CONTROLS], actions: ['protocol:workload-on'] },
      predict: {
        question: 'Under hash partitioning, how will the celebrity key’s load spread?',
        options: [
          {
            id: 'even',
            text: 'Evenly: hashing spreads any load over the shards',
            misconception: 'M38',
            feedback: (ctx) => {
              const top = busiest(shardMap(ctx));
              return [
                saw(
                  top !== null && top.share > 0.3,
                  `It did not: ${top?.node ?? ''} answered ${pct(top?.share ?? 0)} of the requests. Hashing spreads keys, but one key lives on one shard.`,
                ),
              ];
            },
          },
          {
            id: 'hot',
            text: 'One shard takes all of the celebrity’s requests and stays hot',
            feedback: (ctx) => {
              const top = busiest(shardMap(ctx));
              return [
                saw(
                  top !== null && top.share > 0.3,
                  `Right: ${top?.node ?? ''} answered ${pct(top?.share ?? 0)} of the requests, the celebrity’s and its share of the rest.`,
                ),
              ];
            },
          },
        ],
        answer: 'hot',
        holds: (ctx) => {
          const f = maxOverMean(ctx, HALF_WINDOW);
          return f !== null && f >= HOT_RATIO;
        },
      },
      goals: [
        {
          description: `One shard at ${HOT_RATIO}× the mean load or more (over 5 s or more), holding the hottest key`,
          check: (ctx) => {
            const f = maxOverMean(ctx, HALF_WINDOW);
            const m = shardMap(ctx);
            return (
              startedClients(ctx) &&
              f !== null &&
              f >= HOT_RATIO &&
              m?.hotKeys[0]?.node === busiest(m)?.node
            );
          },
        },
      ],
      hints: [
        'Start the clients and give the figures a few seconds.',
        'The shard map names the hottest keys and the server that answers each.',
      ],
      reveal: (ctx) => {
        const m = shardMap(ctx);
        const hot = m?.hotKeys[0];
        const top = busiest(m);
        const all = m ? m.shards.reduce((n, r) => n + r.requestsPerSec, 0) : 0;
        const hotShare =
          all > 0 && hot ? hot.requests / ((all * (m?.loadWindowMs ?? 1)) / 1000) : 0;
        return [
          saw(
            hot !== undefined && top !== null && hot.node === top.node,
            `Key ${hot?.key ?? ''} alone drew ${hot?.requests ?? 0} requests in the last ${Math.round((m?.loadWindowMs ?? 0) / 1000)} s (${pct(hotShare)} of all), every one on ${hot?.node ?? ''}; ${top?.node ?? ''} answered ${pct(top?.share ?? 0)}, max/mean ${m?.figures.maxOverMean?.toFixed(2) ?? ''}.`,
          ),
          why(
            'Hashing spreads keys, not the requests for one key. The fixes split the key itself (append a random digit and read all ten copies, DDIA ch. 6) or cache it in front of the shards.',
          ),
        ];
      },
    },
  ],
  sandbox,
  golden,
};
