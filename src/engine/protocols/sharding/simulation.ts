/**
 * The sharding family's randomized simulation suites, run by the one seed runner
 * (`src/engine/testing/seed-runner.ts`): the lab's own scenario (3 shard servers, a spare,
 * two clients, 200 keys, an operation every 30 ms per client) under each partitioning, with
 * the shared nemesis (crashes, restarts, pauses, isolation, partitions, one-way cuts, link
 * weather with loss) among the servers and the directory, and — one draw in four —
 * a rebalancing action on a random server during traffic (add, remove, split, move a slice).
 * Then the network heals, the clients stop, every server comes back, and the moves finish.
 *
 * Checked: every live invariant (no stale read), and at the end every key has exactly one
 * owner, no acknowledged write is lost, and the history is linearizable (end-checks.ts).
 * The broken cut-over is shown caught in sharding.test.ts, with its seed.
 */
import type { SimulationSuite } from '../../package';
import type { Json } from '../../protocol';
import type { SimAction } from '../../sim/actions';
import { pick } from '../../sim/draws';
import type { Rng } from '../../sim/prng';
import type { Simulation } from '../../sim/simulation';
import { fromLab } from '../../testing/lab-suite';
import { crashesAndCuts, healAll, type FaultMix } from '../../testing/nemesis';
import { lostWrite, notLinearizable, ownershipProblem, serversOf } from './end-checks';
import { shardingEntry } from './scenarios';

/** Keys in the test runs (small: each seed is short). */
export const SIM_KEY_SPACE = 200;

const MIX: FaultMix = {
  crash: 0.2,
  restart: 0.2,
  pause: 0.04,
  resume: 0.04,
  isolate: 0.08,
  partition: 0.12,
  cut: 0.06,
  heal: 0.14,
  weather: 0.12,
};

/** One rebalancing action on a random shard server (some will be refused: that is fine). */
export function rebalancing(sim: Simulation, rng: Rng): SimAction | null {
  const servers = sim.world.nodes.filter((n) => n.protocol === 'shard-server');
  const node = pick(rng, servers).id;
  const kind = pick(rng, ['add-server', 'remove-server', 'split-range', 'move-slice'] as const);
  const at = 1 + Math.floor(rng.next() * (SIM_KEY_SPACE - 1));
  const width = 1 + Math.floor(rng.next() * 40);
  const target = pick(rng, servers).id;
  const args: Json | null =
    kind === 'split-range'
      ? { at }
      : kind === 'move-slice'
        ? {
            from: Math.min(at, SIM_KEY_SPACE - width),
            to: Math.min(SIM_KEY_SPACE, at + width),
            server: target,
          }
        : null;
  return { type: 'protocol', node, action: { id: kind, ...(args === null ? {} : { args }) } };
}

/** Faults among the servers (and the directory), and one draw in four a rebalancing. */
export function shardingNemesis(sim: Simulation, rng: Rng): SimAction | null {
  if (rng.chance(0.25)) return rebalancing(sim, rng);
  const targets = sim.world.nodes.filter((n) => n.protocol !== 'shard-client').map((n) => n.id);
  return crashesAndCuts(sim, rng, targets, MIX);
}

/** A suite of one partitioning (and maybe the broken variant) over `seeds` seeds. */
export function shardingSuite(
  settings: Readonly<Record<string, string>>,
  seeds: number,
): SimulationSuite {
  const part = fromLab(shardingEntry, 3, {
    keySpace: String(SIM_KEY_SPACE),
    clients: '2',
    load: '30',
    spares: '1',
    scans: '5',
    ...settings,
  });
  return {
    name: `sharding by ${settings.partitioning ?? 'range'}${settings.workload ? `, ${settings.workload}` : ''}${settings.broken ? `, broken ${settings.broken}` : ''}: faults and rebalancing under traffic`,
    ...part,
    durationMs: 2000,
    faultEveryMs: 200,
    settleMs: 1000,
    seeds,
    nemesis: shardingNemesis,
    quiesce: (sim) =>
      healAll(
        sim,
        sim.world.nodes.filter((n) => n.protocol === 'shard-client').map((n) => n.id),
      ),
    check(sim) {
      const fault = sim.trace.find((e) => e.k === 'fault');
      if (fault && fault.k === 'fault') return `${fault.node} threw ${fault.error}`;
      const servers = serversOf(sim);
      return (
        ownershipProblem(servers, SIM_KEY_SPACE) ?? lostWrite(sim, servers) ?? notLinearizable(sim)
      );
    },
    tally(sim) {
      const t = { ok: 0, movesDone: 0, cutOvers: 0, moved: 0 };
      for (const e of sim.trace) {
        if (e.k === 'op' && e.op.phase === 'ok') t.ok++;
        if (e.k !== 'log' || !e.fact) continue;
        if (e.fact.kind === 'move-done') t.movesDone++;
        if (e.fact.kind === 'cut-over') t.cutOvers++;
        if (e.fact.kind === 'moved') t.moved++;
      }
      return t;
    },
    judge(t, n) {
      // The runs did real work: clients got answers, and data moved under their feet.
      if (!((t.ok ?? 0) > n * 20)) return `only ${t.ok} operations acknowledged`;
      if (!((t.cutOvers ?? 0) > n / 2)) return `only ${t.cutOvers} cut-overs`;
      if (!((t.moved ?? 0) > n / 4)) return `only ${t.moved} "moved" redirects`;
      return null;
    },
  };
}

export const suites: readonly SimulationSuite[] = [
  shardingSuite({ partitioning: 'range' }, 300),
  shardingSuite({ partitioning: 'range', workload: 'monotonic' }, 100),
  shardingSuite({ partitioning: 'hash' }, 200),
  shardingSuite({ partitioning: 'hash', workload: 'zipf' }, 100),
  shardingSuite({ partitioning: 'directory' }, 300),
];
