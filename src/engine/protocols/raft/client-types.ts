/**
 * The Raft client's options, state, view and action arguments, and how they are read from
 * untrusted input (scenario options, a shared link's recorded actions).
 */
import type { Json, NodeId, NodeView } from '../../protocol';
import type { CompletedOpSummary } from '../../check/stale-read';
import type { Command, ReadMode } from './types';

export interface ClientOptions {
  readonly servers: readonly NodeId[];
  readonly timeoutMs: number;
  /** Give up (outcome unknown) after this many attempts. */
  readonly maxAttempts: number;
  /** Issue a request on a timer every this many ms; null = only when asked. */
  readonly autoRequestEveryMs: number | null;
  readonly keys: readonly string[];
  /** How "Send to server" waits for its one answer before it gives up. */
  readonly directTimeoutMs: number;
  /** The read modes the automatic load picks from (at random when more than one). */
  readonly readModes: readonly ReadMode[];
  /** The automatic load also sends INCR (half of its writes), which is not idempotent. */
  readonly incr: boolean;
}

export type KvCommand = Extract<Command, { op: 'put' | 'get' | 'incr' }>;

export interface Pending {
  readonly command: KvCommand;
  /** The history's operation id: `${client}:${seq}`. */
  readonly opId: string;
  target: NodeId;
  attempts: number;
  /** Sent with "Send to server": this one server only, no retry, no redirect. */
  readonly direct: boolean;
}

export interface ClientState {
  readonly options: ClientOptions;
  seq: number;
  pending: Pending | null;
  leaderHint: NodeId | null;
  completed: number;
  failed: number;
  unknown: number;
  lastResult: string | null;
  last: CompletedOpSummary | null;
}

/** "Send to server": the arguments of the 'send' action. */
export interface SendArgs {
  readonly server: NodeId;
  readonly op: 'put' | 'get' | 'incr';
  readonly key: string;
  /** Required for a put; used as given (a lesson's values are '1', '2', '3'). */
  readonly value?: string;
  /** For a get; 'log' when absent. */
  readonly read?: ReadMode;
  /** Retry on a timeout (same request number), following redirects, as "Client request" does. */
  readonly retry?: boolean;
}

export interface RaftClientView extends NodeView {
  readonly role: 'client';
  /** e.g. "#3 get x (read-index) → n1, sent directly", or null when idle. */
  readonly pending: string | null;
  readonly completed: number;
  readonly failed: number;
  readonly unknown: number;
  /** e.g. "get x at n1 → 1", "put x=2 at n1 → unknown (timed out)". */
  readonly lastResult: string | null;
  readonly lastOutcome: 'ok' | 'fail' | 'info' | null;
}

/**
 * What a client keeps on disk: its last request number. Servers remember each client's
 * latest number to apply a retried command once (at-most-once), so a restarted client must
 * not start again from 1 — its new commands would be taken for old duplicates.
 */
export interface ClientDisk {
  readonly seq: number;
}

const READ_MODES: readonly ReadMode[] = ['log', 'local', 'read-index', 'lease'];
const isReadMode = (x: unknown): x is ReadMode => READ_MODES.includes(x as ReadMode);

export function readOptions(raw: unknown): ClientOptions {
  const o = (raw ?? {}) as Partial<Record<keyof ClientOptions, unknown>>;
  const servers = Array.isArray(o.servers)
    ? o.servers.filter((x): x is string => typeof x === 'string')
    : [];
  const keys = Array.isArray(o.keys)
    ? o.keys.filter((x): x is string => typeof x === 'string')
    : [];
  const readModes = Array.isArray(o.readModes) ? o.readModes.filter(isReadMode) : [];
  const num = (v: unknown, d: number) =>
    typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : d;
  return {
    servers,
    timeoutMs: num(o.timeoutMs, 400),
    maxAttempts: num(o.maxAttempts, 6),
    autoRequestEveryMs:
      typeof o.autoRequestEveryMs === 'number' && o.autoRequestEveryMs > 0
        ? o.autoRequestEveryMs
        : null,
    keys: keys.length ? keys : ['x', 'y'],
    directTimeoutMs: num(o.directTimeoutMs, 1500),
    readModes: readModes.length ? readModes : ['log'],
    incr: o.incr === true,
  };
}

/** The 'send' action's arguments, or what is wrong with them. */
export function readSendArgs(args: Json | undefined): SendArgs | string {
  if (args === null || typeof args !== 'object' || Array.isArray(args))
    return 'needs {server, op, key}';
  const { server, op, key, value, read, retry } = args;
  if (typeof server !== 'string' || server === '') return 'needs a server';
  if (op !== 'put' && op !== 'get' && op !== 'incr') return 'op must be put, get or incr';
  if (typeof key !== 'string' || key === '') return 'needs a key';
  if (retry !== undefined && typeof retry !== 'boolean') return 'retry must be true or false';
  const retrying = retry === true ? { retry: true } : {};
  if (op === 'put') {
    if (typeof value !== 'string') return 'a put needs a value';
    return { server, op, key, value, ...retrying };
  }
  if (op === 'incr') return { server, op, key, ...retrying };
  if (read !== undefined && !isReadMode(read))
    return 'read must be log, local, read-index or lease';
  return { server, op, key, ...(read === undefined ? {} : { read }), ...retrying };
}
