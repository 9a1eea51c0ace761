/**
 * Raft clusters for tests (any number of clients, any read modes) and Raft's nemesis for the
 * seed runner (simulation.ts): every fault comes from the run's seed, so a failing seed
 * replays exactly.
 */
import type { Scenario } from '../../scenario';
import type { SimAction } from '../../sim/actions';
import { hasLogTail } from '../../sim/disk-faults';
import { pick } from '../../sim/draws';
import type { Rng } from '../../sim/prng';
import type { Simulation } from '../../sim/simulation';
import { crashesAndCuts, type FaultMix } from '../../testing/nemesis';
import type { RaftOptions, ReadMode } from './types';

/** A test cluster: servers n1…nN and clients c1…cC writing (and reading) all the while. */
export interface ClusterSpec {
  readonly servers: number;
  readonly clients: number;
  /** Each client issues a request about this often (virtual ms). */
  readonly requestEveryMs: number;
  readonly raft?: Partial<RaftOptions>;
  readonly latencyMs?: number;
  readonly jitterMs?: number;
  /** How the clients' reads are served; ['log'] when absent. Never 'local' in a safety run. */
  readonly readModes?: readonly ReadMode[];
  /** The keys the clients pick from; ['x', 'y'] when absent. */
  readonly keys?: readonly string[];
}

/** The scenario of a `ClusterSpec` (tests only; the lab's own is scenarios.ts). */
export function raftCluster(spec: ClusterSpec): Scenario {
  const servers = Array.from({ length: spec.servers }, (_, i) => `n${i + 1}`);
  const clients = Array.from({ length: spec.clients }, (_, i) => `c${i + 1}`);
  return {
    id: 'raft-test',
    title: 'Raft under test',
    description: '',
    nodes: [
      ...servers.map((id) => ({ id, protocol: 'raft', options: { ...spec.raft } })),
      ...clients.map((id) => ({
        id,
        protocol: 'raft-client',
        options: {
          servers,
          autoRequestEveryMs: spec.requestEveryMs,
          timeoutMs: 300,
          ...(spec.readModes ? { readModes: [...spec.readModes] } : {}),
          ...(spec.keys ? { keys: [...spec.keys] } : {}),
        },
      })),
    ],
    network: { defaults: { latencyMs: spec.latencyMs ?? 10, jitterMs: spec.jitterMs ?? 10 } },
  };
}

/**
 * Raft's fault mix (the one its tests used before the seed runner, which found its broken
 * variants within a few dozen seeds): many crashes and restarts, partitions and heals, some
 * isolation, one-way cuts, pauses and link weather.
 */
export const RAFT_FAULT_MIX: FaultMix = {
  crash: 0.22,
  restart: 0.2,
  isolate: 0.1,
  partition: 0.12,
  cut: 0.04,
  heal: 0.12,
  pause: 0.04,
  resume: 0.04,
  weather: 0.12,
};

/**
 * Raft's nemesis for the seed runner: the shared one (testing/nemesis.ts) with Raft's mix,
 * its weights varied by the seed, among the servers only: clients are the workload, not the
 * system under test.
 */
export function raftNemesis(sim: Simulation, rng: Rng): SimAction | null {
  const servers = sim.world.nodes.filter((n) => n.protocol === 'raft').map((n) => n.id);
  return crashesAndCuts(sim, rng, servers, RAFT_FAULT_MIX);
}

/**
 * Raft's nemesis with membership changes (thesis §4.2): a draw in `rate` asks a running server
 * for "Add server" (the leader adds the next spare, after it catches up) or "Remove from
 * cluster" (that server leaves, a leader included); the rest are Raft's usual faults. A
 * follower forwards the request to the leader it knows; refusals (a change still in flight, no
 * leader) are part of the test.
 */
export function membershipNemesis(rate: number) {
  return (sim: Simulation, rng: Rng): SimAction | null => {
    if (rng.next() >= rate) return raftNemesis(sim, rng);
    const up = sim.world.nodes.filter((n) => n.protocol === 'raft' && n.status === 'up');
    const node = up[rng.int(up.length)];
    if (!node) return null;
    const id = rng.next() < 0.55 ? 'add-server' : 'remove-server';
    return { type: 'protocol', node: node.id, action: { id } };
  };
}

/** The randomized suites' mix: about one draw in five is a membership change. */
export const raftMembershipNemesis = membershipNemesis(0.2);

/**
 * The lease suite's nemesis: Raft's, plus clocks whose rate changes — but only within
 * `driftBound` (a fraction: 0.1 = ±10%), the bound lease reads rely on (thesis §6.4.1). One
 * draw in eight sets a server's drift anew; its skew (offset) is left as it is, since a clock
 * that jumps is not a rate and no bound on rates covers it.
 */
export function clockDriftNemesis(driftBound: number) {
  return (sim: Simulation, rng: Rng): SimAction | null => {
    const servers = sim.world.nodes.filter((n) => n.protocol === 'raft');
    if (servers.length > 0 && rng.chance(0.125)) {
      const node = servers[rng.int(servers.length)];
      if (node)
        return {
          type: 'clock',
          node: node.id,
          skewMs: node.clock.skewMs,
          drift: rng.between(-driftBound, driftBound),
        };
    }
    return raftNemesis(sim, rng);
  };
}

/**
 * Raft's nemesis with disk faults (disk.ts): Raft's mix, but a crash is often one whose last
 * write a lying fsync lost, and now and then a server's log tail is garbled on disk.
 */
export function raftDiskNemesis(sim: Simulation, rng: Rng): SimAction | null {
  const servers = sim.world.nodes.filter((n) => n.protocol === 'raft');
  if (rng.chance(0.08)) {
    const withLog = servers.filter((n) => hasLogTail(n.persisted));
    if (withLog.length) return { type: 'corrupt-disk', node: pick(rng, withLog).id };
  }
  const action = crashesAndCuts(
    sim,
    rng,
    servers.map((n) => n.id),
    RAFT_FAULT_MIX,
  );
  if (action?.type === 'crash' && rng.chance(0.6))
    return { type: 'crash-lose-writes', node: action.node };
  return action;
}
