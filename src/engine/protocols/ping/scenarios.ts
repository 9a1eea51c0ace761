/** The heartbeat lab: every node pings every other and suspects the silent ones. */
import { clampNodes, nodeIds, type ScenarioEntry } from '../../scenarios/entry';
import { brokenOf, brokenVariantSetting } from '../../scenarios/broken';
import { PING_BROKEN_VARIANTS } from './variants';

export const pingEntry: ScenarioEntry = {
  id: 'ping',
  title: 'Heartbeats',
  description:
    'Every node pings every other on a timer and suspects the ones that fall silent. Crash one, pause one, cut a link: who notices, and when?',
  minNodes: 2,
  maxNodes: 50,
  defaultNodes: 5,
  settings: [brokenVariantSetting(PING_BROKEN_VARIANTS, 'a correct failure detector')],
  build(params) {
    const n = clampNodes(this, params.nodes);
    return {
      id: 'ping',
      title: this.title,
      description: this.description,
      nodes: nodeIds(n).map((id) => ({
        id,
        protocol: 'ping',
        options: { broken: brokenOf(params.settings) },
      })),
      network: { defaults: { latencyMs: 40, jitterMs: 20 } },
    };
  },
};
