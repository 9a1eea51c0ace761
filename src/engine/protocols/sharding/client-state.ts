/** The sharded-store client's state, its actions, and how it routes (see client.ts). */
import type { NodeContext, NodeId, NodeView, ProtocolActionSpec } from '../../protocol';
import type { CompletedOpSummary } from '../../check/stale-read';
import { normalise, subtract, type Interval } from './intervals';
import type { ShardMessage } from './messages';
import type { ShardOptions } from './options';
import { ownerOf, rangesIn, type OwnedRange, type Rule } from './rule';

/** Redirects and waits one operation may take before it gives up. */
export const MAX_HOPS = 8;
/** How long a client waits before asking again after "wait", ms. */
export const RETRY_MS = 30;

/**
 * A route the client looked up at the directory: keys lo…hi−1 on `owner`, trusted until
 * `expires` (the client's local clock, ms; Number.MAX_SAFE_INTEGER with no TTL: plain data,
 * so state snapshots copy it as they copy everything else).
 */
export interface CachedRoute extends OwnedRange {
  readonly expires: number;
}

/** The operation under way. */
export interface Pending {
  readonly opId: string;
  readonly fn: 'read' | 'write' | 'scan';
  /** The key (read/write), or the scan's first key. */
  readonly key: number;
  /** A write's value; a scan's end (exclusive) as text; null for a read. */
  readonly value: string | null;
  readonly hi: number;
  target: NodeId | null;
  hops: number;
  stage: 'lookup' | 'request' | 'wait';
  /** A scan's servers still to answer, and what it has gathered. */
  waiting: NodeId[];
  touched: number;
  rows: number;
  covered: Interval[];
}

/** The last range scan, for the shard map's fan-out figure. */
export interface ScanResult {
  readonly lo: number;
  readonly hi: number;
  /** Servers asked. */
  readonly touched: number;
  readonly rows: number;
  /** Every part of the range was answered by its owner. */
  readonly complete: boolean;
}

export interface ShardClientState {
  readonly options: ShardOptions;
  seq: number;
  workload: boolean;
  /** Range and hash: the client's copy of the map. */
  rule: Rule;
  /** Directory: blocks looked up, with their servers and when each expires. */
  cache: CachedRoute[];
  pending: Pending | null;
  /**
   * An operation the learner asked for while another was in flight: it starts as soon as that
   * one ends (one at a time, but never dropped; the newest request replaces an older one).
   */
  queued: { readonly fn: Pending['fn']; readonly key: number; readonly hi: number } | null;
  completed: number;
  failed: number;
  unknown: number;
  /** Reads and writes completed (the history's ops; scans are not among them). */
  recorded: number;
  scans: number;
  routingFailures: number;
  redirects: number;
  lastScan: ScanResult | null;
  last: CompletedOpSummary | null;
  lastResult: string | null;
}

export interface ShardClientDisk {
  readonly seq: number;
  readonly workload: boolean;
}

export interface ShardClientView extends NodeView {
  readonly pending: string | null;
  readonly lastResult: string | null;
  readonly completed: number;
  readonly failed: number;
  readonly unknown: number;
  readonly routingFailures: number;
  readonly redirects: number;
  readonly workload: boolean;
  readonly lastScan: ScanResult | null;
  readonly cached: number;
}

export type Ctx = NodeContext<ShardMessage, ShardClientDisk>;

export const SHARD_CLIENT_ACTIONS: readonly ProtocolActionSpec[] = [
  {
    id: 'workload-on',
    label: 'Start workload',
    description: 'Issue the chosen workload, one operation at a time.',
  },
  {
    id: 'workload-off',
    label: 'Stop workload',
    description: 'Stop issuing operations automatically.',
  },
  {
    id: 'read',
    label: 'Read',
    description: 'Read one key (an integer).',
    takesArgs: true,
    args: [{ name: 'key', label: 'Key (a whole number)', kind: 'text', default: '0', size: 6 }],
  },
  {
    id: 'write',
    label: 'Write',
    description: 'Write a fresh value to one key (an integer).',
    takesArgs: true,
    args: [{ name: 'key', label: 'Key (a whole number)', kind: 'text', default: '0', size: 6 }],
  },
  {
    id: 'scan',
    label: 'Range scan',
    description: 'Read every key from…to−1: it asks each server holding part of the range.',
    takesArgs: true,
    args: [
      { name: 'from', label: 'From key', kind: 'number', min: 0, default: 0 },
      { name: 'to', label: 'To key (not included)', kind: 'number', min: 1, default: 100 },
    ],
  },
];

export const describe = (p: Pick<Pending, 'fn' | 'key' | 'value' | 'hi'>) =>
  p.fn === 'write'
    ? `write ${p.key}=${p.value ?? ''}`
    : p.fn === 'read'
      ? `read ${p.key}`
      : `scan ${p.key}…${p.hi - 1}`;

export const isDirectory = (s: ShardClientState) =>
  s.options.partitioning === 'directory' && s.options.directory !== null;

/** The cached routes still trusted at local time `now` (an expired one is as good as none). */
export const liveRoutes = (s: ShardClientState, now: number): CachedRoute[] =>
  s.cache.filter((e) => e.expires > now);

export function cached(s: ShardClientState, k: number, now: number): NodeId | null {
  return liveRoutes(s, now).find((e) => k >= e.lo && k < e.hi)?.owner ?? null;
}

/**
 * Cache `entries` (replacing what they overlap), each trusted until `expires` (local ms);
 * expired routes are dropped on the way.
 */
export function remember(
  s: ShardClientState,
  entries: readonly OwnedRange[],
  now: number,
  expires: number,
): void {
  const fresh = entries.map((e) => [e.lo, e.hi] as const);
  s.cache = [
    ...liveRoutes(s, now).filter((e) => !fresh.some(([lo, hi]) => e.lo < hi && e.hi > lo)),
    ...entries.map((e) => ({ lo: e.lo, hi: e.hi, owner: e.owner, expires })),
  ].sort((a, b) => a.lo - b.lo);
}

/** When a route looked up now expires: the TTL from now, or never without one. */
export const expiryFrom = (s: ShardClientState, now: number): number =>
  s.options.routeTtlMs > 0 ? now + s.options.routeTtlMs : Number.MAX_SAFE_INTEGER;

export function lookup(s: ShardClientState, p: Pending, lo: number, hi: number, ctx: Ctx): void {
  p.stage = 'lookup';
  ctx.send(s.options.directory ?? '', { type: 'Lookup', op: p.opId, lo, hi });
  ctx.setTimer('timeout', s.options.timeoutMs);
}

/** The servers to ask for keys lo…hi−1, with their parts; null: the directory must be asked. */
export function plan(
  s: ShardClientState,
  lo: number,
  hi: number,
  now: number,
): Map<NodeId, Interval[]> | null {
  const parts = new Map<NodeId, Interval[]>();
  if (isDirectory(s)) {
    const entries = liveRoutes(s, now).filter((e) => e.lo < hi && e.hi > lo);
    const gap = subtract([[lo, hi]], normalise(entries.map((e) => [e.lo, e.hi])));
    if (gap.length) return null;
    for (const e of entries)
      parts.set(e.owner, [...(parts.get(e.owner) ?? []), [Math.max(lo, e.lo), Math.min(hi, e.hi)]]);
    return parts;
  }
  for (const r of rangesIn(s.rule, lo, hi))
    parts.set(r.owner, [...(parts.get(r.owner) ?? []), [r.lo, r.hi]]);
  return parts;
}

export function dispatch(s: ShardClientState, ctx: Ctx): void {
  const p = s.pending;
  if (!p) return;
  if (p.fn === 'scan') {
    const parts = plan(s, p.key, p.hi, ctx.now());
    if (!parts) {
      lookup(s, p, p.key, p.hi, ctx);
      return;
    }
    p.stage = 'request';
    p.waiting = [...parts.keys()];
    p.touched = p.waiting.length;
    for (const [to, xs] of parts) ctx.send(to, { type: 'Scan', op: p.opId, parts: normalise(xs) });
    ctx.setTimer('timeout', s.options.timeoutMs);
    return;
  }
  const target =
    p.target ?? (isDirectory(s) ? cached(s, p.key, ctx.now()) : ownerOf(s.rule, p.key));
  if (!target) {
    lookup(s, p, p.key, p.key + 1, ctx);
    return;
  }
  p.target = target;
  p.stage = 'request';
  ctx.send(
    target,
    p.fn === 'write'
      ? { type: 'Put', op: p.opId, key: p.key, value: p.value ?? '' }
      : { type: 'Get', op: p.opId, key: p.key },
  );
  ctx.setTimer('timeout', s.options.timeoutMs);
}
