/**
 * A client of the payment server (`rpc-client`): the application makes logical requests
 * (a workload at `ratePerSec`, or one call by hand), and the client library sends attempts.
 * Each attempt waits `timeoutMs` for its reply; a timeout leaves the outcome unknown (the server
 * may have charged). What happens next is the "Semantics" setting:
 * - at-most-once: never resend; a timeout ends the request indefinite ("it may have happened");
 * - at-least-once: resend the same request per the retry policy (retry/), with no key;
 * - idempotency-key: resend with the same key, so the server's dedup table can replay.
 * A refusal that ran nothing (409 in flight, 503 shed) is retried as well; a definite error
 * (a version conflict, 422) ends the request. The request ends indefinite when the client gives
 * up (max attempts, deadline, retry budget) after any attempt whose outcome it could not know.
 *
 * Every logical request is a Jepsen-style history operation: invoke, then ok, fail (definite)
 * or info (indefinite). The request counter and the workload switch are on disk, so ids stay
 * unique across a crash; requests in progress die with the process.
 */
import type { Json, NodeContext, NodeView, Protocol } from '../../protocol';
import { effectAtMostOnce } from './ledger-check';
import {
  addNote,
  callId,
  opWords,
  type ReplyMessage,
  type RpcMessage,
  type RpcNote,
  type RpcOp,
} from './messages';
import { emptyBudgetLedger, noteFirst, spendRetry, type BudgetLedger } from './retry/budget';
import { retryDelay } from './retry/delays';
import { CLIENT_ACTIONS, readCallArgs } from './client-actions';
import { CLIENT_DEFAULTS, readClientOptions, type ClientOptions } from './client-options';
import type { RpcSemantics } from './summary';

/** A logical request in progress. Times are the client's local ms. */
interface Pending {
  readonly req: string;
  readonly key: string | null;
  readonly op: RpcOp;
  readonly startedAt: number;
  attempt: number;
  /** Waiting for the reply to `attempt`, or backing off before the next. */
  waiting: 'reply' | 'backoff';
  /** The last backoff wait (decorrelated jitter grows from it). */
  lastDelayMs: number;
  /** Some attempt's outcome is unknown (timed out, or still in flight at the server). */
  unknown: boolean;
}

/** What a client keeps on disk: its request counter (ids stay unique) and its workload switch. */
export interface ClientPersisted {
  readonly seq: number;
  readonly workload: boolean;
}

/** A client's volatile state (its requests in progress die with the process). */
export interface ClientState {
  readonly options: ClientOptions;
  seq: number;
  workload: boolean;
  pending: Record<string, Pending>;
  budget: BudgetLedger;
  /** The versions this client last heard per account (its conditional writes name them). */
  versions: Record<string, number>;
  notes: RpcNote[];
  noteSeq: number;
  ok: number;
  errors: number;
  indefinite: number;
}

/** What the lab shows of a client: its semantics and its requests' outcomes so far. */
export interface ClientView extends NodeView {
  readonly semantics: RpcSemantics;
  readonly inFlight: number;
  readonly ok: number;
  readonly errors: number;
  readonly indefinite: number;
  readonly workload: boolean;
}

/** What the client's `observe` gives the checker. */
export interface ClientSeen {
  readonly role: 'client';
  readonly notes: readonly RpcNote[];
  readonly semantics: RpcSemantics;
}

type Ctx = NodeContext<RpcMessage, ClientPersisted>;

const save = (s: ClientState, ctx: Ctx) => ctx.persist({ seq: s.seq, workload: s.workload });

/** Exponential inter-arrival times (a Poisson workload) from the node's seeded stream. */
function nextArrival(s: ClientState, ctx: Ctx): void {
  if (!s.workload || s.options.ratePerSec <= 0) return;
  const u = ctx.random();
  ctx.setTimer('load', Math.max(1, Math.round((-Math.log(1 - u) / s.options.ratePerSec) * 1000)));
}

function sendAttempt(s: ClientState, p: Pending, ctx: Ctx): void {
  const call = callId(p.req, p.attempt);
  p.waiting = 'reply';
  ctx.send(s.options.server, {
    type: 'Call',
    call,
    req: p.req,
    attempt: p.attempt,
    key: p.key,
    op: p.op,
  });
  addNote(s, { k: 'send', call, t: ctx.now() });
  ctx.setTimer(`timeout:${p.req}`, s.options.policy.timeoutMs);
}

/** Starts a logical request: a fresh id (and key), history invoke, first attempt. */
function start(s: ClientState, op: RpcOp, key: string | null, ctx: Ctx): void {
  s.seq++;
  save(s, ctx);
  const req = `${ctx.id}-${s.seq}`;
  const k = s.options.semantics === 'idempotency-key' ? (key ?? `key-${req}`) : null;
  const p: Pending = {
    req,
    key: k,
    op,
    startedAt: ctx.now(),
    attempt: 1,
    waiting: 'reply',
    lastDelayMs: s.options.policy.baseMs,
    unknown: false,
  };
  s.pending[req] = p;
  const value: Json = op.kind === 'withdraw' ? op.amount : op.balance;
  ctx.record({ phase: 'invoke', opId: req, fn: op.kind, key: op.account, value });
  addNote(s, { k: 'start', req, t: ctx.now(), key: k, op, server: s.options.server });
  ctx.log(`${req}: ${opWords(op)}${k ? ` (key ${k})` : ''}`, null, {
    kind: 'request-started',
    req,
    key: k,
  });
  noteFirst(s.budget, s.options.policy.budget, ctx.now());
  sendAttempt(s, p, ctx);
}

function finish(
  s: ClientState,
  p: Pending,
  result: 'ok' | 'error' | 'indefinite',
  gaveUp: 'max-attempts' | 'deadline' | 'budget' | null,
  ctx: Ctx,
): void {
  delete s.pending[p.req];
  ctx.cancelTimer(`timeout:${p.req}`);
  ctx.cancelTimer(`retry:${p.req}`);
  const value: Json = p.op.kind === 'withdraw' ? p.op.amount : p.op.balance;
  const phase = result === 'ok' ? 'ok' : result === 'error' ? 'fail' : 'info';
  ctx.record({ phase, opId: p.req, fn: p.op.kind, key: p.op.account, value });
  if (result === 'ok') s.ok++;
  else if (result === 'error') s.errors++;
  else s.indefinite++;
  addNote(s, { k: 'end', req: p.req, t: ctx.now(), result, gaveUp });
  const why = gaveUp === null ? '' : ` (gave up: ${gaveUp.replace('-', ' ')})`;
  ctx.log(
    result === 'indefinite'
      ? `${p.req}: outcome unknown after ${p.attempt} attempt(s)${why}: it may have happened`
      : `${p.req}: ${result}${why}`,
    null,
    { kind: 'request-ended', req: p.req, result, attempts: p.attempt, gaveUp },
  );
}

/** After an attempt that did not settle the request: retry per the policy, or give up. */
function retryOrGiveUp(s: ClientState, p: Pending, ctx: Ctx): void {
  const policy = s.options.policy;
  const giveUp = (why: 'max-attempts' | 'deadline' | 'budget') =>
    finish(s, p, p.unknown ? 'indefinite' : 'error', why, ctx);
  if (p.attempt >= policy.maxAttempts) return giveUp('max-attempts');
  const delay = retryDelay(policy, p.attempt, p.lastDelayMs, ctx.random());
  if (policy.deadlineMs !== null && ctx.now() + delay - p.startedAt >= policy.deadlineMs)
    return giveUp('deadline');
  if (!spendRetry(s.budget, policy.budget, ctx.now())) return giveUp('budget');
  p.lastDelayMs = delay;
  p.waiting = 'backoff';
  ctx.setTimer(`retry:${p.req}`, delay);
}

function onReply(s: ClientState, m: ReplyMessage, ctx: Ctx): void {
  s.versions[accountOfReply(s, m)] = m.version;
  const p = s.pending[m.req];
  if (!p || p.attempt !== m.attempt || p.waiting !== 'reply') {
    addNote(s, { k: 'late', call: m.call, t: ctx.now() });
    return;
  }
  ctx.cancelTimer(`timeout:${p.req}`);
  addNote(s, {
    k: 'outcome',
    call: m.call,
    t: ctx.now(),
    outcome: m.status,
    reason: m.reason,
    replayed: m.replayed,
  });
  if (m.status === 'ok') return finish(s, p, 'ok', null, ctx);
  if (m.status === 'error') return finish(s, p, 'error', null, ctx);
  // Refused without running: 409 means another attempt still runs (its outcome unknown).
  if (m.reason === 'in-flight') p.unknown = true;
  retryOrGiveUp(s, p, ctx);
}

/** The account a reply is about: the pending request's, else the client's own. */
function accountOfReply(s: ClientState, m: ReplyMessage): string {
  return s.pending[m.req]?.op.account ?? s.options.account;
}

function onTimeout(s: ClientState, req: string, ctx: Ctx): void {
  const p = s.pending[req];
  if (!p || p.waiting !== 'reply') return;
  p.unknown = true;
  addNote(s, {
    k: 'outcome',
    call: callId(p.req, p.attempt),
    t: ctx.now(),
    outcome: 'timeout',
    reason: null,
    replayed: false,
  });
  retryOrGiveUp(s, p, ctx);
}

function onRetry(s: ClientState, req: string, ctx: Ctx): void {
  const p = s.pending[req];
  if (!p || p.waiting !== 'backoff') return;
  p.attempt++;
  ctx.log(`${p.req}: retry, attempt ${p.attempt}`, null, {
    kind: 'retry',
    req: p.req,
    attempt: p.attempt,
  });
  sendAttempt(s, p, ctx);
}

/** The workload's next operation on the client's account. */
function workloadOp(s: ClientState): RpcOp {
  const o = s.options;
  if (o.op === 'withdraw') return { kind: 'withdraw', account: o.account, amount: o.amount };
  const version = s.versions[o.account] ?? 7;
  return { kind: 'set', account: o.account, balance: 100 - o.amount, ifVersion: version };
}

function boot(ctx: Ctx, options: ClientOptions, disk: ClientPersisted | null): ClientState {
  const s: ClientState = {
    options,
    seq: disk?.seq ?? 0,
    workload: disk?.workload ?? options.ratePerSec > 0,
    pending: {},
    budget: emptyBudgetLedger(),
    versions: {},
    notes: [],
    noteSeq: 0,
    ok: 0,
    errors: 0,
    indefinite: 0,
  };
  nextArrival(s, ctx);
  return s;
}

/** The RPC client protocol (`rpc-client`). */
export const rpcClient: Protocol<
  ClientState,
  RpcMessage,
  ClientPersisted,
  ClientOptions,
  ClientView
> = {
  id: 'rpc-client',
  title: 'Payment client',
  defaultOptions: CLIENT_DEFAULTS,
  actions: CLIENT_ACTIONS,
  init: (ctx, options) => boot(ctx, readClientOptions(options), null),
  recover: (ctx, options, disk) => boot(ctx, readClientOptions(options), disk),
  onMessage(s, _from, m, ctx) {
    if (m.type === 'Reply') onReply(s, m, ctx);
  },
  onTimer(s, name, ctx) {
    const at = name.indexOf(':');
    const kind = at < 0 ? name : name.slice(0, at);
    const req = name.slice(at + 1);
    if (kind === 'load') {
      if (!s.workload) return;
      start(s, workloadOp(s), null, ctx);
      nextArrival(s, ctx);
    } else if (kind === 'timeout') onTimeout(s, req, ctx);
    else if (kind === 'retry') onRetry(s, req, ctx);
  },
  onAction(s, action, ctx) {
    switch (action.id) {
      case 'withdraw':
        return start(s, { kind: 'withdraw', account: s.options.account, amount: 10 }, null, ctx);
      case 'call': {
        const read = readCallArgs(action.args);
        if (typeof read === 'string') {
          ctx.log(`call not made: ${read}`);
          return;
        }
        return start(s, read.op, read.key, ctx);
      }
      case 'workload-on':
      case 'workload-off': {
        const on = action.id === 'workload-on';
        if (s.workload === on) return;
        s.workload = on;
        save(s, ctx);
        ctx.log(on ? 'started its workload' : 'stopped its workload');
        if (on) nextArrival(s, ctx);
        else ctx.cancelTimer('load');
        return;
      }
      default:
        return;
    }
  },
  view: (s) => {
    const inFlight = Object.keys(s.pending).length;
    return {
      role: 'client',
      summary: `${inFlight} in flight · ${s.ok} ok, ${s.errors} failed, ${s.indefinite} unknown`,
      semantics: s.options.semantics,
      inFlight,
      ok: s.ok,
      errors: s.errors,
      indefinite: s.indefinite,
      workload: s.workload,
    };
  },
  observe: (s) =>
    ({ role: 'client', notes: s.notes.slice(), semantics: s.options.semantics }) as unknown as Json,
  invariants: [effectAtMostOnce],
  messageSize: (m) => (m.type === 'Call' ? 96 : 128),
};
