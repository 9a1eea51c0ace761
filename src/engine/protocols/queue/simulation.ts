/**
 * The message queue's randomized suites, run by the one seed runner. Each seed runs the lab's
 * own scenario for 4 s of publishing under faults — consumer crashes and restarts, crashes
 * armed between the side effect and the ack or before processing, pauses, members leaving
 * and joining (rebalances), broker and store crashes, partitions, cuts, loss, duplication and
 * reordering — then the network heals, every node restarts, crashes are disarmed, consumers
 * rejoin and producers stop, and the consumers drain for 4 s more. Then:
 * - acknowledging after processing, no message is lost: every confirmed publish took effect
 *   in every group, or was dead-lettered (a poison message); duplicates are tolerated, and
 *   the checker's count of them must equal the store's;
 * - with an idempotent consumer, besides, no side effect is applied twice;
 * - partitioned by key, without network loss or broker crashes (so no producer retry and no
 *   lost delivery reorders), one producer's messages of one key take effect in order.
 */
import type { SimulationSuite } from '../../package';
import type { SimAction } from '../../sim/actions';
import { pick } from '../../sim/draws';
import type { Rng } from '../../sim/prng';
import type { Simulation } from '../../sim/simulation';
import { crashesAndCuts, healAll, type FaultMix } from '../../testing/nemesis';
import { fromLab } from '../../testing/lab-suite';
import { noLostMessage } from './checker';
import type { StoreView } from './store';
import { STORE_ID } from './scenarios';
import { queueEntry } from './scenarios';
import type { BrokerSummary } from './summary';

const CONSUMER_FAULTS = [
  'crash-after-processing',
  'crash-before-processing',
  'leave-group',
  'join-group',
  'join-group',
  'slow-down',
  'speed-up',
] as const;

const ofProtocol = (sim: Simulation, protocol: string): string[] =>
  sim.world.nodes.filter((n) => n.protocol === protocol).map((n) => n.id);

/**
 * One fault now: a quarter of the time a consumer's own (an armed crash, leaving or joining
 * its group, slowing down), else a crash, restart, pause or network fault from the shared
 * nemesis among `targets` with the suite's mix.
 */
function queueNemesis(mix: FaultMix, everyone: boolean) {
  return (sim: Simulation, rng: Rng): SimAction | null => {
    const consumers = ofProtocol(sim, 'queue-consumer');
    if (rng.next() < 0.25) {
      const up = sim.world.nodes.filter((n) => consumers.includes(n.id) && n.status === 'up');
      if (!up.length) return null;
      return {
        type: 'protocol',
        node: pick(rng, up).id,
        action: { id: pick(rng, CONSUMER_FAULTS) },
      };
    }
    return crashesAndCuts(sim, rng, everyone ? sim.world.nodes.map((n) => n.id) : consumers, mix);
  };
}

/** The repairs: heal and restart everything, disarm, rejoin, normal speed; producers stop. */
function quiesceQueue(sim: Simulation): SimAction[] {
  const actions = healAll(sim);
  for (const c of ofProtocol(sim, 'queue-consumer'))
    for (const id of ['disarm', 'join-group', 'speed-up'])
      actions.push({ type: 'protocol', node: c, action: { id } });
  for (const p of ofProtocol(sim, 'queue-producer'))
    actions.push({ type: 'protocol', node: p, action: { id: 'workload-off' } });
  return actions;
}

/** The BrokerSummary the observer publishes now (null if it has none). */
export const summaryOf = (sim: Simulation): BrokerSummary | null =>
  (sim.monitor.status().find((s) => s.id === noLostMessage.id)?.summary?.data ??
    null) as unknown as BrokerSummary | null;

/** After the drain: every confirmed publish took effect in every group or was dead-lettered. */
function nothingLost(sim: Simulation): string | null {
  const s = summaryOf(sim);
  if (!s) return 'no broker summary';
  if (s.unprocessed > 0)
    return `${s.unprocessed} confirmed message(s) never took effect nor were dead-lettered: ${s.unprocessedSample.join(', ')}`;
  return null;
}

/** The checker's duplicates are the store's: messages whose side effect was applied twice or more. */
function duplicatesAgree(sim: Simulation): string | null {
  const s = summaryOf(sim);
  const store = sim.frame(0).nodes.find((n) => n.id === STORE_ID)?.view as StoreView | undefined;
  if (!s || !store) return null;
  return s.totals.duplicated === store.duplicates
    ? null
    : `the checker counts ${s.totals.duplicated} duplicated message(s), the store ${store.duplicates}`;
}

function tally(sim: Simulation): Record<string, number> {
  const s = summaryOf(sim);
  return {
    processed: s?.processed ?? 0,
    suppressed: s?.suppressed ?? 0,
    duplicated: s?.totals.duplicated ?? 0,
    deadLettered: s?.deadLetters.length ?? 0,
    rebalances: (s?.groups ?? []).reduce((n, g) => n + g.generation, 0),
    redeliveries: (s?.partitions ?? []).reduce((n, p) => n + p.redeliveries, 0),
  };
}

/** The runs did real work, and the faults reached what they were meant to. */
function judgeWork(t: Readonly<Record<string, number>>, seeds: number): string | null {
  if (!((t.processed ?? 0) > seeds * 5))
    return `only ${t.processed} side effects in ${seeds} seeds`;
  if (!((t.redeliveries ?? 0) > seeds)) return `only ${t.redeliveries} redeliveries`;
  if (!((t.rebalances ?? 0) > seeds * 2)) return `only ${t.rebalances} rebalances`;
  if (!((t.deadLettered ?? 0) > 0)) return 'no poison message was dead-lettered';
  return null;
}

const ALL_FAULTS: FaultMix = {
  crash: 1,
  restart: 1.5,
  pause: 0.4,
  resume: 0.8,
  isolate: 0.2,
  partition: 0.3,
  cut: 0.3,
  heal: 0.8,
  weather: 0.6,
};
/** No network fault: nothing is lost on the way, so no retry reorders. */
const NODE_FAULTS: FaultMix = { crash: 1, restart: 1.5, pause: 0.4, resume: 0.8 };

const BUSY = {
  rate: '2',
  producers: '2',
  processing: '20',
  visibilityTimeout: '800',
  maxDeliveries: '4',
  poison: '4',
  prefetch: '2',
} as const;

const RUN = { durationMs: 3_000, faultEveryMs: 200, settleMs: 3_000 } as const;

function suite(
  name: string,
  consumers: number,
  settings: Readonly<Record<string, string>>,
  seeds: number,
  options: {
    readonly tolerates: readonly string[];
    readonly mix: FaultMix;
    readonly everyone: boolean;
    readonly judge?: (t: Readonly<Record<string, number>>, seeds: number) => string | null;
  },
): SimulationSuite {
  return {
    name,
    ...fromLab(queueEntry, consumers, settings),
    ...RUN,
    seeds,
    nemesis: queueNemesis(options.mix, options.everyone),
    quiesce: quiesceQueue,
    tolerates: options.tolerates,
    check: (sim) => nothingLost(sim) ?? duplicatesAgree(sim),
    tally,
    judge: (t, n) => judgeWork(t, n) ?? options.judge?.(t, n) ?? null,
  };
}

/** The suites the seed runner runs in CI (1,000 seeds in all). */
export const suites: readonly SimulationSuite[] = [
  suite('queue, ack after processing, 3 consumers, every fault', 3, BUSY, 250, {
    tolerates: ['queue-no-duplicate', 'queue-key-order'],
    mix: ALL_FAULTS,
    everyone: true,
    judge: (t) => ((t.duplicated ?? 0) > 0 ? null : 'at-least-once never duplicated a message'),
  }),
  suite(
    'queue, publish/subscribe, 2 subscribers, every fault',
    2,
    { ...BUSY, delivery: 'pubsub' },
    100,
    {
      tolerates: ['queue-no-duplicate', 'queue-key-order'],
      mix: ALL_FAULTS,
      everyone: true,
    },
  ),
  suite(
    'queue, idempotent consumer, 3 consumers, every fault',
    3,
    { ...BUSY, idempotent: '1' },
    300,
    {
      tolerates: ['queue-key-order'],
      mix: ALL_FAULTS,
      everyone: true,
      judge: (t) =>
        (t.suppressed ?? 0) > 0 ? null : 'the dedup table never suppressed a duplicate',
    },
  ),
  suite(
    'queue, partitioned by key, 3 consumers, node faults and rebalances',
    3,
    { ...BUSY, prefetch: '1', partitions: '3' },
    350,
    { tolerates: ['queue-no-duplicate'], mix: NODE_FAULTS, everyone: false },
  ),
];
