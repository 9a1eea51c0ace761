/** The Raft lab: five servers and one client, with the timings and variants a teacher sets. */
import { clampNodes, nodeIds, type ScenarioEntry } from '../../scenarios/entry';
import { brokenOf, brokenVariantSetting } from '../../scenarios/settings';
import { BROKEN_VARIANTS } from './types';

export const raftEntry: ScenarioEntry = {
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
    brokenVariantSetting(BROKEN_VARIANTS, 'correct Raft'),
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
      broken: brokenOf(s),
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
