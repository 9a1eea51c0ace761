/**
 * Placement: which server(s) own a key under each scheme of `types.ts`, compiled once per
 * configuration into a `Placer` so that routing a key is a binary search (the ring) or a few
 * multiplications (mod N, rendezvous, jump), never a string hash per server per key.
 *
 * Keys are given by their 32-bit hash (`keyPosition(key)` in `hash.ts`), which is also their
 * ring position. Servers are named by `NodeId`; mod N and jump hash index them by position in
 * `config.servers` (join order).
 *
 * Replicas (Dynamo §4.3, "preference list"): on the ring, the next DISTINCT physical servers
 * clockwise from the key, skipping further virtual nodes of servers already chosen; under
 * rendezvous, the servers with the next-highest weights; under mod N and jump hash, the
 * servers at the next positions after the primary's, wrapping.
 */
import type { NodeId } from '../../../protocol';
import { mix2, vnodePosition, hash32 } from './hash';
import { jumpHash } from './jump';
import { clampVnodes } from './schemes';
import type { PlacementConfig, RingArc } from './types';

export {
  clampVnodes,
  isPlacementScheme,
  MAX_VNODES,
  PLACEMENT_SCHEMES,
  SCHEME_LABELS,
} from './schemes';

/** The points actually used by a config's ring: `ring` has one per server whatever `vnodes` says. */
export function effectiveVnodes(config: PlacementConfig): number {
  return config.scheme === 'ring' ? 1 : clampVnodes(config.vnodes);
}

/** A compiled ring: parallel arrays sorted by position (ties by server order, then vnode). */
export interface RingPoints {
  readonly positions: Float64Array;
  /** Index into `config.servers`. */
  readonly owner: Uint16Array;
  readonly vnode: Uint16Array;
}

// Packing (position, server index, vnode) into one double sorts them with a typed-array sort:
// position < 2^32, server index < 2^12, vnode < 2^9, so the whole fits in 2^53 exactly.
const SERVER_SHIFT = 2 ** 9;
const POSITION_SHIFT = 2 ** 21;

/** The sorted ring points of a config (any scheme; mod N, rendezvous and jump do not use it). */
export function ringPoints(config: PlacementConfig): RingPoints {
  const v = effectiveVnodes(config);
  const n = Math.min(config.servers.length, 4095);
  const packed = new Float64Array(n * v);
  for (let s = 0; s < n; s++) {
    const server = config.servers[s] ?? '';
    for (let i = 0; i < v; i++) {
      packed[s * v + i] = vnodePosition(server, i) * POSITION_SHIFT + s * SERVER_SHIFT + i;
    }
  }
  packed.sort();
  const positions = new Float64Array(packed.length);
  const owner = new Uint16Array(packed.length);
  const vnode = new Uint16Array(packed.length);
  for (let k = 0; k < packed.length; k++) {
    const p = packed[k] ?? 0;
    const pos = Math.floor(p / POSITION_SHIFT);
    const rest = p - pos * POSITION_SHIFT;
    positions[k] = pos;
    owner[k] = Math.floor(rest / SERVER_SHIFT);
    vnode[k] = rest % SERVER_SHIFT;
  }
  return { positions, owner, vnode };
}

/** The index of the first ring point at or clockwise after `position` (wrapping to 0). */
export function successorIndex(positions: Float64Array, position: number): number {
  let lo = 0;
  let hi = positions.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((positions[mid] ?? 0) < position) lo = mid + 1;
    else hi = mid;
  }
  return lo === positions.length ? 0 : lo;
}

/**
 * The agreed ring's arcs, one per point in clockwise order: keys in (start, end] belong to
 * `owner`. Empty for schemes without a ring (mod N, rendezvous, jump) and for no servers.
 */
export function ringArcs(config: PlacementConfig): RingArc[] {
  if (config.scheme !== 'ring' && config.scheme !== 'ring-vnodes') return [];
  const { positions, owner, vnode } = ringPoints(config);
  const arcs: RingArc[] = [];
  for (let i = 0; i < positions.length; i++) {
    const prev = positions[i === 0 ? positions.length - 1 : i - 1] ?? 0;
    arcs.push({
      start: prev,
      end: positions[i] ?? 0,
      owner: config.servers[owner[i] ?? 0] ?? '',
      vnode: vnode[i] ?? 0,
    });
  }
  return arcs;
}

/** A configuration compiled for fast lookups. */
export interface Placer {
  readonly config: PlacementConfig;
  /** The primary's index in `config.servers` for a key hash; −1 when there are no servers. */
  ownerIndex(keyHash: number): number;
  /** The primary for a key hash, or null when there are no servers. */
  owner(keyHash: number): NodeId | null;
  /** Up to `n` distinct servers for a key hash, primary first (fewer if there are fewer servers). */
  replicas(keyHash: number, n: number): NodeId[];
}

/** Compiles a configuration (a few ms for 10 servers × 256 virtual nodes). */
export function placer(config: PlacementConfig): Placer {
  const servers = config.servers;
  const count = servers.length;
  const byIndex = (indices: number[]): NodeId[] => indices.map((i) => servers[i] ?? '');
  const nextPositions = (primary: number, n: number): NodeId[] => {
    const out: NodeId[] = [];
    for (let k = 0; k < Math.min(n, count); k++) out.push(servers[(primary + k) % count] ?? '');
    return out;
  };
  let ownerIndex: (keyHash: number) => number;
  let replicas: (keyHash: number, n: number) => NodeId[];
  if (count === 0) {
    ownerIndex = () => -1;
    replicas = () => [];
  } else if (config.scheme === 'mod-n') {
    ownerIndex = (h) => (h >>> 0) % count;
    replicas = (h, n) => nextPositions(ownerIndex(h), n);
  } else if (config.scheme === 'jump') {
    ownerIndex = (h) => jumpHash(h >>> 0, count);
    replicas = (h, n) => nextPositions(ownerIndex(h), n);
  } else if (config.scheme === 'rendezvous') {
    const serverHashes = servers.map((s) => hash32(s));
    const weight = (s: number, h: number) => mix2(serverHashes[s] ?? 0, h >>> 0);
    ownerIndex = (h) => {
      let best = 0;
      let bestWeight = weight(0, h);
      for (let s = 1; s < count; s++) {
        const w = weight(s, h);
        if (w > bestWeight) {
          best = s;
          bestWeight = w;
        }
      }
      return best;
    };
    replicas = (h, n) => {
      const order = servers.map((_, s) => s);
      const weights = order.map((s) => weight(s, h));
      order.sort((a, b) => (weights[b] ?? 0) - (weights[a] ?? 0) || a - b);
      return byIndex(order.slice(0, Math.min(n, count)));
    };
  } else {
    const { positions, owner } = ringPoints(config);
    ownerIndex = (h) => owner[successorIndex(positions, h >>> 0)] ?? -1;
    replicas = (h, n) => {
      const want = Math.min(n, count);
      const chosen: number[] = [];
      let i = successorIndex(positions, h >>> 0);
      for (let steps = 0; steps < positions.length && chosen.length < want; steps++) {
        const s = owner[i] ?? 0;
        if (!chosen.includes(s)) chosen.push(s);
        i = i + 1 === positions.length ? 0 : i + 1;
      }
      return byIndex(chosen);
    };
  }
  return {
    config,
    ownerIndex,
    owner: (h) => {
      const i = ownerIndex(h);
      return servers[i] ?? null;
    },
    replicas,
  };
}

// Owners by key set and placement: a change is measured under every scheme before and after
// (movement and spread read the same placements several times, and one change's "after" is
// the next one's "before"), so the same owner arrays recur. A pure cache: same inputs, same
// array. Keyed by what the placement depends on (a scheme without a ring ignores vnodes).
const ownersCache = new WeakMap<ArrayLike<number>, Map<string, Int32Array>>();
const OWNERS_KEPT = 24;

/**
 * The primary owner of every key hash (as indices into `config.servers`, −1 for none).
 * The array may be shared with other callers (a cache): read it, never write to it.
 */
export function ownerIndices(config: PlacementConfig, keys: ArrayLike<number>): Int32Array {
  let byConfig = ownersCache.get(keys);
  if (!byConfig) ownersCache.set(keys, (byConfig = new Map()));
  const vnodes = config.scheme === 'ring-vnodes' ? clampVnodes(config.vnodes) : 1;
  const key = `${config.scheme}|${vnodes}|${config.servers.join(',')}`;
  const kept = byConfig.get(key);
  if (kept) return kept;
  const p = placer(config);
  const out = new Int32Array(keys.length);
  for (let k = 0; k < keys.length; k++) out[k] = p.ownerIndex(keys[k] ?? 0);
  if (byConfig.size >= OWNERS_KEPT) byConfig.delete(byConfig.keys().next().value ?? '');
  byConfig.set(key, out);
  return out;
}
