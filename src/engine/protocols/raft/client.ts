/**
 * A Raft client: sends a command to the server it believes leads, follows redirects,
 * retries on a timeout with the same sequence number (so the command applies at most once,
 * thanks to the servers' session table), and records every operation as invoke, then ok —
 * or info when it gave up without knowing whether the command took effect.
 */
import type { NodeContext, NodeId, NodeView, Protocol } from '../../protocol';
import type { Command, RaftMessage } from './types';

export interface ClientOptions {
  readonly servers: readonly NodeId[];
  readonly timeoutMs: number;
  /** Give up (outcome unknown) after this many attempts. */
  readonly maxAttempts: number;
  /** Issue a request on a timer every this many ms; null = only when asked. */
  readonly autoRequestEveryMs: number | null;
  readonly keys: readonly string[];
}

interface Pending {
  readonly command: Extract<Command, { op: 'put' | 'get' }>;
  target: NodeId;
  attempts: number;
}

export interface ClientState {
  readonly options: ClientOptions;
  seq: number;
  pending: Pending | null;
  leaderHint: NodeId | null;
  completed: number;
  unknown: number;
  lastResult: string | null;
}

type Ctx = NodeContext<RaftMessage, null>;

function readOptions(raw: unknown): ClientOptions {
  const o = (raw ?? {}) as Partial<Record<keyof ClientOptions, unknown>>;
  const servers = Array.isArray(o.servers)
    ? o.servers.filter((x): x is string => typeof x === 'string')
    : [];
  const keys = Array.isArray(o.keys)
    ? o.keys.filter((x): x is string => typeof x === 'string')
    : [];
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
  };
}

function pick<T>(xs: readonly T[], ctx: Ctx): T | undefined {
  return xs[Math.floor(ctx.random() * xs.length)];
}

function send(s: ClientState, ctx: Ctx): void {
  if (!s.pending) return;
  ctx.send(s.pending.target, { type: 'ClientRequest', command: s.pending.command });
  ctx.setTimer('retry', s.options.timeoutMs);
}

function request(s: ClientState, ctx: Ctx): void {
  if (s.pending) {
    ctx.log(`is still waiting for request #${s.pending.command.seq}`);
    return;
  }
  const target = s.leaderHint ?? pick(s.options.servers, ctx);
  const key = pick(s.options.keys, ctx) ?? 'x';
  if (!target) return;
  s.seq++;
  const command: Pending['command'] =
    ctx.random() < 0.7
      ? { op: 'put', client: ctx.id, seq: s.seq, key, value: `${ctx.id}.${s.seq}` }
      : { op: 'get', client: ctx.id, seq: s.seq, key };
  s.pending = { command, target, attempts: 1 };
  ctx.record({
    phase: 'invoke',
    opId: `${ctx.id}:${s.seq}`,
    fn: command.op === 'put' ? 'write' : 'read',
    key,
    ...(command.op === 'put' ? { value: command.value } : {}),
  });
  send(s, ctx);
}

function retry(s: ClientState, target: NodeId | null | undefined, ctx: Ctx): void {
  if (!s.pending) return;
  if (s.pending.attempts >= s.options.maxAttempts) {
    const c = s.pending.command;
    ctx.record({
      phase: 'info',
      opId: `${ctx.id}:${c.seq}`,
      fn: c.op === 'put' ? 'write' : 'read',
      key: c.key,
    });
    ctx.log(`gave up on request #${c.seq}: it may or may not have taken effect`);
    s.unknown++;
    s.pending = null;
    ctx.cancelTimer('retry');
    return;
  }
  s.pending.attempts++;
  const others = s.options.servers.filter((x) => x !== s.pending?.target);
  s.pending.target = target ?? pick(others, ctx) ?? s.pending.target;
  send(s, ctx);
}

export const raftClient: Protocol<ClientState, RaftMessage, null, ClientOptions, NodeView> = {
  id: 'raft-client',
  title: 'Raft client',
  defaultOptions: {
    servers: [],
    timeoutMs: 400,
    maxAttempts: 6,
    autoRequestEveryMs: null,
    keys: ['x', 'y'],
  },
  actions: [
    {
      id: 'client-request',
      label: 'Client request',
      description: 'Send a read or write to the cluster.',
    },
  ],
  init(ctx, raw) {
    const options = readOptions(raw);
    if (options.autoRequestEveryMs)
      ctx.setTimer('load', options.autoRequestEveryMs * (0.5 + ctx.random()));
    return {
      options,
      seq: 0,
      pending: null,
      leaderHint: null,
      completed: 0,
      unknown: 0,
      lastResult: null,
    };
  },
  // A client keeps nothing on disk: a restarted client starts a new session of its own.
  recover(ctx, raw) {
    return raftClient.init(ctx, raw);
  },
  onMessage(s, from, m, ctx) {
    if (m.type !== 'ClientReply' || !s.pending || m.seq !== s.pending.command.seq) return;
    const c = s.pending.command;
    if (m.result.ok) {
      ctx.cancelTimer('retry');
      ctx.record({
        phase: 'ok',
        opId: `${ctx.id}:${c.seq}`,
        fn: c.op === 'put' ? 'write' : 'read',
        key: c.key,
        value: m.result.value,
      });
      s.lastResult = `${c.op === 'put' ? `put ${c.key}=${c.value}` : `get ${c.key}`} → ${m.result.value ?? 'nil'}`;
      s.leaderHint = from;
      s.completed++;
      s.pending = null;
    } else {
      s.leaderHint = m.result.leaderHint;
      // Follow a redirect at once; with no leader known, wait for the retry timer (backoff).
      if (m.result.leaderHint && m.result.leaderHint !== from) retry(s, m.result.leaderHint, ctx);
    }
  },
  onTimer(s, name, ctx) {
    if (name === 'retry') {
      s.leaderHint = null;
      retry(s, null, ctx);
    } else if (name === 'load' && s.options.autoRequestEveryMs) {
      request(s, ctx);
      ctx.setTimer('load', s.options.autoRequestEveryMs);
    }
  },
  onAction(s, action, ctx) {
    if (action.id === 'client-request') request(s, ctx);
  },
  view: (s) => ({
    role: 'client',
    summary: s.pending ? `waiting #${s.pending.command.seq}` : `${s.completed} done`,
    pending: s.pending ? `#${s.pending.command.seq} → ${s.pending.target}` : null,
    completed: s.completed,
    unknown: s.unknown,
    lastResult: s.lastResult,
  }),
  messageSize: () => 48,
};
