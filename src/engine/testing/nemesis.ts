/**
 * A nemesis any family can use: crashes and restarts, pauses, isolation, two-way partitions,
 * one-way cuts, heals and random link weather, with weights drawn once per seed (so some
 * seeds crash a lot, others mostly partition), as TigerBeetle's VOPR varies its fault mix.
 */
import type { SimAction } from '../sim/actions';
import { pick, weighted } from '../sim/draws';
import type { Rng } from '../sim/prng';
import type { Simulation } from '../sim/simulation';
import { randomLinkWeather } from './weather';

const KINDS = [
  'crash',
  'restart',
  'pause',
  'resume',
  'isolate',
  'partition',
  'cut',
  'heal',
  'weather',
] as const;
/** A kind of fault (or repair) the nemesis draws. */
export type FaultKind = (typeof KINDS)[number];

/**
 * A family's usual fault mix: a weight per kind (a missing kind is never drawn). Each seed
 * scales every weight by its own factor from 0.5 to 1.5, so seeds still differ in their mix
 * while the family keeps the faults that find its bugs (Raft's deposed leaders need
 * partitions more than pauses).
 */
export type FaultMix = Readonly<Partial<Record<FaultKind, number>>>;

/** Per-seed weights: the first draws of each run's nemesis stream fix them. */
const weightsOf = new WeakMap<Simulation, Readonly<Record<FaultKind, number>>>();

function weights(sim: Simulation, rng: Rng, mix?: FaultMix): Readonly<Record<FaultKind, number>> {
  let w = weightsOf.get(sim);
  if (!w) {
    // Without a mix, each weight is uniform from 0.05 to 1.05: never all zero.
    w = Object.fromEntries(
      KINDS.map((k) => [k, mix ? (mix[k] ?? 0) * (0.5 + rng.next()) : 0.05 + rng.next()]),
    ) as Record<FaultKind, number>;
    weightsOf.set(sim, w);
  }
  return w;
}

/**
 * One fault (or repair) that makes sense now among `nodes` (all of the scenario's nodes when
 * absent), or null when the drawn kind has no target (nothing to restart, say). The kinds'
 * weights are drawn from the seed on the first call of a run: around the family's `mix`
 * when given, else anything from 0.05 to 1.05 each.
 */
export function crashesAndCuts(
  sim: Simulation,
  rng: Rng,
  nodes: readonly string[] = sim.world.nodes.map((n) => n.id),
  mix?: FaultMix,
): SimAction | null {
  const w = weights(sim, rng, mix);
  const kind = weighted(
    rng,
    KINDS.map((k) => [k, w[k]] as const),
  );
  const state = sim.world.nodes.filter((n) => nodes.includes(n.id));
  const any = <T>(xs: readonly T[]): T | undefined => (xs.length ? pick(rng, xs) : undefined);
  const up = any(state.filter((n) => n.status === 'up'));
  switch (kind) {
    case 'crash':
      return up ? { type: 'crash', node: up.id } : null;
    case 'restart': {
      const down = any(state.filter((n) => n.status === 'crashed' || n.status === 'faulted'));
      return down ? { type: 'restart', node: down.id } : null;
    }
    case 'pause':
      return up ? { type: 'pause', node: up.id } : null;
    case 'resume': {
      const paused = any(state.filter((n) => n.status === 'paused'));
      return paused ? { type: 'resume', node: paused.id } : null;
    }
    case 'isolate':
      return up ? { type: 'isolate', node: up.id } : null;
    case 'partition': {
      if (nodes.length < 2) return null;
      const side = nodes.filter(() => rng.chance(0.5));
      const rest = nodes.filter((id) => !side.includes(id));
      return side.length && rest.length ? { type: 'partition', groups: [side, rest] } : null;
    }
    case 'cut': {
      const from = any(nodes);
      const to = any(nodes.filter((id) => id !== from));
      return from && to ? { type: 'cut', from, to, oneWay: rng.chance(0.5) } : null;
    }
    case 'heal':
      return { type: 'heal' };
    case 'weather':
      return randomLinkWeather(rng);
  }
}

/**
 * The repairs that end a run's fault phase, so the system can settle before its end-of-run
 * checks: heal every cut, calm the link weather, resume paused nodes and restart crashed
 * ones. Nodes in `stop` (clients, say) are crashed instead, so their workload ends and the
 * store can converge. Only what applies now is returned (nothing to resume: no resume).
 */
export function healAll(sim: Simulation, stop: readonly string[] = []): SimAction[] {
  const actions: SimAction[] = [
    { type: 'heal' },
    { type: 'link-defaults', config: { loss: 0, duplicate: 0, reorder: 0 } },
  ];
  for (const n of sim.world.nodes) {
    if (stop.includes(n.id)) {
      if (n.status !== 'crashed') actions.push({ type: 'crash', node: n.id });
    } else if (n.status === 'paused') actions.push({ type: 'resume', node: n.id });
    else if (n.status !== 'up') actions.push({ type: 'restart', node: n.id });
  }
  return actions;
}
