/**
 * The consistent-hashing lab (`#/lab/hash-ring`): servers n1…nN (the last few spares, outside
 * the ring until added), two clients reading and writing through the ring, and in cache mode
 * a slow backing store. The simulation suites run this same builder, so a failing seed's
 * link replays in the lab.
 */
import { clampNodes, nodeIds, type ScenarioEntry } from '../../scenarios/entry';
import { brokenOf, brokenVariantSetting } from '../../scenarios/broken';
import type { RingConfig } from './config';
import {
  clampVnodes,
  isPlacementScheme,
  PLACEMENT_SCHEMES,
  SCHEME_LABELS,
} from './placement/schemes';
import { RING_BROKEN_VARIANTS } from './variants';

/** Client and backing-store ids (servers are n1…nN). */
export const RING_CLIENTS = ['c1', 'c2'] as const;
export const RING_DB = 'db';

const n = (v: unknown, fallback: number) => {
  const x = Number(v);
  return Number.isFinite(x) ? x : fallback;
};

export const hashRingEntry: ScenarioEntry = {
  id: 'hash-ring',
  title: 'Consistent hashing',
  description:
    'Servers on a hash ring with virtual nodes, a cache (or a replicated store) that clients read and write through it. Add or remove a server and see which keys move; each node routes by its own view of the ring while the change spreads.',
  minNodes: 2,
  maxNodes: 10,
  defaultNodes: 5,
  nodesHelp:
    'Servers (the last ones are spares until added); two clients and the backing store come with them.',
  settings: [
    {
      key: 'placement',
      label: 'Placement',
      kind: 'choice',
      choices: PLACEMENT_SCHEMES.map((value) => ({ value, label: SCHEME_LABELS[value] })),
      default: 'ring-vnodes',
      help: 'How a key finds its server: mod N moves most keys when a server joins; the ring, rendezvous and jump hash move about one server’s share.',
    },
    {
      key: 'vnodes',
      label: 'Virtual nodes per server',
      kind: 'number',
      min: 1,
      max: 256,
      default: 64,
      help: 'Points per server on the ring (Dynamo’s virtual nodes): more points, a more even load.',
    },
    {
      key: 'replication',
      label: 'Replication factor',
      kind: 'number',
      min: 1,
      max: 5,
      default: 2,
      help: 'Copies of each key, on the next distinct servers clockwise; reads fail over to them.',
    },
    {
      key: 'spares',
      label: 'Spare servers',
      kind: 'number',
      min: 0,
      max: 4,
      default: 1,
      help: 'The last servers start outside the ring; “Add to ring” on one of them makes it join.',
    },
    {
      key: 'mode',
      label: 'Servers are',
      kind: 'choice',
      choices: [
        { value: 'cache', label: 'a cache in front of a slow store (a crash empties it)' },
        { value: 'store', label: 'the store itself, replicated (data survives a crash)' },
      ],
      default: 'cache',
    },
    {
      key: 'workload',
      label: 'Workload',
      kind: 'choice',
      choices: [
        { value: 'uniform', label: 'uniform over the keys' },
        { value: 'hot', label: 'a hot key (half of requests on key-0)' },
        { value: 'none', label: 'none (requests by hand)' },
      ],
      default: 'uniform',
    },
    {
      key: 'keys',
      label: 'Keys',
      kind: 'number',
      min: 10,
      max: 10000,
      // 300 keys with 8 sessions per client warm the cache within about five virtual seconds,
      // and a mod-N change visibly collapses the hit rate; 1,000 keys at one session per client
      // never warmed (issue 15's newcomer report). Keys moved and spread need more keys to be
      // exact: the lesson's load steps and the bench set their own.
      default: 300,
      help: 'The key space key-0 … : clients draw from it, and keys moved and load spread are measured over all of it.',
    },
    {
      key: 'sessions',
      label: 'Sessions per client',
      kind: 'number',
      min: 1,
      max: 32,
      default: 8,
      help: 'Each client stands for an application server with this many users, each one request at a time: more sessions, more requests per second.',
    },
    brokenVariantSetting(RING_BROKEN_VARIANTS, 'handoff on every change, owners only'),
  ],
  warnings(values) {
    const servers = n(values.nodes, 5);
    const spares = n(values.spares, 1);
    return spares >= servers
      ? [
          {
            key: 'spares',
            text: 'With every server a spare the ring is empty; the first server stays in it.',
          },
        ]
      : [];
  },
  build(params) {
    const count = clampNodes(this, params.nodes);
    const s = params.settings ?? {};
    const servers = nodeIds(count);
    const spares = Math.min(count - 1, Math.max(0, Math.round(n(s.spares, 1))));
    const mode = s.mode === 'store' ? 'store' : 'cache';
    const initial: RingConfig = {
      version: 1,
      origin: '',
      members: servers.slice(0, count - spares),
      scheme: isPlacementScheme(s.placement) ? s.placement : 'ring-vnodes',
      vnodes: clampVnodes(n(s.vnodes, 64)),
      applied: {},
    };
    const options = {
      mode,
      replication: Math.min(5, Math.max(1, Math.round(n(s.replication, 2)))),
      servers,
      clients: [...RING_CLIENTS],
      db: mode === 'cache' ? RING_DB : null,
      initial: { ...initial, members: [...initial.members] },
      keys: Math.min(10_000, Math.max(10, Math.round(n(s.keys, 300)))),
      sessions: Math.min(32, Math.max(1, Math.round(n(s.sessions, 8)))),
      workload: typeof s.workload === 'string' ? s.workload : 'uniform',
      broken: brokenOf(s),
    };
    return {
      id: 'hash-ring',
      title: this.title,
      description: this.description,
      nodes: [
        ...servers.map((id) => ({ id, protocol: 'ring-server', options })),
        ...RING_CLIENTS.map((id) => ({ id, protocol: 'ring-client', options })),
        ...(mode === 'cache' ? [{ id: RING_DB, protocol: 'ring-db', options }] : []),
      ],
      network: { defaults: { latencyMs: 10, jitterMs: 5 } },
    };
  },
};
