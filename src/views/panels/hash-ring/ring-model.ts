/**
 * What the ring view draws and says, computed from the published arcs: each server's share
 * of the ring, the owner of a ring position and a key's replicas (the next distinct physical
 * servers clockwise, Dynamo's preference list, SOSP 2007 §4.3), angles, colour slots and
 * words. Pure functions over `HashRingSummary` data, so they are tested without a page.
 */
import type { NodeId } from '../../../engine/protocol';
import type { RingArc } from '../../../engine/protocols/hash-ring/placement/types';
import type { RingServerRow } from '../../../engine/protocols/hash-ring/summary';

/** Positions on the ring are unsigned 32-bit integers: the ring is 2^32 positions round. */
export const RING_SIZE = 2 ** 32;

/** How many colours the ring's palette has (`--ring-<i>` in hash-ring.css, light and dark). */
export const RING_COLOURS = 12;

/** The angle of a ring position in radians, 0 at the top and growing clockwise. */
export function angleOf(position: number): number {
  return (position / RING_SIZE) * 2 * Math.PI;
}

/**
 * The positions an arc covers, (start, end], wrapping past 2^32 − 1. A lone arc whose start
 * is its end (one server with one point) covers the whole ring.
 */
export function arcLength(arc: RingArc, arcCount: number): number {
  const d = (arc.end - arc.start + RING_SIZE) % RING_SIZE;
  return d === 0 && arcCount === 1 ? RING_SIZE : d;
}

/** Each owner's fraction of the ring (0…1), by node id; owners with no arc are absent. */
export function ringShares(arcs: readonly RingArc[]): ReadonlyMap<NodeId, number> {
  const shares = new Map<NodeId, number>();
  for (const a of arcs) {
    shares.set(a.owner, (shares.get(a.owner) ?? 0) + arcLength(a, arcs.length) / RING_SIZE);
  }
  return shares;
}

/** The arcs in ring order (by end position), for lookups; the input is left as it is. */
export function sortedArcs(arcs: readonly RingArc[]): readonly RingArc[] {
  return [...arcs].sort((a, b) => a.end - b.end);
}

/**
 * The index, in `sorted` (from `sortedArcs`), of the arc that owns `position`: the first arc
 * whose end is at or past it, wrapping to the first arc past the last point (Karger et al.
 * 1997: a key belongs to the first point clockwise). −1 for an empty ring.
 */
export function arcIndexAt(sorted: readonly RingArc[], position: number): number {
  if (sorted.length === 0) return -1;
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid]?.end ?? 0) < position) lo = mid + 1;
    else hi = mid;
  }
  return lo === sorted.length ? 0 : lo;
}

/**
 * The servers that hold a key at `position`: its owner, then the next distinct physical
 * servers clockwise, `replication` in all (fewer when the ring has fewer servers). Virtual
 * nodes of a server already listed are skipped (Dynamo §4.3).
 */
export function preferenceList(
  sorted: readonly RingArc[],
  position: number,
  replication: number,
): readonly NodeId[] {
  const first = arcIndexAt(sorted, position);
  const out: NodeId[] = [];
  if (first < 0) return out;
  for (let i = 0; i < sorted.length && out.length < replication; i++) {
    const owner = sorted[(first + i) % sorted.length]?.owner;
    if (owner !== undefined && !out.includes(owner)) out.push(owner);
  }
  return out;
}

/** A server's palette slot: its place in the summary's server list, so it holds all run. */
export function colourSlot(node: NodeId, servers: readonly RingServerRow[]): number {
  const i = servers.findIndex((s) => s.node === node);
  return (i < 0 ? 0 : i) % RING_COLOURS;
}

/** A server's state in words: in the ring and up, down, or not (yet, or any longer) a member. */
export function serverState(row: RingServerRow): string {
  if (!row.member) return row.up ? 'not in the ring' : 'not in the ring, down';
  return row.up ? 'up' : 'down';
}

/** A fraction as a percentage in words: 0.2513 → "25.1 %" (a no-break space: never split). */
export function percent(fraction: number): string {
  return `${(fraction * 100).toFixed(1)}\u00a0%`;
}

// One formatter for every figure: toLocaleString builds a new one per call, which the ring's
// table and cards would do dozens of times a frame.
const COUNT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** A count with thousands separators: 10000 → "10,000". */
export function count(n: number): string {
  return COUNT.format(Math.round(n));
}

/**
 * The ring's text alternative in one sentence: who owns what share of the ring, largest
 * first, e.g. "n1 owns 27.0 % of the ring, n3 25.2 %, n2 24.9 %, n4 22.9 %".
 */
export function sharesSentence(shares: ReadonlyMap<NodeId, number>): string {
  const sorted = [...shares].sort((a, b) => b[1] - a[1]);
  const [head, ...rest] = sorted;
  if (!head) return 'The ring has no servers.';
  const tail = rest.map(([n, f]) => `${n} ${percent(f)}`);
  return `${head[0]} owns ${percent(head[1])} of the ring${tail.length ? `, ${tail.join(', ')}` : ''}.`;
}
