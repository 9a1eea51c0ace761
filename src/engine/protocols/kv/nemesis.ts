/**
 * Randomized fault schedules for the key-value store's simulation tests: crashes and
 * restarts, pauses, partitions (symmetric and one-way), loss, duplication, reordering and
 * clock skew, all drawn from the run's seed, so a failing seed replays exactly. Any
 * replica protocol that speaks KvClientMessage can be put under it ('kv-quorum' too).
 */
import type { Json, NodeId } from '../../protocol';
import type { Scenario } from '../../scenario';
import type { SimAction } from '../../sim/actions';
import { streamFor } from '../../sim/prng';
import { randomLinkWeather } from '../../testing/weather';
import type { Simulation } from '../../sim/simulation';

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

type Rng = ReturnType<typeof streamFor>;

/** One random fault (or repair) to the replicas that makes sense now. */
export function randomKvFault(
  sim: Simulation,
  rng: Rng,
  options: { readonly clockSkew?: boolean; readonly replicaProtocol?: string } = {},
): SimAction {
  const protocol = options.replicaProtocol ?? 'kv-replica';
  const replicas = sim.world.nodes.filter((n) => n.protocol === protocol);
  const up = replicas.filter((n) => n.status === 'up');
  const down = replicas.filter((n) => n.status === 'crashed' || n.status === 'faulted');
  const any = <T>(xs: readonly T[]): T | undefined => xs[rng.int(xs.length)];
  const ids = replicas.map((n) => n.id);
  const roll = rng.next();
  const target = any(up);
  const restartable = any(down);
  if (roll < 0.18 && target) return { type: 'crash', node: target.id };
  if (roll < 0.36 && restartable) return { type: 'restart', node: restartable.id };
  if (roll < 0.46 && target) return { type: 'isolate', node: target.id };
  if (roll < 0.58) {
    const cut = 1 + rng.int(ids.length - 1);
    const shuffled = [...ids].sort(() => rng.next() - 0.5);
    return { type: 'partition', groups: [shuffled.slice(0, cut), shuffled.slice(cut)] };
  }
  if (roll < 0.62 && target) {
    const other = any(ids.filter((id) => id !== target.id));
    if (other) return { type: 'cut', from: target.id, to: other, oneWay: true };
  }
  if (roll < 0.74) return { type: 'heal' };
  if (roll < 0.78 && target) return { type: 'pause', node: target.id };
  const paused = any(replicas.filter((n) => n.status === 'paused'));
  if (roll < 0.82 && paused) return { type: 'resume', node: paused.id };
  if (roll < 0.9 && options.clockSkew && target)
    return {
      type: 'clock',
      node: target.id,
      skewMs: Math.round((rng.next() - 0.5) * 800),
      drift: 0,
    };
  return randomLinkWeather(rng);
}

export interface KvNemesisRun {
  readonly faults: number;
}

/**
 * Run for `durationMs` with a random fault every ~`faultEveryMs`; then quiesce: heal the
 * network, bring every replica back, stop the clients (crash them: their workload ends) and
 * run `settleMs` more, so replication and anti-entropy can finish.
 */
export function runKvNemesis(
  sim: Simulation,
  seed: number,
  durationMs: number,
  faultEveryMs: number,
  settleMs: number,
  options: { readonly clockSkew?: boolean; readonly replicaProtocol?: string } = {},
): KvNemesisRun {
  const rng = streamFor(seed, 'kv-nemesis');
  let faults = 0;
  for (let t = rng.next() * faultEveryMs; t < durationMs; t += faultEveryMs * (0.5 + rng.next())) {
    sim.runUntilSync(t);
    sim.actSync(randomKvFault(sim, rng, options));
    faults++;
  }
  sim.runUntilSync(durationMs);
  quiesce(sim, options.replicaProtocol ?? 'kv-replica');
  sim.runUntilSync(durationMs + settleMs);
  return { faults };
}

export function quiesce(sim: Simulation, replicaProtocol = 'kv-replica'): void {
  sim.actSync({ type: 'heal' });
  sim.actSync({ type: 'link-defaults', config: { loss: 0, duplicate: 0, reorder: 0 } });
  for (const n of sim.world.nodes) {
    const isReplica = n.protocol === replicaProtocol;
    if (n.status === 'paused') sim.actSync({ type: 'resume', node: n.id });
    if (isReplica && (n.status === 'crashed' || n.status === 'faulted'))
      sim.actSync({ type: 'restart', node: n.id });
    if (!isReplica && n.status !== 'crashed') sim.actSync({ type: 'crash', node: n.id });
  }
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
