/**
 * The replicated key-value store's labs (issue 7): one store, four ways to replicate it.
 * Replicas n1…nN (3–5) run 'kv-replica'; two clients, c1 and c2, each sit next to a
 * different replica (c1 by n1, c2 by the last) and talk to it.
 */
import type { LinkConfig } from '../../../net/link';
import type { Json, NodeId } from '../../../protocol';
import type { KvMode } from '../types';
import type { Scenario } from '../../../scenario';
import type { ScenarioEntry, ScenarioParams } from '../../../scenarios/entry';
import type { SettingSpec, SettingValues } from '../../../scenarios/settings';
import { numberSetting } from '../../../scenarios/settings';

const clampReplicas = (n?: number) =>
  n === undefined || !Number.isInteger(n) ? 3 : Math.min(5, Math.max(3, n));

/**
 * The client workload, shared by every store scenario: in the lab the clients read and write
 * gently from the start, so the store is never idle; a learner can switch it off (the kv
 * panels' workload switch), and a lesson chooses its own (KV_LESSON_SETTINGS).
 */
export const workloadSetting: SettingSpec = {
  key: 'workload',
  label: 'Clients run a workload from the start',
  kind: 'boolean',
  default: true,
};

export const loadSetting: SettingSpec = numberSetting(
  'load',
  'Each client reads or writes every (0 = only on request)',
  [0, 10000],
  1500,
  { unit: 'ms' },
);

/** A lesson on a store starts with the workload off unless it asks for one. */
export const KV_LESSON_SETTINGS: Readonly<Record<string, string>> = { workload: '0' };

/**
 * The clients' workload options from the settings: its pace (null = none given), and
 * whether it runs from the start — when switched on and paced (settings built without the
 * switch, as tests and rehearsals do, run it exactly when a pace is given).
 */
export function workloadOf(s: SettingValues): { loadEveryMs: number | null; workload: boolean } {
  const load = typeof s.load === 'number' && Number.isFinite(s.load) && s.load > 0 ? s.load : 0;
  return { loadEveryMs: load > 0 ? load : null, workload: s.workload !== false && load > 0 };
}

const timeoutSetting: SettingSpec = numberSetting('timeout', 'Replica timeout', [50, 10000], 500, {
  unit: 'ms',
});

const delaySetting = (fallback: number): SettingSpec =>
  numberSetting('replicationDelay', 'Replication delay', [0, 10000], fallback, { unit: 'ms' });

/** Client and nearest replica share a rack: a few ms. Replicas are 20 ms apart. */
const NEAR: Partial<LinkConfig> = { latencyMs: 4, jitterMs: 2 };
const DEFAULT_NETWORK: Partial<LinkConfig> = { latencyMs: 20, jitterMs: 10 };

interface StoreSpec {
  readonly mode: KvMode;
  readonly options: Readonly<Record<string, Json>>;
  /** Extra one-way latency (both ways) between pairs of replicas. */
  readonly far?: ReadonlyArray<readonly [NodeId, NodeId, number]>;
}

function buildStore(
  entry: ScenarioEntry,
  params: ScenarioParams,
  spec: (replicas: readonly NodeId[], s: SettingValues) => StoreSpec,
): Scenario {
  const replicas = Array.from({ length: clampReplicas(params.nodes) }, (_, i) => `n${i + 1}`);
  const s = params.settings ?? {};
  const { mode, options, far = [] } = spec(replicas, s);
  const delayMs = Number(options.replicationDelayMs ?? 0);
  const shared = {
    mode,
    replicas,
    timeoutMs: Number(s.timeout ?? 500),
    // Anti-entropy is the safety net, not the path: slow next to replication, so the
    // replication delay a teacher sets is the delay a learner sees.
    antiEntropyEveryMs: Math.max(2000, 4 * delayMs),
    ...options,
  };
  const last = replicas[replicas.length - 1] ?? 'n1';
  const clients: ReadonlyArray<readonly [NodeId, NodeId]> = [
    ['c1', 'n1'],
    ['c2', last],
  ];
  const both = (a: NodeId, b: NodeId, config: Partial<LinkConfig>) => [
    { from: a, to: b, config },
    { from: b, to: a, config },
  ];
  return {
    id: entry.id,
    title: entry.title,
    description: entry.description,
    nodes: [
      ...replicas.map((id) => ({ id, protocol: 'kv-replica', options: shared })),
      ...clients.map(([id, target]) => ({
        id,
        protocol: 'kv-client',
        options: { ...shared, target, ...workloadOf(s) },
      })),
    ],
    network: {
      defaults: DEFAULT_NETWORK,
      links: [
        ...clients.flatMap(([c, r]) => both(c, r, NEAR)),
        ...far.flatMap(([a, b, latencyMs]) => both(a, b, { latencyMs, jitterMs: 20 })),
      ],
    },
  };
}

export const kvStrongEntry: ScenarioEntry = {
  id: 'kv-strong',
  title: 'Strong consistency',
  description:
    'n1 coordinates: a write goes to every replica and is acknowledged only when all have it; reads see only values every replica holds. Cut a replica off and watch writes block, then fail.',
  minNodes: 3,
  maxNodes: 5,
  defaultNodes: 3,
  settings: [workloadSetting, loadSetting, timeoutSetting],
  lessonSettings: KV_LESSON_SETTINGS,
  build(params) {
    return buildStore(this, params, () => ({ mode: 'strong', options: {} }));
  },
};

export const kvPrimaryBackupEntry: ScenarioEntry = {
  id: 'kv-primary-backup',
  title: 'Primary and backups',
  description:
    'n1 is primary; the backups watch its heartbeat and the first takes over when it falls silent, with a higher epoch that fences the old primary. Crash the primary with asynchronous replication and see acknowledged writes vanish.',
  minNodes: 3,
  maxNodes: 5,
  defaultNodes: 3,
  settings: [
    { key: 'sync', label: 'Synchronous replication', kind: 'boolean', default: true },
    {
      key: 'readFrom',
      label: 'Reads served by',
      kind: 'choice',
      choices: [
        { value: 'primary', label: 'the primary' },
        { value: 'any', label: 'any replica (its own copy)' },
      ],
      default: 'primary',
    },
    delaySetting(200),
    numberSetting('failoverTimeout', 'Failover after silence of', [100, 10000], 600, {
      unit: 'ms',
    }),
    workloadSetting,
    loadSetting,
    timeoutSetting,
  ],
  lessonSettings: KV_LESSON_SETTINGS,
  build(params) {
    return buildStore(this, params, (_, s) => ({
      mode: 'primary-backup',
      options: {
        syncReplication: s.sync !== false,
        readFrom: s.readFrom === 'any' ? 'any' : 'primary',
        replicationDelayMs: Number(s.replicationDelay ?? 200),
        failoverTimeoutMs: Number(s.failoverTimeout ?? 600),
      },
    }));
  },
};

export const kvEventualEntry: ScenarioEntry = {
  id: 'kv-eventual',
  title: 'Eventual consistency',
  description:
    'Writes go to the primary, n1, and reach the other replicas later; each client reads from its nearest replica. The last replica is far away: read there just after a write and see the old value, then watch the replicas converge.',
  minNodes: 3,
  maxNodes: 5,
  defaultNodes: 3,
  settings: [delaySetting(500), workloadSetting, loadSetting, timeoutSetting],
  lessonSettings: KV_LESSON_SETTINGS,
  build(params) {
    return buildStore(this, params, (replicas, s) => {
      const last = replicas[replicas.length - 1] ?? 'n3';
      return {
        mode: 'eventual',
        options: { replicationDelayMs: Number(s.replicationDelay ?? 500) },
        far: replicas.slice(0, -1).map((r) => [r, last, 150] as const),
      };
    });
  },
};

export const kvMultiMasterEntry: ScenarioEntry = {
  id: 'kv-multi-master',
  title: 'Multi-master',
  description:
    'Every replica takes writes and replicates them to the others later. Write the same key at two replicas at once, or partition them: last-writer-wins keeps one write by timestamp (skew a clock and a newer write loses), siblings keeps both.',
  minNodes: 3,
  maxNodes: 5,
  defaultNodes: 3,
  settings: [
    {
      key: 'resolution',
      label: 'Conflict resolution',
      kind: 'choice',
      choices: [
        { value: 'lww', label: 'last writer wins (timestamps)' },
        { value: 'siblings', label: 'siblings (version vectors)' },
      ],
      default: 'lww',
    },
    delaySetting(300),
    workloadSetting,
    loadSetting,
    timeoutSetting,
  ],
  lessonSettings: KV_LESSON_SETTINGS,
  build(params) {
    return buildStore(this, params, (_, s) => ({
      mode: 'multi-master',
      options: {
        resolution: s.resolution === 'siblings' ? 'siblings' : 'lww',
        replicationDelayMs: Number(s.replicationDelay ?? 300),
      },
    }));
  },
};
