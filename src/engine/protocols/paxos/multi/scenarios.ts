/**
 * The Multi-Paxos lab: three to seven servers (each an acceptor and a replica, one at a time
 * the leader) and one to three clients, with the load and broken variants a teacher sets.
 * The simulation suites run this same builder, so a failing seed's link replays in the lab.
 */
import { brokenOf, brokenVariantSetting } from '../../../scenarios/broken';
import { clampNodes, nodeIds, type ScenarioEntry } from '../../../scenarios/entry';
import { MULTI_PAXOS_BROKEN_VARIANTS } from './variants';

export const multiPaxosEntry: ScenarioEntry = {
  id: 'multi-paxos',
  title: 'Multi-Paxos',
  description:
    'Servers agree on a log of commands, slot by slot. A leader runs phase 1 once for every open slot, then only phase 2 per command; crash it and the next leader adopts what was accepted and fills the holes with no-ops.',
  minNodes: 3,
  maxNodes: 7,
  defaultNodes: 5,
  nodesHelp:
    'Servers: each is an acceptor for every slot and a replica of the store; one at a time leads. Clients are extra.',
  settings: [
    {
      key: 'clients',
      label: 'Clients',
      kind: 'number',
      min: 1,
      max: 3,
      default: 1,
      help: 'Each client sends its commands to any server, which points it to the leader.',
    },
    {
      key: 'load',
      label: 'Client requests every (0 = only on request)',
      kind: 'number',
      min: 0,
      max: 10000,
      default: 0,
      unit: 'ms',
      help: 'Each client sends a put or a get (70% puts) this often, waiting for each answer first.',
    },
    {
      key: 'incr',
      label: 'Automatic load sends INCR too',
      kind: 'boolean',
      default: false,
      help: 'Half of the automatic writes add 1 to a key: applied twice, the count would show it.',
    },
    brokenVariantSetting(MULTI_PAXOS_BROKEN_VARIANTS, 'correct Multi-Paxos'),
  ],
  build(params) {
    const n = clampNodes(this, params.nodes);
    const servers = nodeIds(n);
    const s = params.settings ?? {};
    const load = Number(s.load ?? 0);
    const clientCount = Math.min(3, Math.max(1, Math.round(Number(s.clients ?? 1)) || 1));
    const clients = Array.from({ length: clientCount }, (_, i) => `c${i + 1}`);
    const serverOptions = { servers, broken: brokenOf(s) };
    const clientOptions = {
      servers,
      autoRequestEveryMs: load > 0 ? load : null,
      ...(s.incr === true ? { incr: true } : {}),
    };
    return {
      id: 'multi-paxos',
      title: this.title,
      description: this.description,
      nodes: [
        ...servers.map((id) => ({ id, protocol: 'multi-paxos', options: serverOptions })),
        ...clients.map((id) => ({
          id,
          protocol: 'multi-paxos-client',
          options: clientOptions,
        })),
      ],
      network: { defaults: { latencyMs: 10, jitterMs: 10 } },
    };
  },
};
