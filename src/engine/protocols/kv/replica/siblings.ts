/**
 * Version vectors and siblings (multi-master with resolution 'siblings', as Dynamo and Riak
 * keep them). Each write carries a version vector; a version whose vector another's
 * dominates is an ancestor and goes; versions neither of which dominates the other are
 * concurrent, and all of them are kept: siblings. Merging is a union then that pruning, so
 * it is commutative, associative and idempotent: replicas that have seen the same writes
 * hold the same siblings, whatever the order they saw them in.
 */
import type { NodeId } from '../../../protocol';
import type { Sibling, VersionVector } from '../messages';

/** a ≤ b: every entry of a is at most b's. */
export function isDominatedBy(a: VersionVector, b: VersionVector): boolean {
  return Object.entries(a).every(([node, n]) => n <= (b[node] ?? 0));
}

export function sameVector(a: VersionVector, b: VersionVector): boolean {
  return isDominatedBy(a, b) && isDominatedBy(b, a);
}

/** The entry-wise maximum: a version that has seen everything either has seen. */
export function joinVectors(vectors: readonly VersionVector[]): Record<NodeId, number> {
  const out: Record<NodeId, number> = {};
  for (const v of vectors)
    for (const [node, n] of Object.entries(v)) out[node] = Math.max(out[node] ?? 0, n);
  return out;
}

/** "{n1:2, n2:1}", entries in id order. */
export function describeVector(v: VersionVector): string {
  const entries = Object.keys(v)
    .sort()
    .map((node) => `${node}:${v[node] ?? 0}`);
  return `{${entries.join(', ')}}`;
}

/**
 * The siblings of a union, without ancestors or repeats, in a fixed order (by vector, then
 * value) so that equal sets look equal.
 */
export function mergeSiblings(a: readonly Sibling[], b: readonly Sibling[]): Sibling[] {
  const all = [...a, ...b];
  const kept: Sibling[] = [];
  for (const s of all) {
    const isAncestor = all.some((t) => !sameVector(s.vv, t.vv) && isDominatedBy(s.vv, t.vv));
    const isRepeat = kept.some((t) => sameVector(s.vv, t.vv));
    if (!isAncestor && !isRepeat) kept.push(s);
  }
  return kept.sort((x, y) => {
    const vx = describeVector(x.vv);
    const vy = describeVector(y.vv);
    return vx < vy ? -1 : vx > vy ? 1 : x.value < y.value ? -1 : x.value > y.value ? 1 : 0;
  });
}

export function sameSiblings(a: readonly Sibling[], b: readonly Sibling[]): boolean {
  return a.length === b.length && a.every((s, i) => sameVector(s.vv, b[i]?.vv ?? {}));
}

/**
 * A write at `node` that supersedes every sibling the replica holds: its vector is their
 * join with this replica's entry one higher. (The replica stands in for the client's
 * context: a write replaces what its replica has seen at that moment.)
 */
export function writeOver(held: readonly Sibling[], node: NodeId, value: string): Sibling {
  const vv = joinVectors(held.map((s) => s.vv));
  vv[node] = (vv[node] ?? 0) + 1;
  return { value, vv };
}
