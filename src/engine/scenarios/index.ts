/** The scenario catalogue: each lab route `#/lab/<id>` opens one of these. */
import type { Scenario } from '../scenario';
import { BROKEN_VARIANTS } from '../protocols/raft/types';
import type { SettingSpec, SettingValues } from './settings';
import {
  kvEventualEntry,
  kvMultiMasterEntry,
  kvPrimaryBackupEntry,
  kvStrongEntry,
} from '../protocols/kv/replica/scenarios';
import { kvCausalEntry, kvQuorumEntry } from '../protocols/kv/scenarios-quorum-causal';
import { notesEntry } from '../protocols/notes/scenarios';
import { pipeEntry } from '../protocols/pipe/scenarios';

export interface ScenarioParams {
  readonly nodes?: number;
  /** Values for the entry's settings (already read with readSettings). */
  readonly settings?: SettingValues;
}

export interface ScenarioEntry {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly minNodes: number;
  readonly maxNodes: number;
  readonly defaultNodes: number;
  /** What a teacher may change, beyond the number of nodes. */
  readonly settings: readonly SettingSpec[];
  build(params: ScenarioParams): Scenario;
}

const nodeIds = (n: number) => Array.from({ length: n }, (_, i) => `n${i + 1}`);

const clampNodes = (
  entry: Pick<ScenarioEntry, 'minNodes' | 'maxNodes' | 'defaultNodes'>,
  n?: number,
) =>
  n === undefined || !Number.isInteger(n)
    ? entry.defaultNodes
    : Math.min(entry.maxNodes, Math.max(entry.minNodes, n));

const pingEntry: ScenarioEntry = {
  id: 'ping',
  title: 'Heartbeats',
  description:
    'Every node pings every other on a timer and suspects the ones that fall silent. Crash one, pause one, cut a link: who notices, and when?',
  minNodes: 2,
  maxNodes: 50,
  defaultNodes: 5,
  settings: [],
  build(params) {
    const n = clampNodes(this, params.nodes);
    return {
      id: 'ping',
      title: this.title,
      description: this.description,
      nodes: nodeIds(n).map((id) => ({ id, protocol: 'ping' })),
      network: { defaults: { latencyMs: 40, jitterMs: 20 } },
    };
  },
};

const raftEntry: ScenarioEntry = {
  id: 'raft',
  title: 'Raft',
  description:
    'Five servers elect a leader and replicate a log; a client sends writes. Crash the leader, partition the cluster, and watch terms, votes and commits.',
  minNodes: 3,
  maxNodes: 9,
  defaultNodes: 5,
  settings: [
    {
      key: 'electionMin',
      label: 'Election timeout from',
      kind: 'number',
      min: 20,
      max: 5000,
      default: 150,
      unit: 'ms',
    },
    {
      key: 'electionMax',
      label: 'Election timeout to',
      kind: 'number',
      min: 21,
      max: 10000,
      default: 300,
      unit: 'ms',
    },
    {
      key: 'heartbeat',
      label: 'Heartbeat interval',
      kind: 'number',
      min: 5,
      max: 2000,
      default: 50,
      unit: 'ms',
    },
    { key: 'preVote', label: 'Pre-vote', kind: 'boolean', default: false },
    {
      key: 'broken',
      label: 'Broken variant (for teaching)',
      kind: 'choice',
      choices: [
        { value: 'none', label: 'none — correct Raft' },
        ...BROKEN_VARIANTS.map((b) => ({ value: b.id, label: `${b.id} — breaks ${b.breaks}` })),
      ],
      default: 'none',
    },
    {
      key: 'load',
      label: 'Client writes every (0 = only on request)',
      kind: 'number',
      min: 0,
      max: 10000,
      default: 0,
      unit: 'ms',
    },
  ],
  build(params) {
    const n = clampNodes(this, params.nodes);
    const servers = nodeIds(n);
    const s = params.settings ?? {};
    const raftOptions = {
      electionTimeoutMinMs: Number(s.electionMin ?? 150),
      electionTimeoutMaxMs: Number(s.electionMax ?? 300),
      heartbeatMs: Number(s.heartbeat ?? 50),
      preVote: s.preVote === true,
      broken: s.broken === undefined || s.broken === 'none' ? null : String(s.broken),
    };
    const load = Number(s.load ?? 0);
    return {
      id: 'raft',
      title: this.title,
      description: this.description,
      nodes: [
        ...servers.map((id) => ({ id, protocol: 'raft', options: raftOptions })),
        // One client: idle until the learner presses "Client request", unless load is set.
        {
          id: 'c1',
          protocol: 'raft-client',
          options: { servers, autoRequestEveryMs: load > 0 ? load : null },
        },
      ],
      network: { defaults: { latencyMs: 10, jitterMs: 10 } },
    };
  },
};

export const scenarios: Readonly<Record<string, ScenarioEntry>> = {
  ping: pingEntry,
  raft: raftEntry,
  notes: notesEntry,
  pipe: pipeEntry,
  'kv-strong': kvStrongEntry,
  'kv-primary-backup': kvPrimaryBackupEntry,
  'kv-eventual': kvEventualEntry,
  'kv-multi-master': kvMultiMasterEntry,
  'kv-quorum': kvQuorumEntry,
  'kv-causal': kvCausalEntry,
};

export function scenarioEntry(id: string): ScenarioEntry | undefined {
  return Object.hasOwn(scenarios, id) ? scenarios[id] : undefined;
}
