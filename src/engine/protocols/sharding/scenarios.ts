/**
 * The sharding lab (`#/lab/sharding`): shard servers holding integer keys, spares waiting to
 * join, clients with a workload, and — under directory partitioning — a directory node. The
 * same key space and workload under each "Partitioning", so switching it changes only where
 * keys live. The simulation suites (simulation.ts) build this same scenario, so a failing
 * seed's link replays in the lab.
 */
import type { Json } from '../../protocol';
import { brokenOf, brokenVariantSetting } from '../../scenarios/broken';
import { clampNodes, type ScenarioEntry } from '../../scenarios/entry';
import { numberSetting } from '../../scenarios/settings';
import { SHARDING_BROKEN_VARIANTS } from './variants';
import type { Partitioning, ShardWorkload } from './summary';

/** The directory node's id (directory partitioning only). */
export const DIRECTORY_ID = 'dir';

const intIn = (x: unknown, lo: number, hi: number, fallback: number): number => {
  const n = Math.round(Number(x));
  return Number.isFinite(n) ? Math.min(hi, Math.max(lo, n)) : fallback;
};

export const shardingEntry: ScenarioEntry = {
  id: 'sharding',
  title: 'Sharding',
  description:
    'Shard servers split a key space by range, by hash mod N, or by a directory; clients read, write and scan. Switch the partitioning or the workload, add or remove a server, split a hot range, and watch the data move while clients keep going.',
  minNodes: 2,
  maxNodes: 8,
  defaultNodes: 3,
  nodesHelp: 'Shard servers in the map at the start; spares, clients and the directory are extra.',
  settings: [
    {
      key: 'partitioning',
      label: 'Partitioning',
      kind: 'choice',
      help: 'Range: contiguous key ranges between split points; hash: hash(key) mod N; directory: a lookup table a directory node serves and clients cache.',
      choices: [
        { value: 'range', label: 'range (split points)' },
        { value: 'hash', label: 'hash (mod N)' },
        { value: 'directory', label: 'directory (lookup node)' },
      ],
      default: 'range',
    },
    {
      key: 'workload',
      label: 'Workload',
      kind: 'choice',
      help: 'Uniform keys; a Zipf hot key; monotonically increasing keys (timestamps), which all land on the last range; or a celebrity key that takes 30% of all requests, whatever the partitioning.',
      choices: [
        { value: 'uniform', label: 'uniform' },
        { value: 'zipf', label: 'Zipf (a hot key)' },
        { value: 'monotonic', label: 'monotonic (timestamps)' },
        { value: 'celebrity', label: 'celebrity (one key, 30%)' },
      ],
      default: 'uniform',
    },
    numberSetting(
      'load',
      'Each client sends an operation every (0 = only on request)',
      [0, 10000],
      40,
      {
        unit: 'ms',
      },
    ),
    // Four clients by default: each has one operation in flight (some 10 a second), and the
    // load figures need a few hundred requests in their window to be steady (observer.ts).
    numberSetting('clients', 'Clients', [1, 4], 4),
    numberSetting('spares', 'Spare servers', [0, 3], 1, {
      help: 'Servers that hold no keys until “Add to shards” brings one in.',
    }),
    numberSetting('keySpace', 'Key space (keys 0 … n−1)', [16, 10000], 1000),
    numberSetting('scans', 'Range scans', [0, 100], 5, {
      unit: '%',
      help: 'The share of operations that read a range of 100 keys: under range partitioning they touch one or two servers, under hash every one.',
    }),
    numberSetting('routeTtl', 'Route cache TTL (directory)', [0, 60000], 2000, {
      unit: 'ms',
      help: 'How long a client trusts a route it looked up at the directory before asking again (0 = until a server answers “moved”). With a TTL, a crashed directory soon shows as routing failures.',
    }),
    {
      key: 'start',
      label: 'Clients start',
      kind: 'choice',
      help: 'At once, or only when you press Start workload on a client.',
      choices: [
        { value: 'auto', label: 'at once' },
        { value: 'manual', label: 'when asked (Start workload)' },
      ],
      default: 'auto',
    },
    brokenVariantSetting(SHARDING_BROKEN_VARIANTS, 'copy, catch up, then cut over'),
  ],
  build(params) {
    const n = clampNodes(this, params.nodes);
    const s = params.settings ?? {};
    const partitioning =
      (['range', 'hash', 'directory'] as const).find((p) => p === s.partitioning) ?? 'range';
    const workload =
      (['uniform', 'zipf', 'monotonic', 'celebrity'] as const).find((w) => w === s.workload) ??
      'uniform';
    const spares = intIn(s.spares, 0, 3, 1);
    const clientCount = intIn(s.clients, 1, 4, 4);
    const keySpace = intIn(s.keySpace, 16, 10000, 1000);
    const members = Array.from({ length: n }, (_, i) => `s${i + 1}`);
    const servers = [...members, ...Array.from({ length: spares }, (_, i) => `s${n + i + 1}`)];
    const clients = Array.from({ length: clientCount }, (_, i) => `c${i + 1}`);
    const directory = partitioning === 'directory' ? DIRECTORY_ID : null;
    const options = shardingOptions({
      partitioning,
      workload,
      keySpace,
      members,
      servers,
      directory,
      broken: brokenOf(s),
      loadEveryMs: intIn(s.load, 0, 10000, 40),
      scanRatio: intIn(s.scans, 0, 100, 5) / 100,
      routeTtlMs: intIn(s.routeTtl, 0, 60000, 2000),
      autostart: s.start !== 'manual',
    });
    return {
      id: 'sharding',
      title: this.title,
      description: this.description,
      nodes: [
        ...(directory ? [{ id: directory, protocol: 'shard-directory', options }] : []),
        ...servers.map((id) => ({ id, protocol: 'shard-server', options })),
        ...clients.map((id) => ({ id, protocol: 'shard-client', options })),
      ],
      network: { defaults: { latencyMs: 20, jitterMs: 10 } },
    };
  },
};

/** The options every node of a sharded store gets (ShardOptions as JSON). */
export function shardingOptions(o: {
  readonly partitioning: Partitioning;
  readonly workload: ShardWorkload;
  readonly keySpace: number;
  readonly members: readonly string[];
  readonly servers: readonly string[];
  readonly directory: string | null;
  readonly broken: string | null;
  readonly loadEveryMs: number;
  readonly scanRatio: number;
  /** Directory clients' route cache TTL, ms (0: no expiry); absent: the default. */
  readonly routeTtlMs?: number;
  /** Clients start their workload at once (default) or when asked. */
  readonly autostart?: boolean;
}): Json {
  return {
    partitioning: o.partitioning,
    workload: o.workload,
    keySpace: o.keySpace,
    servers: [...o.servers],
    directory: o.directory,
    members: [...o.members],
    broken: o.broken,
    loadEveryMs: o.loadEveryMs,
    scanRatio: o.scanRatio,
    scanWidth: Math.max(1, Math.round(o.keySpace / 10)),
    ...(o.routeTtlMs === undefined ? {} : { routeTtlMs: o.routeTtlMs }),
    ...(o.autostart === undefined ? {} : { autostart: o.autostart }),
  };
}
