/**
 * The Paxos lab: three to nine servers, each an acceptor and a learner, one to three of them
 * also proposers (each with its own value: A, B, C), with the quorum sizes, the retry policy
 * and the broken variants a teacher sets. The simulation suites run this same builder, so a
 * failing seed's link replays in the lab.
 */
import { clampNodes, nodeIds, type ScenarioEntry } from '../../scenarios/entry';
import { brokenOf, brokenVariantSetting } from '../../scenarios/broken';
import { PAXOS_BROKEN_VARIANTS } from './variants';
import {
  duelNetwork,
  duelNodeOptions,
  duelPresetSetting,
  duelPresetWarnings,
  withDuelPreset,
} from './duel/preset';

const VALUES = ['A', 'B', 'C'];

export const paxosEntry: ScenarioEntry = {
  id: 'paxos',
  title: 'Paxos (single decree)',
  description:
    'Servers agree on one value. Proposers run prepare/promise, then accept/accepted; acceptors keep their promises on disk. Crash an acceptor, hold messages, or start two proposers at once and watch them duel.',
  minNodes: 3,
  maxNodes: 9,
  defaultNodes: 5,
  nodesHelp:
    'Every node is an acceptor and a learner; the first one to three are also proposers (see Proposers).',
  settings: [
    {
      key: 'proposers',
      label: 'Proposers',
      kind: 'number',
      min: 1,
      max: 3,
      default: 2,
      help: 'The first servers also propose, each its own value (A, B, C); every server is an acceptor and a learner.',
    },
    {
      key: 'start',
      label: 'Proposers start',
      kind: 'choice',
      choices: [
        { value: 'staggered', label: 'one after another (100 ms apart)' },
        { value: 'together', label: 'at the same moment' },
        { value: 'manual', label: 'when you press Propose' },
      ],
      default: 'staggered',
      help: 'Started together, two proposers pre-empt each other’s ballots: the duel that randomized backoff or a leader ends.',
    },
    {
      key: 'backoff',
      label: 'After a refused ballot',
      kind: 'choice',
      choices: [
        { value: 'random', label: 'wait a random, growing time (randomized backoff)' },
        { value: 'fixed', label: 'retry after a fixed 40 ms (proposers can duel for ever)' },
      ],
      default: 'random',
      help: 'With a fixed wait, two proposers refused at the same moment retry at the same moment and can pre-empt each other for ever (Paxos Made Simple, §2.4).',
    },
    {
      key: 'q1',
      label: 'Phase-1 quorum (0 = majority)',
      kind: 'number',
      min: 0,
      max: 9,
      default: 0,
      help: 'How many acceptors must promise a ballot before its proposer may ask them to accept. Flexible Paxos (Howard et al., 2016): any sizes are safe as long as every phase-1 quorum meets every phase-2 quorum, that is Q1 + Q2 > N.',
    },
    {
      key: 'q2',
      label: 'Phase-2 quorum (0 = majority)',
      kind: 'number',
      min: 0,
      max: 9,
      default: 0,
      help: 'How many acceptors must accept a value in one ballot for it to be chosen.',
    },
    brokenVariantSetting(PAXOS_BROKEN_VARIANTS, 'correct Paxos'),
    {
      key: 'leader',
      label: 'Distinguished proposer (leader)',
      kind: 'boolean',
      default: false,
      help: 'Only the lowest-id proposer still heard from starts ballots, so proposers stop duelling; if it crashes, the next takes over after a ballot timeout (Paxos Made Simple, §2.4).',
    },
    {
      key: 'timeout',
      label: 'Ballot timeout',
      kind: 'number',
      min: 50,
      max: 600000,
      default: 300,
      unit: 'ms',
      help: 'A ballot without a quorum by then is abandoned and a higher one started; a long timeout leaves time to deliver messages by hand.',
    },
    duelPresetSetting,
  ],
  warnings(values) {
    const q1 = Number(values.q1);
    const q2 = Number(values.q2);
    if (!(q1 > 0 && q2 > 0)) return duelPresetWarnings(values);
    return [
      ...duelPresetWarnings(values),
      {
        key: 'q2',
        text: `Quorums of ${q1} and ${q2} are safe only with at most ${q1 + q2 - 1} servers (Q1 + Q2 > N); with more, a phase-1 quorum can miss a value already chosen, and two values can be chosen.`,
      },
    ];
  },
  build(params) {
    const n = clampNodes(this, params.nodes);
    const ids = nodeIds(n);
    const s = withDuelPreset(params.settings ?? {});
    const proposers = Math.min(3, n, Math.max(1, Math.round(Number(s.proposers ?? 2)) || 2));
    const start = typeof s.start === 'string' ? s.start : 'staggered';
    const common = {
      acceptors: ids,
      q1: Number(s.q1 ?? 0),
      q2: Number(s.q2 ?? 0),
      backoff: s.backoff === 'fixed' ? 'fixed' : 'random',
      broken: brokenOf(s),
      // Settings arrive typed from the lab, as text from a lesson or a suite.
      leader: s.leader === true || s.leader === '1' || s.leader === 'true',
      timeoutMs: Number(s.timeout ?? 300),
      ...duelNodeOptions(s),
    };
    return {
      id: 'paxos',
      title: this.title,
      description: this.description,
      nodes: ids.map((id, i) => ({
        id,
        protocol: 'paxos',
        options: {
          ...common,
          proposer: i < proposers,
          value: VALUES[i] ?? 'A',
          proposeAtMs:
            i >= proposers || start === 'manual'
              ? null
              : start === 'together'
                ? 100
                : 100 + 100 * i,
        },
      })),
      network: duelNetwork(s, ids) ?? { defaults: { latencyMs: 20, jitterMs: 10 } },
    };
  },
};
