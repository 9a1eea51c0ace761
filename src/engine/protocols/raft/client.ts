/**
 * A Raft client. Two ways to ask:
 * - "Client request" (and the automatic load): sends a command to the server it believes
 *   leads, follows redirects, retries on a timeout with the same sequence number (so the
 *   command applies at most once, thanks to the servers' session table), and records the
 *   operation as invoke, then ok — or info when it gave up without knowing whether the
 *   command took effect.
 * - "Send to server": one command to one chosen server, no retry, no redirect — so a learner
 *   can talk to a deposed leader and see what it says. ok is ok; a refusal is fail; a
 *   timeout is info for a write (it may still take effect) and fail for a read (reads change
 *   nothing, so a read that never answered did not happen).
 * Every operation is published with observe() for the no-stale-read checker.
 */
import { clientHistory, noStaleRead, type CompletedOpSummary } from '../../check/stale-read';
import type { Json, NodeContext, NodeId, NodeView, Protocol } from '../../protocol';
import { RAFT_CLIENT_ACTIONS } from './client-actions';
import { describeCommand } from './log';
import type { Command, RaftMessage, ReadMode } from './types';

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
}

type KvCommand = Extract<Command, { op: 'put' | 'get' }>;

interface Pending {
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
  readonly op: 'put' | 'get';
  readonly key: string;
  /** Required for a put; used as given (a lesson's values are '1', '2', '3'). */
  readonly value?: string;
  /** For a get; 'log' when absent. */
  readonly read?: ReadMode;
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

type Ctx = NodeContext<RaftMessage, ClientDisk>;

const READ_MODES: readonly ReadMode[] = ['log', 'local', 'read-index'];
const isReadMode = (x: unknown): x is ReadMode => READ_MODES.includes(x as ReadMode);

function readOptions(raw: unknown): ClientOptions {
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
  };
}

/** The 'send' action's arguments, or what is wrong with them. */
export function readSendArgs(args: Json | undefined): SendArgs | string {
  if (args === null || typeof args !== 'object' || Array.isArray(args))
    return 'needs {server, op, key}';
  const { server, op, key, value, read } = args;
  if (typeof server !== 'string' || server === '') return 'needs a server';
  if (op !== 'put' && op !== 'get') return 'op must be put or get';
  if (typeof key !== 'string' || key === '') return 'needs a key';
  if (op === 'put') {
    if (typeof value !== 'string') return 'a put needs a value';
    return { server, op, key, value };
  }
  if (read !== undefined && !isReadMode(read)) return 'read must be log, local or read-index';
  return { server, op, key, ...(read === undefined ? {} : { read }) };
}

function pick<T>(xs: readonly T[], ctx: Ctx): T | undefined {
  return xs[Math.floor(ctx.random() * xs.length)];
}

const fnOf = (c: KvCommand) => (c.op === 'put' ? 'write' : 'read');

function describe(c: KvCommand): string {
  return c.op === 'get' && c.read && c.read !== 'log'
    ? `${describeCommand(c)} (${c.read})`
    : describeCommand(c);
}

function send(s: ClientState, ctx: Ctx): void {
  if (!s.pending) return;
  ctx.send(s.pending.target, { type: 'ClientRequest', command: s.pending.command });
  if (s.pending.direct) ctx.setTimer('timeout', s.options.directTimeoutMs);
  else ctx.setTimer('retry', s.options.timeoutMs);
}

function begin(s: ClientState, command: KvCommand, target: NodeId, direct: boolean, ctx: Ctx) {
  const opId = `${ctx.id}:${command.seq}`;
  s.pending = { command, opId, target, attempts: 1, direct };
  ctx.record({
    phase: 'invoke',
    opId,
    fn: fnOf(command),
    key: command.key,
    ...(command.op === 'put' ? { value: command.value } : {}),
  });
  send(s, ctx);
}

/** Close the pending operation: record it, remember it for the view and the checker. */
function finish(
  s: ClientState,
  outcome: 'ok' | 'fail' | 'info',
  value: string | null,
  result: string,
  ctx: Ctx,
): void {
  const p = s.pending;
  if (!p) return;
  const c = p.command;
  ctx.record({
    phase: outcome,
    opId: p.opId,
    fn: fnOf(c),
    key: c.key,
    ...(outcome === 'ok' ? { value } : {}),
  });
  s.last = {
    id: p.opId,
    fn: fnOf(c),
    key: c.key,
    value: c.op === 'put' ? c.value : outcome === 'ok' ? value : null,
    outcome,
  };
  s.lastResult = `${describe(c)}${p.direct ? ` at ${p.target}` : ''} → ${result}`;
  if (outcome === 'ok') s.completed++;
  else if (outcome === 'fail') s.failed++;
  else s.unknown++;
  s.pending = null;
  ctx.cancelTimer('retry');
  ctx.cancelTimer('timeout');
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
  ctx.persist({ seq: s.seq });
  let command: KvCommand;
  if (ctx.random() < 0.7) {
    command = { op: 'put', client: ctx.id, seq: s.seq, key, value: `${ctx.id}.${s.seq}` };
  } else {
    // With the default single mode no extra random draw: the load is the same as ever.
    const read = s.options.readModes.length > 1 ? pick(s.options.readModes, ctx) : undefined;
    const mode = read ?? s.options.readModes[0] ?? 'log';
    command = {
      op: 'get',
      client: ctx.id,
      seq: s.seq,
      key,
      ...(mode === 'log' ? {} : { read: mode }),
    };
  }
  begin(s, command, target, false, ctx);
}

function sendTo(s: ClientState, args: Json | undefined, ctx: Ctx): void {
  const a = readSendArgs(args);
  if (typeof a === 'string') {
    ctx.log(`cannot send: ${a}`);
    return;
  }
  // Sending to a node that does not exist would fault this client.
  if (!s.options.servers.includes(a.server)) {
    ctx.log(`cannot send: ${a.server} is not one of the servers`);
    return;
  }
  if (s.pending) {
    ctx.log(`is still waiting for request #${s.pending.command.seq}: it sends one at a time`);
    return;
  }
  s.seq++;
  ctx.persist({ seq: s.seq });
  const command: KvCommand =
    a.op === 'put'
      ? { op: 'put', client: ctx.id, seq: s.seq, key: a.key, value: a.value ?? '' }
      : {
          op: 'get',
          client: ctx.id,
          seq: s.seq,
          key: a.key,
          ...(a.read === undefined || a.read === 'log' ? {} : { read: a.read }),
        };
  ctx.log(`sent ${describe(command)} to ${a.server}`, null, {
    kind: 'request-sent',
    to: a.server,
    op: a.op,
    key: a.key,
    ...(a.op === 'put' ? { value: a.value ?? '' } : { read: a.read ?? 'log' }),
  });
  begin(s, command, a.server, true, ctx);
}

function retry(s: ClientState, target: NodeId | null | undefined, ctx: Ctx): void {
  if (!s.pending) return;
  if (s.pending.attempts >= s.options.maxAttempts) {
    const seq = s.pending.command.seq;
    finish(s, 'info', null, 'unknown (gave up)', ctx);
    ctx.log(`gave up on request #${seq}: it may or may not have taken effect`);
    return;
  }
  s.pending.attempts++;
  const others = s.options.servers.filter((x) => x !== s.pending?.target);
  s.pending.target = target ?? pick(others, ctx) ?? s.pending.target;
  send(s, ctx);
}

/** "Send to server" heard nothing: a write may still happen; a read simply did not. */
function directTimeout(s: ClientState, ctx: Ctx): void {
  const p = s.pending;
  if (!p || !p.direct) return;
  const c = p.command;
  if (c.op === 'put') {
    finish(s, 'info', null, 'unknown (timed out)', ctx);
    ctx.log(`heard nothing from ${p.target} about ${describe(c)}: it may or may not take effect`);
  } else {
    finish(s, 'fail', null, 'no answer (timed out)', ctx);
    ctx.log(`heard nothing from ${p.target} about ${describe(c)}: the read failed`);
  }
}

export const raftClient: Protocol<
  ClientState,
  RaftMessage,
  ClientDisk,
  ClientOptions,
  RaftClientView
> = {
  id: 'raft-client',
  title: 'Raft client',
  defaultOptions: {
    servers: [],
    timeoutMs: 400,
    maxAttempts: 6,
    autoRequestEveryMs: null,
    keys: ['x', 'y'],
    directTimeoutMs: 1500,
    readModes: ['log'],
  },
  actions: RAFT_CLIENT_ACTIONS,
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
      failed: 0,
      unknown: 0,
      lastResult: null,
      last: null,
    };
  },
  // A restarted client forgets what it was waiting for, but numbers on from its disk.
  recover(ctx, raw, disk) {
    return { ...raftClient.init(ctx, raw), seq: typeof disk?.seq === 'number' ? disk.seq : 0 };
  },
  onMessage(s, from, m, ctx) {
    if (m.type !== 'ClientReply' || !s.pending || m.seq !== s.pending.command.seq) return;
    const p = s.pending;
    if (m.result.ok) {
      s.leaderHint = from;
      finish(s, 'ok', m.result.value, m.result.value ?? 'nil', ctx);
    } else if (p.direct) {
      // A refusal means the command was not taken: it definitely did not happen.
      const hint = m.result.leaderHint;
      finish(s, 'fail', null, `refused: not the leader${hint ? ` (${hint} is)` : ''}`, ctx);
      ctx.log(
        `${from} refused ${describe(p.command)}: not the leader${hint ? `; it points to ${hint}` : ''}`,
      );
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
    } else if (name === 'timeout') {
      directTimeout(s, ctx);
    } else if (name === 'load' && s.options.autoRequestEveryMs) {
      request(s, ctx);
      ctx.setTimer('load', s.options.autoRequestEveryMs);
    }
  },
  onAction(s, action, ctx) {
    if (action.id === 'client-request') request(s, ctx);
    else if (action.id === 'send') sendTo(s, action.args, ctx);
  },
  view: (s) => ({
    role: 'client',
    summary: s.pending ? `waiting #${s.pending.command.seq}` : `${s.completed} done`,
    pending: s.pending
      ? `#${s.pending.command.seq} ${describe(s.pending.command)} → ${s.pending.target}${s.pending.direct ? ', sent directly' : ''}`
      : null,
    completed: s.completed,
    failed: s.failed,
    unknown: s.unknown,
    lastResult: s.lastResult,
    lastOutcome: s.last?.outcome ?? null,
  }),
  observe: (s) =>
    clientHistory({
      pending: s.pending
        ? {
            id: s.pending.opId,
            fn: fnOf(s.pending.command),
            key: s.pending.command.key,
            value: s.pending.command.op === 'put' ? s.pending.command.value : null,
          }
        : null,
      done: s.completed + s.failed + s.unknown,
      last: s.last,
    }),
  invariants: [noStaleRead],
  messageSize: () => 48,
};
