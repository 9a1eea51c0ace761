/**
 * The routing map ("rule") of the sharding family: which server should own each integer key
 * 0…keySpace−1. Three kinds, as Kleppmann's DDIA ch. 6 lays them out:
 * - range: contiguous key ranges between split points (Bigtable, HBase, MongoDB ranges);
 * - hash: bucket = hash(key) mod N, bucket i on owners[i] (the textbook mod N);
 * - directory: a lookup table of fixed blocks, any block on any server (Spanner §2.1 moves
 *   "directories" between groups; clients ask a directory node and cache its answers).
 * A rule is the desired placement, versioned: every rebalancing makes a new version, and the
 * newest (version, then proposer id) wins wherever two meet. Data follows the rule by moves
 * (server.ts); the rule never says who holds a key *now*, only who should.
 * Rules are plain data (they persist and travel in messages) and are never changed in place.
 */
import type { NodeId } from '../../protocol';
import { bucketOf } from './hash';
import { normalise, type Interval } from './intervals';
import type { Partitioning, ShardSlice } from './summary';

interface RuleBase {
  /** Bumped by every rebalancing. */
  readonly version: number;
  /** The node that made this version ('' for the scenario's first). */
  readonly by: NodeId;
  readonly keySpace: number;
}

/** One range of a range rule: keys lo ≤ k < hi on `owner`. */
export interface OwnedRange {
  readonly lo: number;
  readonly hi: number;
  readonly owner: NodeId;
}

export type Rule =
  | (RuleBase & { readonly kind: 'range'; readonly ranges: readonly OwnedRange[] })
  | (RuleBase & { readonly kind: 'hash'; readonly owners: readonly NodeId[] })
  | (RuleBase & {
      readonly kind: 'directory';
      readonly blockSize: number;
      readonly owners: readonly NodeId[];
    });

/** Blocks of the directory map (the key space is cut into this many equal blocks). */
export const DIRECTORY_BLOCKS = 16;

/** Is `a` newer than `b`? Higher version wins; equal versions are ordered by proposer id. */
export const isNewer = (a: Rule, b: Rule): boolean =>
  a.version !== b.version ? a.version > b.version : a.by > b.by;

/**
 * The first rule of a scenario: `members` share the key space evenly (range: equal ranges in
 * order; hash: bucket i on members[i]; directory: blocks dealt round-robin).
 * @throws Error when there are no members or the key space is smaller than the members.
 */
export function initialRule(
  kind: Partitioning,
  members: readonly NodeId[],
  keySpace: number,
): Rule {
  const n = members.length;
  if (n === 0 || keySpace < n) throw new Error('a rule needs members and a key per member');
  const base = { version: 1, by: '', keySpace };
  if (kind === 'hash') return { ...base, kind, owners: [...members] };
  if (kind === 'directory') {
    const blocks = Math.min(DIRECTORY_BLOCKS, keySpace);
    const blockSize = Math.ceil(keySpace / blocks);
    const count = Math.ceil(keySpace / blockSize);
    return {
      ...base,
      kind,
      blockSize,
      owners: Array.from({ length: count }, (_, i) => members[i % n] as NodeId),
    };
  }
  const ranges = members.map((owner, i) => ({
    lo: Math.floor((i * keySpace) / n),
    hi: Math.floor(((i + 1) * keySpace) / n),
    owner,
  }));
  return { ...base, kind, ranges };
}

/** Who should own key `k` under `rule`. */
export function ownerOf(rule: Rule, k: number): NodeId {
  switch (rule.kind) {
    case 'hash':
      return rule.owners[bucketOf(k, rule.owners.length)] ?? '';
    case 'directory':
      return rule.owners[Math.floor(k / rule.blockSize)] ?? rule.owners[0] ?? '';
    case 'range': {
      for (const r of rule.ranges) if (k >= r.lo && k < r.hi) return r.owner;
      return rule.ranges[rule.ranges.length - 1]?.owner ?? '';
    }
  }
}

/** The servers the rule places keys on, in first-appearance order. */
export function membersOf(rule: Rule): NodeId[] {
  const list = rule.kind === 'range' ? rule.ranges.map((r) => r.owner) : rule.owners;
  return [...new Set(list)];
}

/** The keys `node` should own under `rule`, as intervals. */
export function assignmentOf(rule: Rule, node: NodeId): Interval[] {
  switch (rule.kind) {
    case 'range':
      return normalise(rule.ranges.filter((r) => r.owner === node).map((r) => [r.lo, r.hi]));
    case 'directory':
      return normalise(
        rule.owners.flatMap((o, i) =>
          o === node
            ? [[i * rule.blockSize, Math.min(rule.keySpace, (i + 1) * rule.blockSize)] as const]
            : [],
        ),
      );
    case 'hash': {
      const out: [number, number][] = [];
      for (let k = 0; k < rule.keySpace; k++) {
        if (ownerOf(rule, k) !== node) continue;
        const last = out[out.length - 1];
        if (last && last[1] === k) last[1] = k + 1;
        else out.push([k, k + 1]);
      }
      return out;
    }
  }
}

/** What the shard map shows `node` owning under `rule` (ranges merged; buckets by number). */
export function slicesOf(rule: Rule, node: NodeId): ShardSlice[] {
  if (rule.kind === 'hash')
    return rule.owners.flatMap((o, bucket) =>
      o === node ? [{ kind: 'bucket' as const, bucket, buckets: rule.owners.length }] : [],
    );
  if (rule.kind === 'range')
    return rule.ranges
      .filter((r) => r.owner === node)
      .map((r) => ({ kind: 'range' as const, lo: r.lo, hi: r.hi }));
  return assignmentOf(rule, node).map(([lo, hi]) => ({ kind: 'range' as const, lo, hi }));
}

/** The range rule's ranges (or the directory's blocks) that overlap [lo, hi), with owners. */
export function rangesIn(rule: Rule, lo: number, hi: number): OwnedRange[] {
  if (rule.kind === 'range')
    return rule.ranges
      .filter((r) => r.hi > lo && r.lo < hi)
      .map((r) => ({ lo: Math.max(lo, r.lo), hi: Math.min(hi, r.hi), owner: r.owner }));
  if (rule.kind === 'directory') {
    const out: OwnedRange[] = [];
    for (let b = Math.floor(lo / rule.blockSize); b * rule.blockSize < hi; b++) {
      const blo = b * rule.blockSize;
      const bhi = Math.min(rule.keySpace, blo + rule.blockSize);
      const owner = rule.owners[b];
      if (owner !== undefined && bhi > lo)
        out.push({ lo: Math.max(lo, blo), hi: Math.min(hi, bhi), owner });
    }
    return out;
  }
  // Hash: every key may be anywhere; one "range" per key would be silly, so each owner is
  // given the whole span (a scan under hash asks every server).
  return membersOf(rule).map((owner) => ({ lo, hi, owner }));
}
