/**
 * Rebalancing as pure functions from one rule to the next (or a sentence saying why not):
 * add a server, remove one, split a range at a point, move a slice to a server. What each
 * does follows Kleppmann's DDIA ch. 6 ("Rebalancing Partitions"): under mod N, adding a
 * server re-deals every key (about N/(N+1) of them move: the reason not to use mod N);
 * under ranges and a directory, a new server takes over whole ranges or blocks and only
 * those move. The result is the desired placement; the servers then move the data
 * (server.ts).
 */
import type { NodeId } from '../../protocol';
import { membersOf, type OwnedRange, type Rule } from './rule';

/** A new rule, or why the change cannot be made. */
export type Change =
  { readonly ok: true; readonly rule: Rule } | { readonly ok: false; readonly error: string };

const bump = (rule: Rule, by: NodeId): { version: number; by: NodeId } => ({
  version: rule.version + 1,
  by,
});

/** Adjacent ranges of the same owner made one. */
function coalesce(ranges: readonly OwnedRange[]): OwnedRange[] {
  const out: OwnedRange[] = [];
  for (const r of ranges) {
    const last = out[out.length - 1];
    if (last && last.owner === r.owner && last.hi === r.lo)
      out[out.length - 1] = { ...last, hi: r.hi };
    else out.push(r);
  }
  return out;
}

/**
 * `node` joins. Range: it takes the upper half of the widest range. Hash: N becomes N+1
 * (bucket N on the newcomer; every key is re-dealt). Directory: it takes blocks, one at a time
 * from whoever holds the most, until it holds its share.
 */
export function addServer(rule: Rule, node: NodeId): Change {
  const members = membersOf(rule);
  if (members.includes(node)) return { ok: false, error: `${node} already holds keys` };
  const v = bump(rule, node);
  if (rule.kind === 'hash')
    return { ok: true, rule: { ...rule, ...v, owners: [...members, node] } };
  if (rule.kind === 'directory') {
    const owners = [...rule.owners];
    const share = Math.floor(owners.length / (members.length + 1));
    for (let taken = 0; taken < share; taken++) {
      const counts = new Map<NodeId, number>();
      for (const o of owners) counts.set(o, (counts.get(o) ?? 0) + 1);
      let richest = '';
      for (const m of members) if ((counts.get(m) ?? 0) > (counts.get(richest) ?? 0)) richest = m;
      const at = owners.lastIndexOf(richest);
      if (at < 0) break;
      owners[at] = node;
    }
    return { ok: true, rule: { ...rule, ...v, owners } };
  }
  let widest = 0;
  rule.ranges.forEach((r, i) => {
    const w = rule.ranges[widest] as OwnedRange;
    if (r.hi - r.lo > w.hi - w.lo) widest = i;
  });
  const w = rule.ranges[widest] as OwnedRange;
  if (w.hi - w.lo < 2) return { ok: false, error: 'no range is wide enough to split' };
  const mid = Math.floor((w.lo + w.hi) / 2);
  const ranges = [
    ...rule.ranges.slice(0, widest),
    { ...w, hi: mid },
    { lo: mid, hi: w.hi, owner: node },
    ...rule.ranges.slice(widest + 1),
  ];
  return { ok: true, rule: { ...rule, ...v, ranges } };
}

/**
 * `node` leaves (made by `by`). Range: each of its ranges goes to its left neighbour (the
 * right one for the first). Hash: N becomes N−1. Directory: its blocks are dealt to the
 * others, each to whoever then holds the fewest.
 */
export function removeServer(rule: Rule, node: NodeId, by: NodeId): Change {
  const members = membersOf(rule);
  if (!members.includes(node)) return { ok: false, error: `${node} holds no keys` };
  if (members.length < 2) return { ok: false, error: `${node} is the only server left` };
  const v = bump(rule, by);
  const rest = members.filter((m) => m !== node);
  if (rule.kind === 'hash') return { ok: true, rule: { ...rule, ...v, owners: rest } };
  if (rule.kind === 'directory') {
    const owners = [...rule.owners];
    owners.forEach((o, i) => {
      if (o !== node) return;
      const counts = new Map<NodeId, number>(rest.map((m) => [m, 0]));
      for (const x of owners) if (counts.has(x)) counts.set(x, (counts.get(x) ?? 0) + 1);
      let poorest = rest[0] as NodeId;
      for (const m of rest) if ((counts.get(m) ?? 0) < (counts.get(poorest) ?? 0)) poorest = m;
      owners[i] = poorest;
    });
    return { ok: true, rule: { ...rule, ...v, owners } };
  }
  const ranges = rule.ranges.map((r) => ({ ...r }));
  for (let i = 0; i < ranges.length; i++) {
    const r = ranges[i] as OwnedRange;
    if (r.owner !== node) continue;
    let j = i - 1;
    while (j >= 0 && (ranges[j] as OwnedRange).owner === node) j--;
    let heir = j >= 0 ? (ranges[j] as OwnedRange).owner : undefined;
    if (heir === undefined) heir = ranges.slice(i + 1).find((x) => x.owner !== node)?.owner;
    ranges[i] = { ...r, owner: heir ?? (rest[0] as NodeId) };
  }
  return { ok: true, rule: { ...rule, ...v, ranges: coalesce(ranges) } };
}

/**
 * Split the range holding `at` into [lo, at) and [at, hi) (range rule only); the upper part
 * goes to `to` (null: it stays where it is, a split with no data moved, as Bigtable's tablet
 * splits are).
 */
export function splitAt(rule: Rule, at: number, to: NodeId | null, by: NodeId): Change {
  if (rule.kind !== 'range')
    return {
      ok: false,
      error: `the map is by ${rule.kind}, not by range: there is no range to split`,
    };
  const i = rule.ranges.findIndex((r) => at > r.lo && at < r.hi);
  if (i < 0)
    return {
      ok: false,
      error: `${at} is already a boundary or outside 0…${rule.keySpace - 1}: nothing to split there`,
    };
  const r = rule.ranges[i] as OwnedRange;
  const ranges = [
    ...rule.ranges.slice(0, i),
    { ...r, hi: at },
    { lo: at, hi: r.hi, owner: to ?? r.owner },
    ...rule.ranges.slice(i + 1),
  ];
  return { ok: true, rule: { ...rule, ...bump(rule, by), ranges } };
}

/**
 * Give keys lo ≤ k < hi to `to`. Range: that span is carved out (ranges split at lo and hi).
 * Directory: every block overlapping it moves. Hash: lo…hi−1 are bucket numbers (a bucket
 * is the slice of a hash map).
 */
export function moveSlice(rule: Rule, lo: number, hi: number, to: NodeId, by: NodeId): Change {
  const limit = rule.kind === 'hash' ? rule.owners.length : rule.keySpace;
  const what = rule.kind === 'hash' ? 'buckets' : 'keys';
  if (!(Number.isInteger(lo) && Number.isInteger(hi) && lo >= 0 && hi > lo && hi <= limit))
    return { ok: false, error: `${what} ${lo}…${hi} must satisfy 0 ≤ from < to ≤ ${limit}` };
  const v = bump(rule, by);
  if (rule.kind === 'hash')
    return {
      ok: true,
      rule: { ...rule, ...v, owners: rule.owners.map((o, b) => (b >= lo && b < hi ? to : o)) },
    };
  if (rule.kind === 'directory') {
    const owners = rule.owners.map((o, b) => {
      const blo = b * rule.blockSize;
      return blo < hi && blo + rule.blockSize > lo ? to : o;
    });
    return { ok: true, rule: { ...rule, ...v, owners } };
  }
  const ranges: OwnedRange[] = [];
  for (const r of rule.ranges) {
    if (r.hi <= lo || r.lo >= hi) {
      ranges.push(r);
      continue;
    }
    if (r.lo < lo) ranges.push({ ...r, hi: lo });
    ranges.push({ lo: Math.max(lo, r.lo), hi: Math.min(hi, r.hi), owner: to });
    if (r.hi > hi) ranges.push({ ...r, lo: hi });
  }
  return { ok: true, rule: { ...rule, ...v, ranges: coalesce(ranges) } };
}
