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
type Kind = (typeof KINDS)[number];

/** Per-seed weights: the first draw of each run's nemesis stream fixes them. */
const weightsOf = new WeakMap<Simulation, Readonly<Record<Kind, number>>>();

function weights(sim: Simulation, rng: Rng): Readonly<Record<Kind, number>> {
  let w = weightsOf.get(sim);
  if (!w) {
    // Never all zero: each weight is at least a sliver.
    w = Object.fromEntries(KINDS.map((k) => [k, 0.05 + rng.next()])) as Record<Kind, number>;
    weightsOf.set(sim, w);
  }
  return w;
}

/**
 * One fault (or repair) that makes sense now among `nodes` (all of the scenario's nodes when
 * absent), or null when the drawn kind has no target (nothing to restart, say).
 */
export function crashesAndCuts(
  sim: Simulation,
  rng: Rng,
  nodes: readonly string[] = sim.world.nodes.map((n) => n.id),
): SimAction | null {
  const w = weights(sim, rng);
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
