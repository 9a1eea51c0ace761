/**
 * The figures a change of placement is judged by: keys moved (against the ideal of one
 * server's share) and load spread (max/mean). Textbook claims (Karger et al. 1997; DeCandia
 * et al. 2007 §4.2; Lamping & Veach 2014) are stated in `placement.test.ts` as tolerances.
 */
import type { NodeId } from '../../../protocol';
import { ownerIndices } from './placement';
import type { Movement, PlacementConfig, PlacementScheme, Spread } from './types';

/**
 * What changing placement from `before` to `after` does to `keys` (key hashes): how many
 * keys changed primary owner, and from where to where. `ideal` is the share a minimal scheme
 * must move: servers joining or leaving over the larger server count (1/(N+1) for one join,
 * 1/N for one leave, 0 when the set of servers is unchanged).
 */
export function movement(
  before: PlacementConfig,
  after: PlacementConfig,
  keys: ArrayLike<number>,
): Movement {
  const a = ownerIndices(before, keys);
  const b = ownerIndices(after, keys);
  const flows: Record<NodeId, Record<NodeId, number>> = {};
  let moved = 0;
  for (let k = 0; k < keys.length; k++) {
    const from = before.servers[a[k] ?? -1] ?? null;
    const to = after.servers[b[k] ?? -1] ?? null;
    if (from === to || from === null || to === null) continue;
    moved++;
    const row = (flows[from] ??= {});
    row[to] = (row[to] ?? 0) + 1;
  }
  const beforeSet = new Set(before.servers);
  const afterSet = new Set(after.servers);
  let changed = 0;
  for (const s of beforeSet) if (!afterSet.has(s)) changed++;
  for (const s of afterSet) if (!beforeSet.has(s)) changed++;
  const largest = Math.max(beforeSet.size, afterSet.size);
  return {
    keys: keys.length,
    moved,
    fraction: keys.length === 0 ? 0 : moved / keys.length,
    ideal: largest === 0 ? 0 : Math.min(1, changed / largest),
    flows,
  };
}

/**
 * How `keys` (key hashes) spread over `config.servers` by primary owner. With no keys or no
 * servers, `maxOverMean` is 1 (nothing is uneven).
 */
export function spread(config: PlacementConfig, keys: ArrayLike<number>): Spread {
  const owners = ownerIndices(config, keys);
  const counts = new Array<number>(config.servers.length).fill(0);
  for (const o of owners) if (o >= 0) counts[o] = (counts[o] ?? 0) + 1;
  const perServer: Record<NodeId, number> = {};
  config.servers.forEach((s, i) => (perServer[s] = counts[i] ?? 0));
  const n = config.servers.length;
  const mean = n === 0 ? 0 : keys.length / n;
  const max = counts.reduce((m, c) => Math.max(m, c), 0);
  return { perServer, mean, max, maxOverMean: mean === 0 ? 1 : max / mean };
}

/** The virtual-node counts of the spread plot: 1, 2, 4, …, 256. */
export const VNODE_STEPS: readonly number[] = [1, 2, 4, 8, 16, 32, 64, 128, 256];

/** max/mean of `keys` over `servers` on the ring with each of `steps` virtual nodes per server. */
export function spreadByVnodes(
  servers: readonly NodeId[],
  keys: ArrayLike<number>,
  steps: readonly number[] = VNODE_STEPS,
): { vnodes: number; maxOverMean: number }[] {
  return steps.map((vnodes) => ({
    vnodes,
    maxOverMean: spread({ scheme: 'ring-vnodes', servers, vnodes }, keys).maxOverMean,
  }));
}

/**
 * The same change (from `before.servers` to `after.servers`, keeping each side's vnodes) run
 * through every scheme: fraction moved and max/mean after, in `schemes` order.
 */
export function bySchemes(
  before: PlacementConfig,
  after: PlacementConfig,
  keys: ArrayLike<number>,
  schemes: readonly PlacementScheme[],
): { scheme: PlacementScheme; fraction: number; maxOverMean: number }[] {
  return schemes.map((scheme) => {
    const b = { ...before, scheme };
    const a = { ...after, scheme };
    return {
      scheme,
      fraction: movement(b, a, keys).fraction,
      maxOverMean: spread(a, keys).maxOverMean,
    };
  });
}
