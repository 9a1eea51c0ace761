/**
 * Version vectors and siblings, as Dynamo keeps them (§4.4). Each value carries a vector
 * {coordinator: counter}; a version supersedes another only when its vector is at least as
 * large in every entry. Versions neither of which supersedes the other are concurrent: both
 * are kept, as siblings, until a later write that has seen them all replaces them. A
 * replica's copy of a key is the set of its maximal versions (an antichain), so merging two
 * copies is a union that drops what is dominated: commutative, associative and idempotent,
 * which is why gossip, read repair and hinted handoff can deliver in any order, twice.
 */
import type { NodeId } from '../../../protocol';

export type VersionVector = Readonly<Record<NodeId, number>>;

export interface Version {
  readonly value: string;
  readonly clock: VersionVector;
}

export type Order = 'before' | 'after' | 'equal' | 'concurrent';

/** How `a` stands to `b`. */
export function compareClocks(a: VersionVector, b: VersionVector): Order {
  let less = false;
  let more = false;
  for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const x = a[k] ?? 0;
    const y = b[k] ?? 0;
    if (x < y) less = true;
    else if (x > y) more = true;
  }
  if (less && more) return 'concurrent';
  if (less) return 'before';
  if (more) return 'after';
  return 'equal';
}

/** True when `a` has seen everything `b` has (a ≥ b). */
export const covers = (a: VersionVector, b: VersionVector): boolean => {
  const o = compareClocks(a, b);
  return o === 'after' || o === 'equal';
};

export function mergeClocks(...clocks: readonly VersionVector[]): Record<NodeId, number> {
  const out: Record<NodeId, number> = {};
  for (const c of clocks) for (const [k, v] of Object.entries(c)) if (v > (out[k] ?? 0)) out[k] = v;
  return out;
}

export function describeClock(c: VersionVector): string {
  const entries = Object.keys(c)
    .sort()
    .map((k) => `${k}:${c[k]}`);
  return `{${entries.join(', ')}}`;
}

/** Siblings in a stable order (by vector text), so every replica shows and sends the same. */
function sorted(versions: Version[]): Version[] {
  return versions.sort((a, b) => {
    const x = describeClock(a.clock);
    const y = describeClock(b.clock);
    return x < y ? -1 : x > y ? 1 : 0;
  });
}

/**
 * The maximal versions of `current ∪ incoming`, and whether that differs from `current`.
 * `current` is assumed to be an antichain already (every stored copy is).
 */
export function mergeVersions(
  current: readonly Version[],
  incoming: readonly Version[],
): { versions: Version[]; changed: boolean } {
  let out = [...current];
  let changed = false;
  for (const v of incoming) {
    if (out.some((x) => covers(x.clock, v.clock))) continue;
    out = out.filter((x) => !covers(v.clock, x.clock));
    out.push(v);
    changed = true;
  }
  return { versions: changed ? sorted(out) : out, changed };
}

/** True when `held` already has (or supersedes) every version of `versions`. */
export const holdsAll = (held: readonly Version[], versions: readonly Version[]): boolean =>
  versions.every((v) => held.some((x) => covers(x.clock, v.clock)));

export function describeVersions(versions: readonly Version[]): string {
  return versions.map((v) => describeClock(v.clock)).join(' | ');
}

/** "x = a" or "x = a | b (siblings)" or "x = nil". */
export function describeValues(key: string, versions: readonly Version[]): string {
  if (versions.length === 0) return `${key} = nil`;
  const values = versions.map((v) => v.value).join(' | ');
  return versions.length > 1 ? `${key} = ${values} (siblings)` : `${key} = ${values}`;
}
