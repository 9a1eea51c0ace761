/**
 * Options of the sharding family's nodes, read defensively (they come from a scenario, maybe
 * from a URL): anything missing or malformed falls back to its default.
 */
import type { NodeId } from '../../protocol';
import { initialRule, type Rule } from './rule';
import type { Partitioning, ShardWorkload } from './summary';

import { SHARDING_BROKEN_VARIANTS, type ShardingBrokenVariant } from './variants';

export { SHARDING_BROKEN_VARIANTS, type ShardingBrokenVariant };

/** What every node of a sharded store is told (the same object for all of them). */
export interface ShardOptions {
  readonly partitioning: Partitioning;
  readonly workload: ShardWorkload;
  /** Keys are integers 0…keySpace−1. */
  readonly keySpace: number;
  /** Every shard server, spares included, in scenario order. */
  readonly servers: readonly NodeId[];
  /** The directory node (directory partitioning), else null. */
  readonly directory: NodeId | null;
  /** The first routing map (members share the key space). */
  readonly rule: Rule;
  readonly broken: ShardingBrokenVariant | null;
  /** A client issues an operation this often, virtual ms; 0: only when asked. */
  readonly loadEveryMs: number;
  /** A client gives up on an answer after this long, ms. */
  readonly timeoutMs: number;
  /** Fraction of single-key operations that are reads. */
  readonly readRatio: number;
  /** Fraction of operations that are range scans. */
  readonly scanRatio: number;
  /** Keys a scan spans. */
  readonly scanWidth: number;
  /**
   * Directory mode: how long a client trusts a route it looked up, virtual ms (the route
   * cache's TTL, as a DNS answer or a Bigtable/Spanner client's location cache entry has
   * one); after that it asks the directory again. 0: cached until corrected by "moved".
   */
  readonly routeTtlMs: number;
  /** Clients start their workload at once (else only when asked: "Start workload"). */
  readonly autostart: boolean;
}

/** The route cache's TTL when a scenario names none, virtual ms. */
export const DEFAULT_ROUTE_TTL_MS = 2000;

const PARTITIONINGS: readonly Partitioning[] = ['range', 'hash', 'directory'];
const WORKLOADS: readonly ShardWorkload[] = ['uniform', 'zipf', 'monotonic', 'celebrity'];

const num = (x: unknown, fallback: number, min: number, max: number): number =>
  typeof x === 'number' && Number.isFinite(x) && x >= min && x <= max ? x : fallback;

/** The options in `raw`, each checked; defaults for the rest. */
export function readShardOptions(raw: unknown): ShardOptions {
  const o = (raw ?? {}) as Record<string, unknown>;
  const partitioning = PARTITIONINGS.find((p) => p === o.partitioning) ?? 'range';
  const workload = WORKLOADS.find((w) => w === o.workload) ?? 'uniform';
  const keySpace = Math.floor(num(o.keySpace, 1000, 4, 100_000));
  const servers =
    Array.isArray(o.servers) && o.servers.every((s) => typeof s === 'string') && o.servers.length
      ? (o.servers as NodeId[])
      : ['s1'];
  const directory = typeof o.directory === 'string' ? o.directory : null;
  // The scenario names the first members (spares hold nothing); the rule is made here, in
  // each node, so the page's scenario list need not load the partitioning code.
  const members =
    Array.isArray(o.members) && o.members.every((s) => typeof s === 'string') && o.members.length
      ? (o.members as NodeId[])
      : servers;
  const rule = isRule(o.rule) ? o.rule : initialRule(partitioning, members, keySpace);
  return {
    partitioning,
    workload,
    keySpace,
    servers,
    directory,
    rule,
    broken: SHARDING_BROKEN_VARIANTS.find((b) => b.id === o.broken)?.id ?? null,
    loadEveryMs: num(o.loadEveryMs, 0, 0, 60_000),
    timeoutMs: num(o.timeoutMs, 300, 10, 60_000),
    readRatio: num(o.readRatio, 0.5, 0, 1),
    scanRatio: num(o.scanRatio, 0.05, 0, 1),
    scanWidth: Math.floor(num(o.scanWidth, 100, 1, 100_000)),
    routeTtlMs: num(o.routeTtlMs, DEFAULT_ROUTE_TTL_MS, 0, 600_000),
    autostart: o.autostart !== false,
  };
}

function isRule(x: unknown): x is Rule {
  const r = x as Partial<Rule> | null;
  return (
    typeof r === 'object' &&
    r !== null &&
    typeof r.version === 'number' &&
    typeof r.keySpace === 'number' &&
    (r.kind === 'range'
      ? Array.isArray(r.ranges)
      : Array.isArray((r as { owners?: unknown }).owners))
  );
}
