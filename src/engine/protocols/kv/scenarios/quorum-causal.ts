/**
 * The labs of lessons L14 (leaderless quorums) and L8 (causal consistency): a ring of
 * kv-quorum replicas, and three kv-causal replicas one of which is far away. Clients are
 * the store's kv-client, each talking to its nearest replica.
 */
import type { LinkConfig } from '../../../net/link';
import type { Json, NodeId } from '../../../protocol';
import type { ScenarioEntry } from '../../../scenarios/entry';
import { numberSetting } from '../../../scenarios/settings';
import { KV_LESSON_SETTINGS, loadSetting, workloadOf, workloadSetting } from './replica';

const nodeIds = (n: number) => Array.from({ length: n }, (_, i) => `n${i + 1}`);

const clamp = (n: number | undefined, lo: number, hi: number, d: number) =>
  n === undefined || !Number.isInteger(n) ? d : Math.min(hi, Math.max(lo, n));

const num = (v: unknown, d: number) => (typeof v === 'number' && Number.isFinite(v) ? v : d);

/** A kv-client near `target`, with the workload the settings ask for (workloadOf). */
function client(
  id: NodeId,
  store: Record<string, Json>,
  target: NodeId,
  workload: ReturnType<typeof workloadOf>,
  keys: string[],
) {
  return { id, protocol: 'kv-client', options: { ...store, target, keys, ...workload } };
}

export const kvQuorumEntry: ScenarioEntry = {
  id: 'kv-quorum',
  title: 'Leaderless quorums (N, W, R)',
  description:
    'Each key lives on N replicas of a ring; a write waits for W acks, a read for R answers. Crash replicas, cut the ring, write from both sides: when does W + R > N keep reads fresh, and when do sloppy quorums, concurrent writes (siblings) and read repair change the story?',
  minNodes: 3,
  maxNodes: 9,
  defaultNodes: 5,
  settings: [
    numberSetting('n', 'N (replicas per key)', [1, 9], 3),
    numberSetting('w', 'W (write acks)', [1, 9], 2),
    numberSetting('r', 'R (read answers)', [1, 9], 2),
    { key: 'sloppy', label: 'Sloppy quorum and hinted handoff', kind: 'boolean', default: false },
    { key: 'readRepair', label: 'Read repair', kind: 'boolean', default: true },
    numberSetting('antiEntropy', 'Anti-entropy every (0 = off)', [0, 60000], 2000, { unit: 'ms' }),
    workloadSetting,
    loadSetting,
  ],
  lessonSettings: KV_LESSON_SETTINGS,
  build(params) {
    const replicas = nodeIds(clamp(params.nodes, this.minNodes, this.maxNodes, this.defaultNodes));
    const s = params.settings ?? {};
    // W and R above N are clamped to N by the replicas (kv/quorum-options.ts).
    const store: Record<string, Json> = {
      mode: 'quorum',
      replicas,
      n: Math.min(num(s.n, 3), replicas.length),
      w: num(s.w, 2),
      r: num(s.r, 2),
      sloppy: s.sloppy === true,
      readRepair: s.readRepair !== false,
      timeoutMs: 500,
      probeMs: 80,
      handoffEveryMs: 250,
      syncEveryMs: num(s.antiEntropy, 2000),
    };
    const load = workloadOf(s);
    const keys = ['x', 'y', 'cart'];
    const last = replicas[replicas.length - 1] ?? 'n1';
    return {
      id: 'kv-quorum',
      title: this.title,
      description: this.description,
      nodes: [
        ...replicas.map((id) => ({ id, protocol: 'kv-quorum', options: store })),
        // Two clients at opposite ends of the ring, so a partition can put them on two sides.
        client('c1', store, 'n1', load, keys),
        client('c2', store, last, load, keys),
      ],
      network: { defaults: { latencyMs: 20, jitterMs: 10 } },
    };
  },
};

/** Every link between `a` and one of `others`, both ways, with this config. */
const between = (a: NodeId, others: readonly NodeId[], config: Partial<LinkConfig>) =>
  others.flatMap((b) => [
    { from: a, to: b, config },
    { from: b, to: a, config },
  ]);

export const kvCausalEntry: ScenarioEntry = {
  id: 'kv-causal',
  title: 'Causal consistency',
  description:
    'Three replicas of a comment thread; n3 is far away. c1 posts near n1, c2 reads near n3. Updates carry their dependencies: watch a comment wait in n3’s buffer until the post it answers arrives — then switch to eventual and see the comment appear first.',
  minNodes: 3,
  maxNodes: 3,
  defaultNodes: 3,
  settings: [
    {
      key: 'consistency',
      label: 'Consistency',
      kind: 'choice',
      choices: [
        { value: 'causal', label: 'causal — buffer updates until their dependencies are here' },
        { value: 'eventual', label: 'eventual — apply updates as they arrive (no buffering)' },
      ],
      default: 'causal',
    },
    numberSetting('farLatency', 'Latency to n3', [20, 5000], 400, { unit: 'ms' }),
    numberSetting('replicationDelay', 'Replication delay', [0, 5000], 0, { unit: 'ms' }),
    workloadSetting,
    loadSetting,
  ],
  lessonSettings: KV_LESSON_SETTINGS,
  build(params) {
    const s = params.settings ?? {};
    const farMs = num(s.farLatency, 400);
    // Half the latency again as jitter: a later update to n3 can overtake an earlier one.
    const far: Partial<LinkConfig> = { latencyMs: farMs, jitterMs: farMs / 2 };
    const near: Partial<LinkConfig> = { latencyMs: 5, jitterMs: 2 };
    const store: Record<string, Json> = {
      mode: 'causal',
      replicas: ['n1', 'n2', 'n3'],
      replicationDelayMs: num(s.replicationDelay, 0),
      // A replica holds a request for its session up to this long; resends wait a round trip.
      timeoutMs: 2 * farMs + 700,
      retryMs: 3 * farMs + 200,
      broken: s.consistency === 'eventual' ? 'no-buffering' : null,
    };
    const load = workloadOf(s);
    // Not 'reply': a key must not read like a message (KvReply) on the stage.
    const keys = ['post', 'comment'];
    return {
      id: 'kv-causal',
      title: this.title,
      description: this.description,
      nodes: [
        ...['n1', 'n2', 'n3'].map((id) => ({ id, protocol: 'kv-causal', options: store })),
        client('c1', store, 'n1', load, keys),
        client('c2', store, 'n3', load, keys),
      ],
      network: {
        defaults: { latencyMs: 20, jitterMs: 10 },
        links: [
          ...between('n3', ['n1', 'n2', 'c1'], far),
          ...between('c2', ['n1', 'n2'], far),
          ...between('c1', ['n1'], near),
          ...between('c2', ['n3'], near),
        ],
      },
    };
  },
};
