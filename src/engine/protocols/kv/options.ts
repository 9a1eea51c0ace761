/**
 * The store's options: the defaults, and reading what a scenario or a teacher passed. One
 * KvOptions object is shared by every replica and client of a store; replicas and clients
 * each add a few knobs of their own.
 */
import type { NodeId } from '../../protocol';
import { KV_MODES, type KvMode, type KvOptions } from './types';

export const DEFAULT_KV_OPTIONS: KvOptions = {
  mode: 'strong',
  replicas: [],
  syncReplication: true,
  readFrom: 'primary',
  resolution: 'lww',
  n: 3,
  w: 2,
  r: 2,
  sloppy: false,
  readRepair: false,
  replicationDelayMs: 200,
  timeoutMs: 500,
};

/** What a kv-replica adds: how often it talks when there is nothing to say. */
export interface KvReplicaOptions extends KvOptions {
  /** primary-backup: the primary's heartbeat interval. */
  readonly heartbeatEveryMs: number;
  /** primary-backup: silence from the primary for this long makes the first backup take over. */
  readonly failoverTimeoutMs: number;
  /** How often the primary (every replica, in multi-master) pushes its whole store to the others. */
  readonly antiEntropyEveryMs: number;
}

export const DEFAULT_REPLICA_OPTIONS: KvReplicaOptions = {
  ...DEFAULT_KV_OPTIONS,
  heartbeatEveryMs: 100,
  failoverTimeoutMs: 600,
  antiEntropyEveryMs: 1000,
};

/** What a kv-client adds: which replica it talks to, and its automatic workload. */
export interface KvClientOptions extends KvOptions {
  /** The replica this client talks to: its nearest. */
  readonly target: NodeId;
  readonly keys: readonly string[];
  /**
   * The automatic workload's pace: a random read or write this often while it runs. null =
   * none given: the workload starts off, and GENTLE_LOAD_MS paces it if it is switched on.
   */
  readonly loadEveryMs: number | null;
  /** Whether the workload runs from the start; absent: it runs when loadEveryMs is given. */
  readonly workload: boolean;
  /** The share of the automatic workload that reads (0–1). */
  readonly readRatio: number;
  /**
   * How long the client waits for an answer before it gives up. Longer than a replica's
   * own timeoutMs (2 × timeoutMs + 100 by default), so a coordinator that gives up on a
   * replica can still say so.
   */
  readonly requestTimeoutMs: number;
}

/** The workload's pace when switched on without one: a request per client every 1.5 s. */
export const GENTLE_LOAD_MS = 1500;

export const DEFAULT_CLIENT_OPTIONS: KvClientOptions = {
  ...DEFAULT_KV_OPTIONS,
  target: '',
  keys: ['x', 'y'],
  loadEveryMs: null,
  workload: false,
  readRatio: 0.5,
  requestTimeoutMs: 2 * DEFAULT_KV_OPTIONS.timeoutMs + 100,
};

type Raw = Partial<Record<string, unknown>>;

const positive = (v: unknown, d: number) =>
  typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : d;
const nonNegative = (v: unknown, d: number) =>
  typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : d;
const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x !== '') : [];
const isMode = (x: unknown): x is KvMode => KV_MODES.includes(x as KvMode);

export function readKvOptions(raw: unknown): KvOptions {
  const o = (raw ?? {}) as Raw;
  const d = DEFAULT_KV_OPTIONS;
  return {
    mode: isMode(o.mode) ? o.mode : d.mode,
    replicas: strings(o.replicas),
    syncReplication: typeof o.syncReplication === 'boolean' ? o.syncReplication : d.syncReplication,
    readFrom: o.readFrom === 'any' ? 'any' : 'primary',
    resolution: o.resolution === 'siblings' ? 'siblings' : 'lww',
    n: positive(o.n, d.n),
    w: positive(o.w, d.w),
    r: positive(o.r, d.r),
    sloppy: o.sloppy === true,
    readRepair: o.readRepair === true,
    replicationDelayMs: nonNegative(o.replicationDelayMs, d.replicationDelayMs),
    timeoutMs: positive(o.timeoutMs, d.timeoutMs),
  };
}

export function readReplicaOptions(raw: unknown): KvReplicaOptions {
  const o = (raw ?? {}) as Raw;
  const d = DEFAULT_REPLICA_OPTIONS;
  return {
    ...readKvOptions(raw),
    heartbeatEveryMs: positive(o.heartbeatEveryMs, d.heartbeatEveryMs),
    failoverTimeoutMs: positive(o.failoverTimeoutMs, d.failoverTimeoutMs),
    antiEntropyEveryMs: positive(o.antiEntropyEveryMs, d.antiEntropyEveryMs),
  };
}

export function readClientOptions(raw: unknown): KvClientOptions {
  const o = (raw ?? {}) as Raw;
  const kv = readKvOptions(raw);
  const keys = strings(o.keys);
  const readRatio = typeof o.readRatio === 'number' && o.readRatio >= 0 && o.readRatio <= 1;
  const loadEveryMs = positive(o.loadEveryMs, 0) || null;
  return {
    ...kv,
    target: typeof o.target === 'string' ? o.target : (kv.replicas[0] ?? ''),
    keys: keys.length ? keys : DEFAULT_CLIENT_OPTIONS.keys,
    loadEveryMs,
    workload: typeof o.workload === 'boolean' ? o.workload : loadEveryMs !== null,
    readRatio: readRatio ? (o.readRatio as number) : DEFAULT_CLIENT_OPTIONS.readRatio,
    requestTimeoutMs: positive(o.requestTimeoutMs, 2 * kv.timeoutMs + 100),
  };
}
