/**
 * Randomized fault schedules for simulation tests, soaks and benchmarks: every decision
 * comes from the run's seed, so a failing seed replays exactly.
 */
import type { Scenario } from '../../scenario';
import type { SimAction } from '../../sim/actions';
import { streamFor } from '../../sim/prng';
import { randomLinkWeather } from '../../testing/weather';
import type { Simulation } from '../../sim/simulation';
import type { RaftOptions, ReadMode } from './types';

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

/** One random fault (or repair) that makes sense now. */
export function randomFault(sim: Simulation, rng: ReturnType<typeof streamFor>): SimAction {
  const servers = sim.world.nodes.filter((n) => n.protocol === 'raft');
  const up = servers.filter((n) => n.status === 'up');
  const down = servers.filter((n) => n.status === 'crashed' || n.status === 'faulted');
  const any = <T>(xs: readonly T[]): T | undefined => xs[rng.int(xs.length)];
  const roll = rng.next();
  const target = any(up);
  const restartable = any(down);
  if (roll < 0.22 && target) return { type: 'crash', node: target.id };
  if (roll < 0.42 && restartable) return { type: 'restart', node: restartable.id };
  if (roll < 0.52 && target) return { type: 'isolate', node: target.id };
  if (roll < 0.64) {
    const ids = servers.map((n) => n.id);
    const cut = 1 + rng.int(ids.length - 1);
    const shuffled = [...ids].sort(() => rng.next() - 0.5);
    return { type: 'partition', groups: [shuffled.slice(0, cut), shuffled.slice(cut)] };
  }
  if (roll < 0.68 && target) {
    const other = any(servers.filter((n) => n.id !== target.id));
    if (other) return { type: 'cut', from: target.id, to: other.id, oneWay: true };
  }
  if (roll < 0.8) return { type: 'heal' };
  if (roll < 0.84 && target) return { type: 'pause', node: target.id };
  const paused = any(servers.filter((n) => n.status === 'paused'));
  if (roll < 0.88 && paused) return { type: 'resume', node: paused.id };
  return randomLinkWeather(rng);
}

export interface NemesisRun {
  readonly faults: number;
}

/** Run for `durationMs`, injecting a random fault every ~`faultEveryMs`, then heal and settle. */
export function runWithNemesis(
  sim: Simulation,
  seed: number,
  durationMs: number,
  faultEveryMs: number,
  settleMs = 0,
): NemesisRun {
  const rng = streamFor(seed, 'nemesis');
  let faults = 0;
  for (let t = rng.next() * faultEveryMs; t < durationMs; t += faultEveryMs * (0.5 + rng.next())) {
    sim.runUntilSync(t);
    sim.actSync(randomFault(sim, rng));
    faults++;
  }
  sim.runUntilSync(durationMs);
  if (settleMs > 0) {
    sim.actSync({ type: 'heal' });
    sim.actSync({ type: 'link-defaults', config: { loss: 0, duplicate: 0, reorder: 0 } });
    for (const n of sim.world.nodes) {
      if (n.status === 'paused') sim.actSync({ type: 'resume', node: n.id });
      else if (n.status !== 'up') sim.actSync({ type: 'restart', node: n.id });
    }
    sim.runUntilSync(durationMs + settleMs);
  }
  return { faults };
}
