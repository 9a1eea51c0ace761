/**
 * The hash-ring family's observer checker: it watches every node's observations, checks that
 * only owners serve (by the server's own view), and builds the `HashRingSummary` the views
 * read (`summary.ts`): the agreed ring, each server's load and hit rate, what the last change
 * moved (under every scheme), spread against virtual nodes, each node's view, misroutes.
 *
 * Heavy figures (movement, spread over the key set) are computed once per change and kept in
 * the checker's memory (plain data, so seeking keeps them exact); arcs and key positions are
 * derived from the agreed view through pure caches.
 */
import type { Invariant, Observation } from '../../check/invariant';
import type { Json, NodeId } from '../../protocol';
import { isNewer, keyName, placerOf, positionOf, type RingConfig } from './config';
import {
  bySchemes,
  movement,
  PLACEMENT_SCHEMES,
  ringArcs,
  spread,
  spreadByVnodes,
} from './placement';
import type { PlacementConfig, RingArc } from './placement/types';
import type { HashRingSummary, RingChange, RingServerRow } from './summary';

interface Stats {
  served: number;
  reads: number;
  hits: number;
  redirects: number;
}

/** What a server's or a client's `observe` gives (server.ts, client.ts). */
type Seen =
  | {
      kind: 'server';
      cache: boolean;
      config: RingConfig;
      replication: number;
      keys: number;
      stats: Stats;
      served: string[];
    }
  | { kind: 'client'; config: RingConfig; sent: [string, NodeId][] };

/** A server's counters at a moment: [time ms, served, reads, hits]. */
type Sample = [number, number, number, number];

/** A change of the agreed placement, before it is measured. */
export interface ChangeSpec {
  readonly kind: RingChange['kind'];
  readonly server: NodeId | null;
  readonly at: number;
  readonly before: PlacementConfig;
  readonly after: PlacementConfig;
}

export interface RingMemory {
  servers: NodeId[];
  up: Record<NodeId, boolean>;
  /** Servers are a cache (they have a hit rate). */
  cache: boolean;
  views: Record<NodeId, RingConfig>;
  clients: NodeId[];
  samples: Record<NodeId, Sample[]>;
  last: Record<NodeId, Stats>;
  agreed: RingConfig | null;
  replication: number;
  keys: number;
  /** The last change, as configs: measured over the key set only when a view asks (summary). */
  lastChange: ChangeSpec | null;
  misroutes: number;
  /** Cluster reads and hits per 500 ms bucket: [bucket start ms, hits, reads]. */
  buckets: [number, number, number][];
  now: number;
  reported: boolean;
}

const BUCKET_MS = 500;
const MAX_BUCKETS = 120;

const seen = (o: Observation) => o.data as unknown as Seen | null;

const placement = (c: RingConfig): PlacementConfig => ({
  scheme: c.scheme,
  servers: c.members,
  vnodes: c.vnodes,
});

const keyPositions = new Map<number, number[]>();

/** Ring positions of the lab's key set `key-0` … (cached per size). */
export function keyPositionsOf(count: number): number[] {
  let p = keyPositions.get(count);
  if (!p) {
    p = Array.from({ length: count }, (_, i) => positionOf(keyName(i)));
    keyPositions.set(count, p);
  }
  return p;
}

/** What a change from `before` to `after` did, over the key set (the agreed views). */
export function measureChange(
  kind: RingChange['kind'],
  server: NodeId | null,
  at: number,
  before: PlacementConfig,
  after: PlacementConfig,
  keys: number,
): RingChange {
  const positions = keyPositionsOf(keys);
  return {
    kind,
    server,
    at,
    movement: movement(before, after, positions),
    before: spread(before, positions),
    after: spread(after, positions),
    bySchemes: bySchemes(before, after, positions, PLACEMENT_SCHEMES),
  };
}

function changeOf(
  prev: RingConfig,
  next: RingConfig,
): { kind: RingChange['kind']; server: NodeId | null } {
  const joined = next.members.find((m) => !prev.members.includes(m));
  if (joined) return { kind: 'join', server: joined };
  const left = prev.members.find((m) => !next.members.includes(m));
  if (left) return { kind: 'leave', server: left };
  if (prev.scheme !== next.scheme) return { kind: 'scheme', server: null };
  return { kind: 'vnodes', server: null };
}

function record(m: RingMemory, node: NodeId, t: number, stats: Stats): void {
  const prev = m.last[node] ?? { served: 0, reads: 0, hits: 0, redirects: 0 };
  // A restart zeroes the counters: count from zero again.
  const dr = stats.reads >= prev.reads ? stats.reads - prev.reads : stats.reads;
  const dh = stats.hits >= prev.hits ? stats.hits - prev.hits : stats.hits;
  m.last[node] = stats;
  if (dr || dh) {
    const start = Math.floor(t / BUCKET_MS) * BUCKET_MS;
    const top = m.buckets[m.buckets.length - 1];
    if (top && top[0] === start) {
      top[1] += dh;
      top[2] += dr;
    } else {
      m.buckets.push([start, dh, dr]);
      if (m.buckets.length > MAX_BUCKETS) m.buckets.shift();
    }
  }
  const list = (m.samples[node] ??= []);
  const lastSample = list[list.length - 1];
  if (!lastSample || lastSample[1] !== stats.served || lastSample[2] !== stats.reads) {
    list.push([t, stats.served, stats.reads, stats.hits]);
  }
  while (list.length > 2 && (list[1]?.[0] ?? t) < t - 1000) list.shift();
}

function agreedChanged(m: RingMemory, next: RingConfig, t: number): void {
  const prev = m.agreed;
  m.agreed = next;
  if (!prev) return;
  const { kind, server } = changeOf(prev, next);
  m.lastChange = { kind, server, at: t, before: placement(prev), after: placement(next) };
}

/**
 * Only owners serve: a server accepts a request for a key only when its own view makes it
 * one of the key's replicas (otherwise it must redirect). The checker also keeps the
 * figures of `HashRingSummary`.
 */
export const onlyOwnersServe: Invariant<RingMemory> = {
  id: 'ring-only-owners-serve',
  title: 'Only owners serve',
  description:
    'A server answers a request for a key only if, by its own view of the ring, it is one of the key’s replicas; otherwise it redirects the client.',
  init: () => ({
    servers: [],
    up: {},
    cache: false,
    views: {},
    clients: [],
    samples: {},
    last: {},
    agreed: null,
    replication: 1,
    keys: 0,
    lastChange: null,
    misroutes: 0,
    buckets: [],
    now: 0,
    reported: false,
  }),
  check(m, o) {
    m.now = Math.max(m.now, o.time);
    const d = seen(o);
    const known = m.servers.includes(o.node) || m.clients.includes(o.node);
    if (!d) {
      if (m.servers.includes(o.node) && m.up[o.node]) {
        m.up[o.node] = false;
        // A member crashing: where its keys' requests go now (the next replicas).
        const a = m.agreed;
        if (a?.members.includes(o.node) && a.members.length > 1) {
          const after = { ...placement(a), servers: a.members.filter((s) => s !== o.node) };
          m.lastChange = { kind: 'crash', server: o.node, at: o.time, before: placement(a), after };
        }
      }
      return null;
    }
    if (!known) (d.kind === 'server' ? m.servers : m.clients).push(o.node);
    m.views[o.node] = d.config;
    if (d.kind === 'client') {
      const a = m.agreed;
      for (const [key, to] of d.sent) {
        if (a && !placerOf(a).replicas(positionOf(key), m.replication).includes(to)) m.misroutes++;
      }
      return null;
    }
    m.up[o.node] = true;
    m.cache = d.cache;
    m.replication = d.replication;
    m.keys = d.keys;
    record(m, o.node, o.time, d.stats);
    if (!m.agreed || isNewer(d.config, m.agreed)) agreedChanged(m, d.config, o.time);
    for (const key of d.served) {
      const owners = placerOf(d.config).replicas(positionOf(key), d.replication);
      if (owners.includes(o.node) || m.reported) continue;
      m.reported = true;
      return {
        invariant: onlyOwnersServe.id,
        message: `${o.node} served ${key}, but by its own view v${d.config.version} the key belongs to ${owners.join(', ')}`,
        time: o.time,
        events: [o.cause],
      };
    }
    return null;
  },
  summary(m) {
    return { data: ringSummary(m) as unknown as Json };
  },
};

const arcsCache = new Map<string, RingArc[]>();
const spreadCache = new Map<string, { vnodes: number; maxOverMean: number }[]>();
const ownedCache = new Map<string, Record<NodeId, number>>();
const changeCache = new Map<string, RingChange>();

function cached<T>(cache: Map<string, T>, key: string, make: () => T): T {
  let v = cache.get(key);
  if (v === undefined) {
    if (cache.size > 16) cache.delete(cache.keys().next().value ?? '');
    v = make();
    cache.set(key, v);
  }
  return v;
}

function rate(list: Sample[] | undefined, now: number): { rps: number; hitRate: number | null } {
  if (!list?.length) return { rps: 0, hitRate: null };
  const last = list[list.length - 1] ?? [now, 0, 0, 0];
  const first = list.find((x) => x[0] >= now - 1000) ?? last;
  const base = list[list.indexOf(first) - 1] ?? first;
  const served = last[1] - base[1];
  const reads = last[2] - base[2];
  const hits = last[3] - base[3];
  return { rps: Math.max(0, served), hitRate: reads > 0 ? Math.max(0, hits) / reads : null };
}

/** The summary the views read (`summary.ts`), from the checker's memory. */
export function ringSummary(m: RingMemory): HashRingSummary {
  const a = m.agreed ?? {
    version: 0,
    origin: '',
    members: [],
    scheme: 'ring-vnodes',
    vnodes: 1,
    applied: {},
  };
  const configKey = `${a.scheme}|${a.vnodes}|${a.members.join(',')}|${m.keys}`;
  const positions = keyPositionsOf(m.keys);
  const owned = cached(ownedCache, configKey, () => spread(placement(a), positions).perServer);
  const servers: RingServerRow[] = m.servers.map((node) => {
    const r = rate(m.samples[node], m.now);
    return {
      node,
      up: m.up[node] ?? false,
      member: a.members.includes(node),
      keys: owned[node] ?? 0,
      requestsPerSec: m.up[node] ? r.rps : 0,
      hitRate: m.cache ? r.hitRate : null,
    };
  });
  const views = [...m.servers, ...m.clients].map((node) => {
    const v = m.views[node] ?? a;
    return { node, members: v.members, version: v.version };
  });
  const viewsAgree = a.members
    .filter((n) => m.up[n])
    .every((n) => (m.views[n]?.version ?? -1) === a.version && m.views[n]?.origin === a.origin);
  return {
    scheme: a.scheme,
    vnodes: a.vnodes,
    replication: m.replication,
    servers,
    arcs: cached(arcsCache, configKey, () => ringArcs(placement(a))),
    keys: { count: m.keys, positions },
    lastChange: m.lastChange
      ? cached(changeCache, `${JSON.stringify(m.lastChange)}|${m.keys}`, () => {
          const c = m.lastChange as ChangeSpec;
          return measureChange(c.kind, c.server, c.at, c.before, c.after, m.keys);
        })
      : null,
    spreadByVnodes: cached(spreadCache, `${a.members.join(',')}|${m.keys}`, () =>
      spreadByVnodes(a.members, positions),
    ),
    views,
    viewsAgree,
    misroutes: m.misroutes,
    hitRateSeries: m.buckets.map(([t, hits, reads]) => ({
      t,
      hitRate: reads ? hits / reads : null,
    })),
    hitCounts: m.buckets.map(([t, hits, reads]) => [t, hits, reads] as const),
  };
}

/** The family's invariants (both node protocols list them; the monitor watches each once). */
export const ringInvariants = [onlyOwnersServe];
