/**
 * The Raft lab: five servers and a client (or up to four), with the timings, read paths and
 * variants a teacher sets. The simulation suites (simulation.ts) run this same builder, so a
 * failing seed's link replays in the lab.
 */
import { clampNodes, nodeIds, type ScenarioEntry } from '../../scenarios/entry';
import { brokenOf, brokenVariantSetting } from '../../scenarios/broken';
import { numberSetting } from '../../scenarios/settings';
import { BROKEN_VARIANTS } from './types';
import { raftTimingWarnings } from './timing';

const KEYS = ['x', 'y', 'z', 'u', 'v'];
/** The lab's links; the timing warnings judge a round trip on them. */
const NETWORK = { latencyMs: 10, jitterMs: 10 } as const;

export const raftEntry: ScenarioEntry = {
  id: 'raft',
  title: 'Raft',
  description:
    'Five servers elect a leader and replicate a log; a client sends writes. Crash the leader, partition the cluster, and watch terms, votes and commits.',
  minNodes: 3,
  maxNodes: 9,
  defaultNodes: 5,
  nodesHelp: 'Servers, spares included (see Spare servers); clients are extra.',
  settings: [
    numberSetting('electionMin', 'Election timeout from', [20, 5000], 150, {
      unit: 'ms',
      atMost: 'electionMax',
    }),
    numberSetting('electionMax', 'Election timeout to', [21, 10000], 300, { unit: 'ms' }),
    numberSetting('heartbeat', 'Heartbeat interval', [5, 2000], 50, { unit: 'ms' }),
    {
      key: 'preVote',
      label: 'Pre-vote',
      kind: 'boolean',
      default: false,
      help: 'A server that times out first asks whether it could win (thesis §9.6); nobody says yes while it hears from a leader, so one server that missed a few heartbeats cannot depose a working leader.',
    },
    brokenVariantSetting(BROKEN_VARIANTS, 'correct Raft'),
    numberSetting('load', 'Client writes every (0 = only on request)', [0, 10000], 0, {
      unit: 'ms',
    }),
    // Several clients writing the same keys at once: where linearizability is a question.
    numberSetting('clients', 'Clients', [1, 4], 1),
    numberSetting('keys', 'Keys the clients use (x, y, …)', [1, 5], 2),
    {
      key: 'reads',
      label: 'Automatic reads served',
      kind: 'choice',
      choices: [
        { value: 'log', label: 'through the log' },
        { value: 'read-index', label: 'by ReadIndex (the leader confirms it still leads)' },
        { value: 'mixed', label: 'through the log or by ReadIndex, at random' },
        {
          value: 'local',
          label: 'leader answers locally, from its own state (unsafe: stale reads)',
        },
        { value: 'lease', label: 'by leader lease (relies on bounded clock drift)' },
      ],
      default: 'log',
    },
    {
      key: 'checkQuorum',
      label: 'CheckQuorum',
      kind: 'boolean',
      default: false,
      help: 'A leader that has not heard from a majority within the longest election timeout steps down (thesis §6.2), so a leader that can send but not hear does not hold the cluster for ever.',
    },
    numberSetting('spares', 'Spare servers', [0, 4], 0, {
      help: 'The last servers run outside the cluster until “Add server” brings one in (it catches up as a learner first).',
    }),
    {
      key: 'sessions',
      label: 'Client sessions (dedup)',
      kind: 'boolean',
      default: true,
      help: 'Servers remember each client’s latest request, so a retried request takes effect once; off, a retry after a lost reply is applied again.',
    },
    {
      key: 'lease',
      label: 'Leader leases',
      kind: 'boolean',
      default: false,
      help: 'A leader answers lease reads alone while a majority acknowledged it recently, and servers that heard from a leader lately refuse to vote (on when reads are by leader lease).',
    },
    numberSetting('drift', 'Clock drift bound', [0, 45], 10, {
      unit: '%',
      help: 'How far any clock’s rate may stray; a lease is shorter than the minimum election timeout by this margin, and a clock drifting past it can make lease reads stale.',
    }),
    {
      key: 'incr',
      label: 'Automatic load sends INCR too',
      kind: 'boolean',
      default: false,
      help: 'Half of the automatic writes add 1 to a key instead of setting it: applied twice, the count shows it.',
    },
  ],
  warnings(values) {
    return raftTimingWarnings({
      electionMinMs: Number(values.electionMin ?? 150),
      electionMaxMs: Number(values.electionMax ?? 300),
      heartbeatMs: Number(values.heartbeat ?? 50),
      roundTripMs: 2 * (NETWORK.latencyMs + NETWORK.jitterMs),
    });
  },
  build(params) {
    const n = clampNodes(this, params.nodes);
    const servers = nodeIds(n);
    const s = params.settings ?? {};
    // At least one server starts in the cluster.
    const spares = Math.min(n - 1, Math.max(0, Math.round(Number(s.spares ?? 0)) || 0));
    const raftOptions = {
      electionTimeoutMinMs: Number(s.electionMin ?? 150),
      electionTimeoutMaxMs: Number(s.electionMax ?? 300),
      heartbeatMs: Number(s.heartbeat ?? 50),
      preVote: s.preVote === true,
      broken: brokenOf(s),
      // Only when on: a run without it builds exactly the scenario it built before.
      ...(s.checkQuorum === true ? { checkQuorum: true } : {}),
      // The bootstrap configuration (thesis §4.1); only set when there are spares, so a
      // cluster without them runs exactly as before.
      ...(spares > 0 ? { members: servers.slice(0, n - spares) } : {}),
      sessions: s.sessions !== false,
      leaseReads: s.lease === true || s.reads === 'lease',
      clockDriftBound: Number(s.drift ?? 10) / 100,
    };
    const load = Number(s.load ?? 0);
    const clientCount = Math.min(4, Math.max(1, Math.round(Number(s.clients ?? 1)) || 1));
    const clients = Array.from({ length: clientCount }, (_, i) => `c${i + 1}`);
    const keyCount = Math.min(5, Math.max(1, Math.round(Number(s.keys ?? 2)) || 2));
    const reads = typeof s.reads === 'string' ? s.reads : 'log';
    // Only what differs from the client's defaults (keys x and y, reads through the log).
    const clientOptions = {
      servers,
      autoRequestEveryMs: load > 0 ? load : null,
      ...(keyCount === 2 ? {} : { keys: KEYS.slice(0, keyCount) }),
      ...(reads === 'log'
        ? {}
        : { readModes: reads === 'mixed' ? ['log', 'read-index'] : [reads] }),
      ...(s.incr === true ? { incr: true } : {}),
    };
    return {
      id: 'raft',
      title: this.title,
      description: this.description,
      nodes: [
        ...servers.map((id) => ({ id, protocol: 'raft', options: raftOptions })),
        // Clients idle until the learner presses "Client request", unless load is set.
        ...clients.map((id) => ({ id, protocol: 'raft-client', options: clientOptions })),
      ],
      network: { defaults: { ...NETWORK } },
    };
  },
};
