/** The scenario catalogue: each lab route `#/lab/<id>` opens one of these. */
import type { Scenario } from '../scenario';

export interface ScenarioParams {
  readonly nodes?: number;
}

export interface ScenarioEntry {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly minNodes: number;
  readonly maxNodes: number;
  readonly defaultNodes: number;
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
  build(params) {
    const n = clampNodes(this, params.nodes);
    const servers = nodeIds(n);
    return {
      id: 'raft',
      title: this.title,
      description: this.description,
      nodes: [
        ...servers.map((id) => ({ id, protocol: 'raft' })),
        // One client: idle until the learner presses "Client request".
        { id: 'c1', protocol: 'raft-client', options: { servers } },
      ],
      network: { defaults: { latencyMs: 10, jitterMs: 10 } },
    };
  },
};

export const scenarios: Readonly<Record<string, ScenarioEntry>> = {
  ping: pingEntry,
  raft: raftEntry,
};

export function scenarioEntry(id: string): ScenarioEntry | undefined {
  return Object.hasOwn(scenarios, id) ? scenarios[id] : undefined;
}
