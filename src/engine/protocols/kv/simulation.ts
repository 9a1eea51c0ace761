/**
 * The key-value store's randomized simulation suites, run by the one seed runner
 * (`src/engine/testing/seed-runner.ts`): each lab's own scenario under crashes, restarts,
 * pauses, partitions (symmetric and one-way), loss, duplication, reordering (and clock skew
 * for last-writer-wins), with both clients reading and writing every 30 ms; then the network
 * heals, the clients stop, and the replicas must converge.
 *
 * - strong, and primary-backup with synchronous replication and reads at the primary: no
 *   stale read (live, after every event) and a linearizable history (checked after).
 * - the other modes do not promise fresh reads (no-stale-read is tolerated, and counted):
 *   eventual reads stale in most seeds, and kv.sim.test.ts shows the checkers catching it.
 * - every mode: no replica throws, and after the heal every replica holds the same cells.
 * - kv-quorum (W + R > N, strict) and kv-causal through the labs' kv-client: no stale read,
 *   causality and sessions hold, and the replicas converge.
 *
 * Replicas 3 in three seeds of four, 5 in the fourth, as before the runner (two suites each).
 */
import { operationsOf, recordedOpsOf } from '../../check/history';
import { checkLinearizability, kvModel } from '../../check/linearizability';
import type { SimulationSuite } from '../../package';
import type { ScenarioEntry } from '../../scenarios/entry';
import type { Simulation } from '../../sim/simulation';
import { fromLab } from '../../testing/lab-suite';
import { divergence, kvNemesis, quiesceStore } from './nemesis';
import { causalDivergence, quorumDivergence } from './quorum-causal.testkit';
import { kvCausalEntry, kvQuorumEntry } from './scenarios/quorum-causal';
import {
  kvEventualEntry,
  kvMultiMasterEntry,
  kvPrimaryBackupEntry,
  kvStrongEntry,
} from './scenarios/replica';
import { readValues, staleSiblingReads } from './quorum/quorum-check';
import { clientPromises } from './client/client';
import type { LabPart } from '../../testing/lab-suite';

/**
 * The live checks a lab's runs may break without failing: what its mode does not promise
 * (guarantees.ts), and convergence, which the live check bounds in time (partitions exceed
 * that bound legitimately) — the suites check real convergence after the heal instead.
 */
function tolerated(part: LabPart): string[] {
  const client = part.scenario().nodes.find((n) => n.protocol === 'kv-client');
  const unpromised = clientPromises(client?.options ?? {}).flatMap((g) =>
    g.promised ? [] : g.checks,
  );
  return ['convergence', ...unpromised];
}

/** Short timers and a busy workload, so that a 6-second run sees many operations and failovers. */
const BUSY = { load: '30', timeout: '200' } as const;
const FAST = { ...BUSY, replicationDelay: '100' } as const;

interface StoreConfig {
  readonly name: string;
  readonly entry: ScenarioEntry;
  readonly settings: Readonly<Record<string, string>>;
  /** Must never read stale, and its histories must be linearizable. */
  readonly isLinearizable: boolean;
  readonly clockSkew?: boolean;
  /** Over all seeds: what the runs must have shown (real work, failovers…); null when it held. */
  readonly judge?: (t: Readonly<Record<string, number>>, seeds: number) => string | null;
}

const STORES: readonly StoreConfig[] = [
  { name: 'strong', entry: kvStrongEntry, settings: BUSY, isLinearizable: true },
  {
    name: 'primary-backup-sync',
    entry: kvPrimaryBackupEntry,
    settings: { ...FAST, failoverTimeout: '300' },
    isLinearizable: true,
    judge: (t, seeds) =>
      !((t.failover ?? 0) > seeds)
        ? `only ${t.failover} failovers`
        : !((t.committedAfterFailover ?? 0) > seeds)
          ? `only ${t.committedAfterFailover} writes committed after a failover`
          : null,
  },
  {
    name: 'primary-backup-async',
    entry: kvPrimaryBackupEntry,
    settings: { ...FAST, failoverTimeout: '300', sync: '0', readFrom: 'any' },
    isLinearizable: false,
  },
  {
    name: 'eventual',
    entry: kvEventualEntry,
    settings: FAST,
    isLinearizable: false,
    // Reading the nearest replica is stale, often: the checker sees it.
    judge: (t, seeds) =>
      (t.staleSeeds ?? 0) > seeds / 2 ? null : `only ${t.staleSeeds} seeds read stale`,
  },
  {
    name: 'multi-master-lww',
    entry: kvMultiMasterEntry,
    settings: { ...FAST, resolution: 'lww' },
    isLinearizable: false,
    clockSkew: true,
  },
  {
    name: 'multi-master-siblings',
    entry: kvMultiMasterEntry,
    settings: { ...FAST, resolution: 'siblings' },
    isLinearizable: false,
  },
];

/** A replica that threw: the first fault in the trace, in words, or null. */
function thrown(sim: Simulation): string | null {
  const e = sim.trace.find((x) => x.k === 'fault');
  return e && e.k === 'fault' ? `${e.node} threw ${e.error}` : null;
}

/** The suite of one store configuration with `replicas` replicas. */
export function storeSuite(config: StoreConfig, replicas: number, seeds: number): SimulationSuite {
  const part = fromLab(config.entry, replicas, config.settings);
  return {
    name: `${config.name}, ${replicas} replicas`,
    ...part,
    durationMs: 6000,
    faultEveryMs: 300,
    // Anti-entropy runs every 2 s in the labs: two rounds, so a replica back late catches up.
    settleMs: 4500,
    seeds,
    nemesis: kvNemesis({ clockSkew: config.clockSkew ?? false }),
    quiesce: (sim) => quiesceStore(sim),
    tolerates: tolerated(part),
    check(sim) {
      const threw = thrown(sim);
      if (threw) return threw;
      const diverged = divergence(sim);
      if (diverged.length) return `not converged: ${diverged.join('; ')}`;
      if (!config.isLinearizable) return null;
      const ops = operationsOf(recordedOpsOf(sim.trace));
      const v = checkLinearizability(kvModel(), ops, { maxConfigurations: 200_000 });
      return v.verdict === 'not-linearizable' ? `not linearizable: ${v.reason ?? ''}` : null;
    },
    tally(sim) {
      const t = { ok: 0, staleSeeds: 0, failover: 0, committedAfterFailover: 0 };
      for (const e of sim.trace) {
        if (e.k === 'op' && e.op.phase === 'ok') t.ok++;
        if (e.k !== 'log' || !e.fact) continue;
        if (e.fact.kind === 'failover') t.failover++;
        if (e.fact.kind === 'committed' && String(e.fact.version).includes('epoch'))
          t.committedAfterFailover++;
      }
      if (sim.monitor.violations.some((v) => v.invariant === 'no-stale-read')) t.staleSeeds = 1;
      return t;
    },
    judge(t, n) {
      // The runs did real work: clients got answers despite the faults.
      if (!((t.ok ?? 0) > n * 10)) return `only ${t.ok} operations acknowledged`;
      return config.judge?.(t, n) ?? null;
    },
  };
}

/** Every store configuration of the labs, by name (kv.sim.test.ts runs some seeds again). */
export const STORE_CONFIGS: Readonly<Record<string, StoreConfig>> = Object.fromEntries(
  STORES.map((c) => [c.name, c]),
);

/** kv-quorum and kv-causal: the labs' runs, 3 s of faults every 250 ms, then 2.5 s healed. */
const QC_RUN = { durationMs: 3000, faultEveryMs: 250, settleMs: 2500 } as const;

/** The quorum lab (5 replicas on a ring) with N, W, R and its workload. */
export function quorumSuite(
  q: { readonly n: number; readonly w: number; readonly r: number; readonly sloppy: boolean },
  readRepair: boolean,
  seeds: number,
): SimulationSuite {
  const part = fromLab(kvQuorumEntry, 5, {
    n: String(q.n),
    w: String(q.w),
    r: String(q.r),
    ...(q.sloppy ? { sloppy: '1' } : {}),
    ...(readRepair ? {} : { readRepair: '0' }),
    antiEntropy: '300',
    load: '40',
  });
  return {
    name: `kv-quorum N=${q.n} W=${q.w} R=${q.r}${q.sloppy ? ' sloppy' : ''}${readRepair ? '' : ', no read repair'}`,
    ...part,
    ...QC_RUN,
    // W + R > N never reads stale (quorum.ts), though it is not linearizable: keep that check.
    tolerates: tolerated(part).filter((c) => c !== 'no-stale-read'),
    seeds,
    nemesis: kvNemesis({ replicaProtocol: 'kv-quorum' }),
    quiesce: (sim) => quiesceStore(sim, 'kv-quorum'),
    check(sim) {
      const stale = staleSiblingReads(recordedOpsOf(sim.trace))[0];
      if (stale) return stale.message;
      const diverged = quorumDivergence(sim, q.n);
      return diverged ? `no convergence after heal: ${diverged}` : null;
    },
    tally(sim) {
      let reads = 0;
      let siblingReads = 0;
      for (const o of recordedOpsOf(sim.trace)) {
        if (o.op.phase !== 'ok' || o.op.fn !== 'read') continue;
        reads++;
        if (readValues(o.op.value).length > 1) siblingReads++;
      }
      return { reads, siblingReads };
    },
    judge: (t, n) => ((t.reads ?? 0) > n * 5 ? null : `only ${t.reads} reads acknowledged`),
  };
}

/** The causal lab (n3 far away), with a workload; `consistency: eventual` is no-buffering. */
export function causalSuite(
  settings: Readonly<Record<string, string>>,
  seeds: number,
): SimulationSuite {
  const part = fromLab(kvCausalEntry, 3, { farLatency: '150', load: '40', ...settings });
  return {
    name: `kv-causal${settings.consistency === 'eventual' ? ' without buffering' : ''}`,
    ...part,
    ...QC_RUN,
    seeds,
    nemesis: kvNemesis({ replicaProtocol: 'kv-causal' }),
    quiesce: (sim) => quiesceStore(sim, 'kv-causal'),
    // Fresh reads are not a promise causal consistency makes; causality and sessions are.
    tolerates: tolerated(part),
    check(sim) {
      const diverged = causalDivergence(sim);
      return diverged ? `no convergence after heal: ${diverged}` : null;
    },
  };
}

const QUORUMS = [
  { n: 3, w: 2, r: 2, sloppy: false },
  { n: 3, w: 1, r: 3, sloppy: false },
  { n: 3, w: 3, r: 1, sloppy: false },
  { n: 5, w: 3, r: 3, sloppy: false },
] as const;

export const suites: readonly SimulationSuite[] = [
  ...STORES.flatMap((c) => [storeSuite(c, 3, 300), storeSuite(c, 5, 100)]),
  // W + R > N, strict: 150 seeds in all, read repair on in half of the configurations.
  ...QUORUMS.map((q, i) => quorumSuite(q, i % 2 === 0, i < 2 ? 38 : 37)),
  causalSuite({}, 150),
];
