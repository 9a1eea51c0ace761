/**
 * A key-value client, whatever the mode: it talks to its nearest replica (options.target),
 * one operation at a time, and records each as Jepsen does: invoke, then
 * - ok: the replica said so (a read's values: one, or several siblings);
 * - fail: it certainly did not happen — a read that failed or went unanswered (reads change
 *   nothing), or a write refused with a redirect (a refusal is sent only for a write that
 *   was not applied);
 * - info: a write that failed after it may have been applied ("timed out waiting for n3",
 *   a deposed primary), or went unanswered: it may take effect at any time.
 * A refusal with a redirect is followed once, with the same op id. The replica's `session`
 * is kept and sent back with every request (causal mode). Every operation is published
 * with observe() for the no-stale-read checker. Random writes write unique values
 * (`c1.7` for op 7), so a read names the write it saw.
 */
import { causalInvariants } from '../../../check/causal';
import { convergence } from '../../../check/convergence';
import { clientHistory, noStaleRead, type CompletedOpSummary } from '../../../check/stale-read';
import { guaranteesOf, type GuaranteePromise } from '../guarantees';
import type { HistoryOp, Json, NodeContext, NodeId, Protocol } from '../../../protocol';
import { KV_CLIENT_ACTIONS, readReadArgs, readWriteArgs } from './client-actions';
import type { KvMessage } from '../messages';
import {
  DEFAULT_CLIENT_OPTIONS,
  GENTLE_LOAD_MS,
  readClientOptions,
  type KvClientOptions,
} from '../options';
import type { KvClientView, KvSession, QuorumTouch } from '../types';

interface Pending {
  /** The history's op id: `${client}:${seq}`. */
  readonly opId: string;
  readonly fn: 'read' | 'write';
  readonly key: string;
  /** A write's value; null for a read. */
  readonly value: string | null;
  target: NodeId;
  isRedirected: boolean;
}

export interface KvClientState {
  readonly options: KvClientOptions;
  /** What the store's mode promises this client (published for the guarantees card). */
  readonly guarantees: readonly GuaranteePromise[];
  seq: number;
  /** The automatic workload runs (switched by the workload-on/off actions). */
  workload: boolean;
  pending: Pending | null;
  session: KvSession | null;
  completed: number;
  failed: number;
  unknown: number;
  lastResult: string | null;
  last: CompletedOpSummary | null;
  lastWrite: QuorumTouch | null;
  lastRead: QuorumTouch | null;
}

/**
 * The op counter survives a crash, so a restarted client never reuses an op id; so does the
 * workload switch, so a learner's "stop" holds across a restart.
 */
export interface KvClientDisk {
  readonly seq: number;
  readonly workload?: boolean;
}

type Ctx = NodeContext<KvMessage, KvClientDisk>;

const describe = (p: Pick<Pending, 'fn' | 'key' | 'value'>) =>
  p.fn === 'write' ? `write ${p.key}=${p.value ?? ''}` : `read ${p.key}`;
const showValues = (values: readonly (string | null)[]) =>
  values.length === 0 ? 'nil' : values.map((v) => v ?? 'nil').join(' | ');

function send(s: KvClientState, ctx: Ctx): void {
  const p = s.pending;
  if (!p) return;
  const message: KvMessage =
    p.fn === 'write'
      ? { type: 'KvPut', op: p.opId, key: p.key, value: p.value ?? '', session: s.session }
      : { type: 'KvGet', op: p.opId, key: p.key, session: s.session };
  ctx.send(p.target, message);
  ctx.log(`sent ${describe(p)} to ${p.target}`, null, {
    kind: 'request-sent',
    to: p.target,
    op: p.fn,
    key: p.key,
    ...(p.value === null ? {} : { value: p.value }),
  });
  ctx.setTimer('timeout', s.options.requestTimeoutMs);
}

function begin(
  s: KvClientState,
  fn: 'read' | 'write',
  key: string,
  value: string | null,
  to: NodeId | undefined,
  ctx: Ctx,
): void {
  if (s.pending) {
    ctx.log(`is still waiting for ${describe(s.pending)}: one operation at a time`);
    return;
  }
  const target = to ?? s.options.target;
  // Sending to a node that does not exist would fault this client.
  if (!s.options.replicas.includes(target)) {
    ctx.log(`cannot send: ${target || 'no replica'} is not one of the replicas`);
    return;
  }
  s.seq++;
  ctx.persist({ seq: s.seq, workload: s.workload });
  const opId = `${ctx.id}:${s.seq}`;
  const v = value ?? `${ctx.id}.${s.seq}`;
  s.pending = { opId, fn, key, value: fn === 'write' ? v : null, target, isRedirected: false };
  const op: HistoryOp = { phase: 'invoke', opId, fn, key, ...(fn === 'write' ? { value: v } : {}) };
  ctx.record(op);
  send(s, ctx);
}

function randomOp(s: KvClientState, fn: 'read' | 'write' | null, ctx: Ctx): void {
  if (s.pending) {
    ctx.log(`is still waiting for ${describe(s.pending)}: one operation at a time`);
    return;
  }
  const keys = s.options.keys;
  const key = keys[Math.floor(ctx.random() * keys.length)] ?? 'x';
  const chosen = fn ?? (ctx.random() < s.options.readRatio ? 'read' : 'write');
  begin(s, chosen, key, null, undefined, ctx);
}

/** Close the pending operation: record it, remember it for the view and the checker. */
function finish(
  s: KvClientState,
  outcome: 'ok' | 'fail' | 'info',
  values: readonly (string | null)[],
  result: string,
  ctx: Ctx,
): void {
  const p = s.pending;
  if (!p) return;
  const isSiblings = values.length > 1;
  // One value is that value (none is nil); siblings are recorded as the list.
  const read: Json = isSiblings ? [...values] : (values[0] ?? null);
  ctx.record({
    phase: outcome,
    opId: p.opId,
    fn: p.fn,
    key: p.key,
    ...(outcome !== 'ok' ? {} : { value: p.fn === 'write' ? p.value : read }),
  });
  let published = p.value;
  // Siblings are no single value a write made: published as text, the checker leaves them be.
  if (p.fn === 'read')
    published = outcome !== 'ok' ? null : isSiblings ? showValues(values) : (values[0] ?? null);
  s.last = { id: p.opId, fn: p.fn, key: p.key, value: published, outcome };
  s.lastResult = `${describe(p)} at ${p.target} → ${result}`;
  if (outcome === 'ok') s.completed++;
  else if (outcome === 'fail') s.failed++;
  else s.unknown++;
  s.pending = null;
  ctx.cancelTimer('timeout');
}

function onReply(
  s: KvClientState,
  from: NodeId,
  m: Extract<KvMessage, { type: 'KvReply' }>,
  ctx: Ctx,
) {
  const p = s.pending;
  if (!p || m.op !== p.opId) return;
  // A refusal from a replica already left behind (a copy of one followed before) is stale.
  if (!m.ok && m.redirect !== null && from !== p.target) return;
  if (m.session !== null) s.session = m.session;
  if (m.touch) {
    if (m.touch.op === 'write') s.lastWrite = m.touch;
    else s.lastRead = m.touch;
  }
  ctx.log(
    m.ok
      ? `${from} answered ${describe(p)}: ok${p.fn === 'read' ? `, ${showValues(m.values)}` : ''}`
      : `${from} answered ${describe(p)}: ${m.error ?? 'failed'}`,
    null,
    { kind: 'reply', ok: m.ok, values: [...m.values], error: m.error, from },
  );
  if (m.ok) {
    finish(s, 'ok', m.values, p.fn === 'read' ? showValues(m.values) : 'ok', ctx);
    return;
  }
  const redirect = m.redirect;
  if (
    redirect !== null &&
    !p.isRedirected &&
    s.options.replicas.includes(redirect) &&
    redirect !== p.target
  ) {
    p.target = redirect;
    p.isRedirected = true;
    send(s, ctx);
    return;
  }
  const why = m.error ?? 'failed';
  // A refusal (with a redirect) was not applied; any other failed write may have been.
  if (p.fn === 'write' && redirect === null) finish(s, 'info', [], `unknown (${why})`, ctx);
  else finish(s, 'fail', [], `failed (${why})`, ctx);
}

function onTimeout(s: KvClientState, ctx: Ctx): void {
  const p = s.pending;
  if (!p) return;
  if (p.fn === 'write') {
    finish(s, 'info', [], 'unknown (no answer)', ctx);
    ctx.log(`heard nothing from ${p.target} about ${describe(p)}: it may or may not take effect`);
  } else {
    finish(s, 'fail', [], 'failed (no answer)', ctx);
    ctx.log(`heard nothing from ${p.target} about ${describe(p)}: the read failed`);
  }
}

const paceOf = (s: Pick<KvClientState, 'options'>) => s.options.loadEveryMs ?? GENTLE_LOAD_MS;

/** Switch the workload on or off (an action; recorded, so a shared link replays it). */
function switchWorkload(s: KvClientState, on: boolean, ctx: Ctx): void {
  if (s.workload === on) return;
  s.workload = on;
  ctx.persist({ seq: s.seq, workload: on });
  if (on) ctx.setTimer('load', paceOf(s) * (0.5 + ctx.random()));
  else ctx.cancelTimer('load');
  ctx.log(on ? 'started its workload' : 'stopped its workload');
}

/** What the store a client uses promises it, from the client's options in a scenario. */
export function clientPromises(raw: unknown): GuaranteePromise[] {
  return promisesOf(readClientOptions(raw), raw);
}

function promisesOf(options: KvClientOptions, raw: unknown): GuaranteePromise[] {
  const broken = (raw as { broken?: unknown } | null)?.broken;
  const n = Math.min(options.n, Math.max(1, options.replicas.length));
  return guaranteesOf({
    ...options,
    n,
    w: Math.min(options.w, n),
    r: Math.min(options.r, n),
    noBuffering: broken === 'no-buffering',
  });
}

function boot(ctx: Ctx, raw: unknown, disk: KvClientDisk | null): KvClientState {
  const options = readClientOptions(raw);
  const workload = typeof disk?.workload === 'boolean' ? disk.workload : options.workload;
  const seq = typeof disk?.seq === 'number' ? disk.seq : 0;
  if (workload)
    ctx.setTimer('load', (options.loadEveryMs ?? GENTLE_LOAD_MS) * (0.5 + ctx.random()));
  return {
    options,
    guarantees: promisesOf(options, raw),
    seq,
    workload,
    pending: null,
    session: null,
    completed: 0,
    failed: 0,
    unknown: 0,
    lastResult: null,
    last: null,
    lastWrite: null,
    lastRead: null,
  };
}

export const kvClient: Protocol<
  KvClientState,
  KvMessage,
  KvClientDisk,
  KvClientOptions,
  KvClientView
> = {
  id: 'kv-client',
  title: 'Key-value client',
  defaultOptions: DEFAULT_CLIENT_OPTIONS,
  actions: KV_CLIENT_ACTIONS,
  init: (ctx, raw) => boot(ctx, raw, null),
  // A restarted client forgets what it was waiting for, but numbers on from its disk.
  recover: (ctx, raw, disk) => boot(ctx, raw, disk ?? null),
  onMessage(s, from, m, ctx) {
    if (m.type === 'KvReply') onReply(s, from, m, ctx);
  },
  onTimer(s, name, ctx) {
    if (name === 'timeout') onTimeout(s, ctx);
    else if (name === 'load' && s.workload) {
      if (!s.pending) randomOp(s, null, ctx);
      ctx.setTimer('load', paceOf(s));
    }
  },
  onAction(s, action, ctx) {
    switch (action.id) {
      case 'write-random':
        randomOp(s, 'write', ctx);
        return;
      case 'read-random':
        randomOp(s, 'read', ctx);
        return;
      case 'workload-on':
      case 'workload-off':
        switchWorkload(s, action.id === 'workload-on', ctx);
        return;
      case 'write': {
        const a = readWriteArgs(action.args);
        if (typeof a === 'string') ctx.log(`cannot write: ${a}`);
        else begin(s, 'write', a.key, a.value, a.to, ctx);
        return;
      }
      case 'read': {
        const a = readReadArgs(action.args);
        if (typeof a === 'string') ctx.log(`cannot read: ${a}`);
        else begin(s, 'read', a.key, null, a.to, ctx);
        return;
      }
      default:
        ctx.log(`has no action ${action.id}`);
    }
  },
  view: (s) => ({
    role: 'client',
    summary: s.pending
      ? `waiting: ${describe(s.pending)}`
      : `${s.completed} done → ${s.options.target}`,
    pending: s.pending ? `${describe(s.pending)} → ${s.pending.target}` : null,
    lastResult: s.lastResult,
    completed: s.completed,
    failed: s.failed,
    unknown: s.unknown,
    workload: s.workload,
    guarantees: s.guarantees,
    notPromised: Object.fromEntries(
      s.guarantees.flatMap((g) => (g.promised ? [] : g.checks.map((c) => [c, g.why]))),
    ),
    lastWrite: s.lastWrite,
    lastRead: s.lastRead,
  }),
  observe: (s) =>
    clientHistory({
      pending: s.pending
        ? { id: s.pending.opId, fn: s.pending.fn, key: s.pending.key, value: s.pending.value }
        : null,
      done: s.completed + s.failed + s.unknown,
      last: s.last,
    }),
  // Every guarantee any mode makes is watched; what this mode does not promise is marked as
  // such where it is shown (the view's notPromised), not left unwatched.
  invariants: [noStaleRead, ...causalInvariants, convergence],
  messageSize: () => 48,
};
