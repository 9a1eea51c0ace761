/** The options every hash-ring node reads (defensively: they arrive from links and lessons). */
import type { NodeId } from '../../protocol';
import { readConfig, type RingConfig } from './config';
import { RING_BROKEN_VARIANTS, type RingBrokenVariant } from './variants';

/** `cache`: servers cache a slow backing store; `store`: servers are the store, replicated. */
export type RingMode = 'cache' | 'store';

export interface RingOptions {
  readonly mode: RingMode;
  /** Copies of each key, 1–5, on the next distinct servers. */
  readonly replication: number;
  /** Every server, members and spares, in scenario order. */
  readonly servers: readonly NodeId[];
  readonly clients: readonly NodeId[];
  /** The backing store's id (cache mode), or null. */
  readonly db: NodeId | null;
  /** The view every node starts with. */
  readonly initial: RingConfig;
  /** Size of the key space, `key-0` … (the figures are measured over all of it). */
  readonly keys: number;
  /** Clients' workload: uniform over the keys, or half of requests on key-0. */
  readonly workload: 'uniform' | 'hot' | 'none';
  /** A session starts its next request this long after its last one answered (ms). */
  readonly intervalMs: number;
  /** Concurrent sessions per client, each one request at a time (closed loop), 1–32. */
  readonly sessions: number;
  /** A client gives up on a server after this long and tries the next replica (ms). */
  readonly timeoutMs: number;
  /** Gossip and handoff rounds (ms). */
  readonly gossipMs: number;
  /** The backing store's latency for a fetch (ms): a miss is slow. */
  readonly fetchMs: number;
  readonly broken: RingBrokenVariant | null;
}

const num = (v: unknown, min: number, max: number, fallback: number): number =>
  typeof v === 'number' && Number.isFinite(v) ? Math.min(max, Math.max(min, v)) : fallback;

const ids = (v: unknown): NodeId[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];

/** Options from untrusted input; anything missing or out of range takes its default. */
export function readRingOptions(raw: unknown): RingOptions {
  const o = (raw ?? {}) as Record<string, unknown>;
  const servers = ids(o.servers);
  const initial = readConfig(o.initial) ?? {
    version: 1,
    origin: '',
    members: servers,
    scheme: 'ring-vnodes',
    vnodes: 64,
    applied: {},
  };
  return {
    mode: o.mode === 'store' ? 'store' : 'cache',
    replication: Math.round(num(o.replication, 1, 5, 1)),
    servers,
    clients: ids(o.clients),
    db: typeof o.db === 'string' ? o.db : null,
    initial,
    keys: Math.round(num(o.keys, 1, 10_000, 300)),
    workload: o.workload === 'hot' ? 'hot' : o.workload === 'none' ? 'none' : 'uniform',
    intervalMs: num(o.intervalMs, 5, 60_000, 40),
    sessions: Math.round(num(o.sessions, 1, 32, 1)),
    timeoutMs: num(o.timeoutMs, 20, 60_000, 150),
    gossipMs: num(o.gossipMs, 20, 60_000, 150),
    fetchMs: num(o.fetchMs, 0, 60_000, 80),
    broken: RING_BROKEN_VARIANTS.find((b) => b.id === o.broken)?.id ?? null,
  };
}
