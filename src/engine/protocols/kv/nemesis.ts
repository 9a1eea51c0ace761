/**
 * The key-value store's test clusters and its nemesis for the seed runner (simulation.ts):
 * crashes and restarts, pauses, partitions (symmetric and one-way), loss, duplication,
 * reordering and clock skew, all drawn from the run's seed, so a failing seed replays
 * exactly. Any replica protocol that speaks KvClientMessage can be put under it ('kv-quorum' too).
 */
import type { Json, NodeId } from '../../protocol';
import type { Scenario } from '../../scenario';
import type { SimAction } from '../../sim/actions';
import { pick } from '../../sim/draws';
import type { Rng } from '../../sim/prng';
import type { Simulation } from '../../sim/simulation';
import { crashesAndCuts, healAll, type FaultMix } from '../../testing/nemesis';

/** A test store: replicas n1…nN and clients c1…cC (tests only; the labs are in scenarios/). */
export interface KvClusterSpec {
  /** Options for replicas and clients alike (KvOptions and the replica's knobs). */
  readonly options: Readonly<Record<string, Json>>;
  readonly replicas?: number;
  readonly clients?: number;
  /** Each client issues an operation about this often (virtual ms); null = only when asked. */
  readonly loadEveryMs?: number | null;
  readonly readRatio?: number;
  readonly keys?: readonly string[];
  readonly replicaProtocol?: string;
  readonly latencyMs?: number;
  readonly jitterMs?: number;
}

/** Replicas n1…nN; client ci talks to replica n((i-1) mod N + 1). */
export function kvCluster(spec: KvClusterSpec): Scenario {
  const replicas = Array.from({ length: spec.replicas ?? 3 }, (_, i) => `n${i + 1}`);
  const clients = Array.from({ length: spec.clients ?? 2 }, (_, i) => `c${i + 1}`);
  const shared = { ...spec.options, replicas };
  return {
    id: 'kv-test',
    title: 'Key-value store under test',
    description: '',
    nodes: [
      ...replicas.map((id) => ({
        id,
        protocol: spec.replicaProtocol ?? 'kv-replica',
        options: shared,
      })),
      ...clients.map((id, i) => ({
        id,
        protocol: 'kv-client',
        options: {
          ...shared,
          target: replicas[i % replicas.length] ?? 'n1',
          loadEveryMs: spec.loadEveryMs === undefined ? 50 : spec.loadEveryMs,
          readRatio: spec.readRatio ?? 0.5,
          keys: [...(spec.keys ?? ['x', 'y'])],
        },
      })),
    ],
    network: { defaults: { latencyMs: spec.latencyMs ?? 10, jitterMs: spec.jitterMs ?? 10 } },
  };
}

/**
 * The store's fault mix (the one its tests used before the seed runner): crashes and
 * restarts, partitions and heals above all, then isolation, one-way cuts, pauses and weather.
 */
export const KV_FAULT_MIX: FaultMix = {
  crash: 0.18,
  restart: 0.18,
  isolate: 0.1,
  partition: 0.12,
  cut: 0.04,
  heal: 0.12,
  pause: 0.04,
  resume: 0.04,
  weather: 0.18,
};

/**
 * The store's nemesis for the seed runner: the shared one (testing/nemesis.ts) with the
 * store's mix, its weights varied by the seed, among the replicas running `replicaProtocol`
 * only (clients are the workload); with `clockSkew`, one fault in twelve skews a replica's
 * clock by up to ±400 ms instead (what last-writer-wins is sensitive to).
 */
export function kvNemesis(
  options: { readonly clockSkew?: boolean; readonly replicaProtocol?: string } = {},
): (sim: Simulation, rng: Rng) => SimAction | null {
  const protocol = options.replicaProtocol ?? 'kv-replica';
  return (sim, rng) => {
    const replicas = sim.world.nodes.filter((n) => n.protocol === protocol);
    if (options.clockSkew && rng.chance(1 / 12)) {
      const up = replicas.filter((n) => n.status === 'up');
      if (!up.length) return null;
      const skewMs = Math.round((rng.next() - 0.5) * 800);
      return { type: 'clock', node: pick(rng, up).id, skewMs, drift: 0 };
    }
    return crashesAndCuts(
      sim,
      rng,
      replicas.map((n) => n.id),
      KV_FAULT_MIX,
    );
  };
}

/**
 * The repairs that end a store's fault phase: heal the network, bring every replica back,
 * and stop the clients (crash them: their workload ends) so replication and anti-entropy
 * can finish and the replicas converge.
 */
export function quiesceStore(sim: Simulation, replicaProtocol = 'kv-replica'): SimAction[] {
  const clients = sim.world.nodes.filter((n) => n.protocol !== replicaProtocol).map((n) => n.id);
  return healAll(sim, clients);
}

/** Replicas whose stores differ from the first live one's, with both stores; [] when all agree. */
export function divergence(sim: Simulation, replicaProtocol = 'kv-replica'): string[] {
  const frame = sim.frame(0);
  const stores: Array<[NodeId, string]> = [];
  for (const n of frame.nodes) {
    if (n.protocol !== replicaProtocol || n.status !== 'up') continue;
    const store = (n.view as { store?: Record<string, unknown> } | null)?.store ?? {};
    const sorted = Object.keys(store)
      .sort()
      .map((k) => [k, store[k]]);
    stores.push([n.id, JSON.stringify(sorted)]);
  }
  const first = stores[0];
  if (!first) return [];
  return stores
    .filter(([, s]) => s !== first[1])
    .map(([id, s]) => `${id} holds ${s}, but ${first[0]} holds ${first[1]}`);
}
