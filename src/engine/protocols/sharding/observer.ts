/**
 * The sharding family's observer: a checker that never finds a violation but sees what no
 * node sees alone — every server's keys and load, every move from start to end, the newest
 * map anywhere — and publishes it as the shard map (`ShardMapSummary`, summary.ts) in its
 * `summary().data`. It is built from observations only, so seeking keeps it exact.
 *
 * Load: requests a server answered, per second of virtual time, averaged over the load window
 * (the last LOAD_WINDOW_MS up to the latest observation; less while the run is younger): a
 * second holds only a few dozen requests, so max/mean over one second wanders by ±20 % under
 * an even workload, and a threshold read off it flickers. Heat map: answered requests by key band (BANDS equal ranges of the key
 * space) and time bucket (BUCKET_MS), the latest MAX_BUCKETS kept. Keys moved: after each new
 * map, the keys every move made for that map copied, over all keys stored when the map
 * appeared (DDIA ch. 6's "how much data moves").
 */
import type { Invariant, Observation } from '../../check/invariant';
import type { Json, NodeId } from '../../protocol';
import { membersOf, slicesOf, type Rule } from './rule';
import type {
  DirectoryEntry,
  HeatMap,
  HotKey,
  ShardMapSummary,
  ShardMove,
  ShardSlice,
  ShardWorkload,
  Partitioning,
} from './summary';

/** Key bands of the heat map (fewer when the key space is smaller). */
export const BANDS = 20;
/** Width of a heat-map time bucket, virtual ms. */
export const BUCKET_MS = 250;
/** Time buckets kept (the oldest go first). */
export const MAX_BUCKETS = 240;
/** Moves kept in the summary (the oldest go first). */
const MAX_MOVES = 24;
/**
 * The load window, virtual ms: req/s, shares, max/mean and the hot keys are taken over the
 * requests answered in this much time. A client has one operation in flight, so it answers
 * some 10 a second: over one second, three shards see a dozen requests each and an even
 * workload's max/mean wanders between 1.1 and 1.5. Ten seconds of four clients hold some 400
 * requests, and max/mean stays within about a tenth of its true value (sharding.test.ts).
 */
export const LOAD_WINDOW_MS = 10_000;
/** Hot keys published (the most requested keys in the load window). */
export const HOT_KEYS = 5;

interface ServerObs {
  readonly p: Partitioning;
  readonly w: ShardWorkload;
  readonly K: number;
  readonly dir: NodeId | null;
  readonly rule: Rule;
  readonly keys: number;
  readonly answered: number;
  readonly moved: number;
  readonly served: number | null;
  /** The request served was a range scan (its first key is `served`; not a key's request). */
  readonly scan?: boolean;
  readonly moves: readonly {
    readonly id: string;
    readonly to: NodeId;
    readonly v: string;
    readonly slice: ShardSlice;
    readonly phase: ShardMove['phase'];
    readonly keys: number;
    readonly bytes: number;
    readonly pieces?: readonly ShardSlice[];
  }[];
}

interface Counter {
  inc: number;
  last: number;
}

interface ServerMemory {
  up: boolean;
  keys: number;
  answered: Counter;
  moved: Counter;
  /** Virtual times of answers in the load window. */
  times: number[];
}

type MoveMemory = { -readonly [K in keyof ShardMove]: ShardMove[K] } & { v: string };

export interface ShardMapMemory {
  cfg: { p: Partitioning; w: ShardWorkload; K: number; dir: NodeId | null } | null;
  rule: Rule | null;
  servers: Record<NodeId, ServerMemory>;
  dirUp: boolean;
  heat: { bands: number; start: number; counts: number[][] };
  moves: Record<string, MoveMemory>;
  order: string[];
  change: { v: string; totalKeys: number } | null;
  movedAnswers: number;
  routingFailures: number;
  clients: Record<NodeId, { inc: number; failures: Counter; scans: number }>;
  fanOut: { touched: number; of: number } | null;
  now: number;
  /** When the first request was answered (the load window starts no earlier), or null. */
  firstAnswer: number | null;
  /** Single-key requests answered in the load window: time, key and server, oldest first. */
  recent: { t: number; k: number; node: NodeId }[];
}

const ver = (r: Rule) => `${r.version}.${r.by}`;
const newer = (a: Rule, b: Rule | null) =>
  !b || (a.version !== b.version ? a.version > b.version : a.by > b.by);

/** The counter's growth since last seen (a restarted node counts from 0 again). */
function grow(c: Counter, inc: number, value: number): number {
  const d = inc !== c.inc ? value : Math.max(0, value - c.last);
  c.inc = inc;
  c.last = value;
  return d;
}

function heatAdd(m: ShardMapMemory, k: number, time: number): void {
  const K = m.cfg?.K ?? 1;
  const bands = m.heat.bands;
  const band = Math.min(bands - 1, Math.max(0, Math.floor((k * bands) / K)));
  const bucket = Math.floor(time / BUCKET_MS);
  if (!m.heat.counts.length) m.heat.start = bucket;
  while (m.heat.start + m.heat.counts.length <= bucket)
    m.heat.counts.push(new Array<number>(bands).fill(0));
  while (m.heat.counts.length > MAX_BUCKETS) {
    m.heat.counts.shift();
    m.heat.start++;
  }
  const row = m.heat.counts[bucket - m.heat.start];
  if (row) row[band] = (row[band] ?? 0) + 1;
}

function onServer(m: ShardMapMemory, o: Observation, d: ServerObs): void {
  if (!m.cfg) {
    m.cfg = { p: d.p, w: d.w, K: d.K, dir: d.dir };
    m.heat.bands = Math.max(1, Math.min(BANDS, d.K));
  }
  const s = (m.servers[o.node] ??= {
    up: true,
    keys: 0,
    answered: { inc: o.incarnation, last: 0 },
    moved: { inc: o.incarnation, last: 0 },
    times: [],
  });
  const restarted = s.answered.inc !== o.incarnation;
  s.up = true;
  s.keys = d.keys;
  const answered = grow(s.answered, o.incarnation, d.answered);
  for (let i = 0; i < answered; i++) s.times.push(o.time);
  while (s.times.length && (s.times[0] ?? 0) < o.time - LOAD_WINDOW_MS) s.times.shift();
  if (answered > 0) m.firstAnswer ??= o.time;
  if (d.served !== null && answered > 0 && !d.scan)
    m.recent.push({ t: o.time, k: d.served, node: o.node });
  while (m.recent.length && (m.recent[0]?.t ?? 0) < m.now - LOAD_WINDOW_MS) m.recent.shift();
  m.movedAnswers += grow(s.moved, o.incarnation, d.moved);
  if (d.served !== null && answered > 0) heatAdd(m, d.served, o.time);
  if (newer(d.rule, m.rule)) {
    m.rule = d.rule;
    let total = 0;
    for (const x of Object.values(m.servers)) total += x.keys;
    m.change = { v: ver(d.rule), totalKeys: total };
  }
  const seen = new Set<string>();
  for (const mv of d.moves) {
    seen.add(mv.id);
    let x = m.moves[mv.id];
    if (!x) {
      x = {
        slice: mv.slice,
        from: o.node,
        to: mv.to,
        phase: mv.phase,
        keysMoved: mv.keys,
        bytesMoved: mv.bytes,
        startedAt: o.time,
        endedAt: null,
        pieces: mv.pieces ?? [mv.slice],
        v: mv.v,
      };
      m.moves[mv.id] = x;
      m.order.push(mv.id);
      if (m.order.length > MAX_MOVES) delete m.moves[m.order.shift() ?? ''];
    }
    if (x.endedAt !== null) continue;
    x.phase = mv.phase;
    x.keysMoved = mv.keys;
    x.bytesMoved = mv.bytes;
    if (mv.phase === 'done' || mv.phase === 'aborted') x.endedAt = o.time;
  }
  // A restarted source forgot the moves it had not cut over: they were aborted.
  if (restarted)
    for (const id of m.order) {
      const x = m.moves[id];
      if (x && x.from === o.node && x.endedAt === null && !seen.has(id)) {
        x.phase = 'aborted';
        x.endedAt = o.time;
      }
    }
}

function onClient(
  m: ShardMapMemory,
  o: Observation,
  d: { routingFailures: number; scans: number; scan: { touched: number } | null; members: number },
): void {
  const c = (m.clients[o.node] ??= {
    inc: o.incarnation,
    failures: { inc: o.incarnation, last: 0 },
    scans: 0,
  });
  if (c.inc !== o.incarnation) {
    c.inc = o.incarnation;
    c.scans = 0;
  }
  m.routingFailures += grow(c.failures, o.incarnation, d.routingFailures);
  if (d.scans > c.scans && d.scan) {
    const of = m.rule ? membersOf(m.rule).length : d.members;
    m.fanOut = { touched: d.scan.touched, of };
  }
  c.scans = d.scans;
}

const byId = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true });

/** The shard map from the observer's memory. */
export function shardMapOf(m: ShardMapMemory): ShardMapSummary | null {
  if (!m.cfg || !m.rule) return null;
  const rule = m.rule;
  const members = membersOf(rule);
  const ids = Object.keys(m.servers).sort(byId);
  const since = m.now - LOAD_WINDOW_MS;
  const windowMs =
    m.firstAnswer === null
      ? 0
      : Math.min(LOAD_WINDOW_MS, Math.max(BUCKET_MS, m.now - m.firstAnswer));
  const count = (id: NodeId) => (m.servers[id]?.times ?? []).filter((t) => t >= since).length;
  const rate = (id: NodeId) => (windowMs > 0 ? (count(id) * 1000) / windowMs : 0);
  const total = ids.reduce((n, id) => n + rate(id), 0);
  const shards = ids.map((node) => {
    const s = m.servers[node] as ServerMemory;
    const r = rate(node);
    return {
      node,
      up: s.up,
      slices: slicesOf(rule, node),
      keys: s.keys,
      requestsPerSec: r,
      share: total ? r / total : 0,
    };
  });
  const rates = members.map(rate);
  const mean = rates.length ? rates.reduce((a, b) => a + b, 0) / rates.length : 0;
  // An aborted move is done again from the start: count only the copy that counts.
  let moved = 0;
  for (const id of m.order) {
    const x = m.moves[id];
    if (x && x.v === m.change?.v && x.phase !== 'aborted') moved += x.keysMoved;
  }
  const heat: HeatMap = {
    bands: m.heat.bands,
    bucketMs: BUCKET_MS,
    start: m.heat.start * BUCKET_MS,
    counts: m.heat.counts,
  };
  return {
    partitioning: m.cfg.p,
    workload: m.cfg.w,
    keySpace: m.cfg.K,
    shards,
    heat,
    moves: m.order.flatMap((id) => {
      const x = m.moves[id];
      if (!x) return [];
      const { v: _v, ...move } = x;
      return [move];
    }),
    figures: {
      keysMovedFraction:
        m.change && m.change.v !== `1.` && m.change.totalKeys > 0
          ? Math.min(1, moved / m.change.totalKeys)
          : null,
      maxOverMean: mean > 0 ? Math.max(...rates) / mean : null,
      lastFanOut: m.fanOut,
    },
    directory:
      m.cfg.p === 'directory' && m.cfg.dir
        ? { node: m.cfg.dir, up: m.dirUp, movedAnswers: m.movedAnswers }
        : null,
    routingFailures: m.routingFailures,
    movedAnswers: m.movedAnswers,
    loadWindowMs: windowMs,
    hotKeys: hotKeysOf(m, since),
    directoryEntries: rule.kind === 'directory' ? directoryEntriesOf(rule, m, since) : null,
  };
}

/** Requests per key in the load window (single-key requests), with the server that last answered. */
function keyCounts(m: ShardMapMemory, since: number): Map<number, { n: number; node: NodeId }> {
  const counts = new Map<number, { n: number; node: NodeId }>();
  for (const r of m.recent) {
    if (r.t < since) continue;
    const c = counts.get(r.k);
    if (c) {
      c.n++;
      c.node = r.node;
    } else counts.set(r.k, { n: 1, node: r.node });
  }
  return counts;
}

/** The HOT_KEYS most requested keys in the window, hottest first (ties: the lower key). */
function hotKeysOf(m: ShardMapMemory, since: number): HotKey[] {
  return [...keyCounts(m, since)]
    .map(([key, c]) => ({ key, requests: c.n, node: c.node }))
    .sort((a, b) => b.requests - a.requests || a.key - b.key)
    .slice(0, HOT_KEYS);
}

/** The directory's table, block by block, with each block's requests in the window. */
function directoryEntriesOf(
  rule: Extract<Rule, { kind: 'directory' }>,
  m: ShardMapMemory,
  since: number,
): DirectoryEntry[] {
  const requests = new Array<number>(rule.owners.length).fill(0);
  for (const r of m.recent) {
    const b = Math.floor(r.k / rule.blockSize);
    if (r.t >= since && b >= 0 && b < requests.length) requests[b] = (requests[b] ?? 0) + 1;
  }
  return rule.owners.map((node, b) => ({
    lo: b * rule.blockSize,
    hi: Math.min(rule.keySpace, (b + 1) * rule.blockSize),
    node,
    requests: requests[b] ?? 0,
  }));
}

/** The shard-map observer (never a violation; its summary is the shard map). */
export const shardMap: Invariant<ShardMapMemory> = {
  id: 'shard-map',
  title: 'Shard map',
  description: 'Where each key range or bucket lives, the load on each server, and the data moves.',
  init: () => ({
    cfg: null,
    rule: null,
    servers: {},
    dirUp: true,
    heat: { bands: BANDS, start: 0, counts: [] },
    moves: {},
    order: [],
    change: null,
    movedAnswers: 0,
    routingFailures: 0,
    clients: {},
    fanOut: null,
    now: 0,
    firstAnswer: null,
    recent: [],
  }),
  check(m, o) {
    m.now = Math.max(m.now, o.time);
    const d = o.data as Record<string, Json> | null;
    if (d === null) {
      const s = m.servers[o.node];
      if (s) s.up = false;
      if (m.cfg?.dir === o.node) m.dirUp = false;
      return null;
    }
    if (d.shard) onServer(m, o, d.shard as unknown as ServerObs);
    else if (d.directory) m.dirUp = true;
    else if (d.shardClient) onClient(m, o, d.shardClient as never);
    return null;
  },
  summary(m) {
    const data = shardMapOf(m);
    return data ? { data: data as unknown as Json } : null;
  },
};

export const shardInvariants = [shardMap] as const;
