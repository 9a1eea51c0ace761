/**
 * The payment server (`rpc-server`): it charges accounts, a side effect it writes to a ledger on
 * its disk. Calls wait in a FIFO queue for one of `workers` workers; each takes `serviceMs`
 * (longer while a scheduled slowdown lasts, or for a call the learner slowed). With load
 * shedding on, a call that finds the queue full is refused at once (503) instead of waiting.
 *
 * A call that carries an idempotency key goes through the dedup table first (idempotency.ts):
 * a completed key replays its stored answer, a key still running is refused (409), the same key
 * with another body is rejected (422); otherwise the key is recorded in flight and the call
 * queued. The effect and the key's completed entry are one disk write, so a crash leaves both
 * or neither; whether the table is on that disk at all is the "persist dedup table" setting
 * (CURRICULUM L15 step 3). The reply leaves in a second step, right after: the moment "after
 * the side effect, before the reply" that a crash point (or any crash) can fall into.
 *
 * Sources: Birrell & Nelson, TOCS 1984; Stripe, "Idempotent requests"; Google SRE book ch. 21–22
 * (load shedding).
 */
import type { Json, NodeContext, NodeId, Protocol } from '../../protocol';
import { applyOp } from './accounts';
import { admit, bodyHash, complete, expireEntries, recoverTable } from './idempotency';
import { effectAtMostOnce } from './ledger-check';
import {
  addNote,
  bodyOf,
  opWords,
  type CallMessage,
  type ReplyMessage,
  type RpcMessage,
} from './messages';
import {
  INITIAL_BALANCE,
  INITIAL_VERSION,
  readServerOptions,
  SERVER_ACTIONS,
  SERVER_DEFAULTS,
  type ServerOptions,
} from './server-options';
import type {
  Account,
  Job,
  LedgerEntry,
  ServerPersisted,
  ServerSeen,
  ServerState,
  ServerView,
} from './server-types';

type Ctx = NodeContext<RpcMessage, ServerPersisted>;

function save(s: ServerState, ctx: Ctx): void {
  ctx.persist({
    accounts: s.accounts,
    ledger: s.ledger,
    table: s.options.persistDedup ? s.table : null,
  });
}

const accountOf = (s: ServerState, name: string): Account =>
  (s.accounts[name] ??= { balance: INITIAL_BALANCE, version: INITIAL_VERSION });

function boot(ctx: Ctx, options: ServerOptions, disk: ServerPersisted | null): ServerState {
  const s: ServerState = {
    options,
    accounts: disk ? structuredCopy(disk.accounts) : {},
    ledger: disk ? [...disk.ledger] : [],
    table: disk?.table ? recoverTable(disk.table, ctx.now()) : {},
    queue: [],
    workers: Array.from({ length: options.workers }, () => null),
    armed: { slowNext: false, crashBefore: false, crashAfter: false },
    notes: [],
    noteSeq: 0,
    answered: 0,
    shed: 0,
    replayed: 0,
  };
  if (disk)
    ctx.log(
      `recovered ${s.ledger.length} ledger entries and ${Object.keys(s.table).length} dedup keys${options.persistDedup ? '' : ' (the dedup table was in memory only)'}`,
      null,
      { kind: 'server-recovered', ledger: s.ledger.length, dedupKeys: Object.keys(s.table).length },
    );
  return s;
}

const structuredCopy = (a: Record<string, Account>): Record<string, Account> =>
  Object.fromEntries(Object.entries(a).map(([k, v]) => [k, { ...v }]));

function send(s: ServerState, to: NodeId, reply: ReplyMessage, noop: boolean, ctx: Ctx): void {
  ctx.send(to, reply);
  s.answered++;
  addNote(s, {
    k: 'reply',
    call: reply.call,
    t: ctx.now(),
    status: reply.status,
    reason: reply.reason,
    noop,
  });
}

/** A reply with no effect behind it (refused or replayed), sent at once. */
function answerNow(
  s: ServerState,
  from: NodeId,
  m: CallMessage,
  status: ReplyMessage['status'],
  reason: string | null,
  response: string,
  ctx: Ctx,
): void {
  const acct = accountOf(s, m.op.account);
  send(
    s,
    from,
    {
      type: 'Reply',
      call: m.call,
      req: m.req,
      attempt: m.attempt,
      status,
      reason,
      response,
      replayed: false,
      balance: acct.balance,
      version: acct.version,
    },
    false,
    ctx,
  );
}

/** The stored answer of a completed key, replayed verbatim (the reply's fields as JSON). */
function replay(s: ServerState, from: NodeId, m: CallMessage, stored: string, ctx: Ctx): void {
  const r = JSON.parse(stored) as Omit<ReplyMessage, 'type' | 'call' | 'req' | 'attempt'>;
  s.replayed++;
  ctx.log(`replayed the stored answer for key ${m.key ?? ''} (${m.call})`, null, {
    kind: 'dedup_hit',
    key: m.key ?? '',
    call: m.call,
    req: m.req,
  });
  send(
    s,
    from,
    { ...r, type: 'Reply', call: m.call, req: m.req, attempt: m.attempt, replayed: true },
    false,
    ctx,
  );
}

/** Service time of the job a worker takes now. */
function serviceTime(s: ServerState, ctx: Ctx): number {
  const o = s.options;
  if (s.armed.slowNext) {
    s.armed.slowNext = false;
    return o.slowCallMs;
  }
  const now = ctx.now();
  const slowed = o.slowFromMs !== null && now >= o.slowFromMs && now < o.slowFromMs + o.slowForMs;
  return slowed ? o.serviceMs * o.slowFactor : o.serviceMs;
}

/** Idle workers take the next queued calls. */
function dispatch(s: ServerState, ctx: Ctx): void {
  for (let i = 0; i < s.workers.length && s.queue.length > 0; i++) {
    if (s.workers[i] !== null) continue;
    const job = s.queue.shift() as Job;
    s.workers[i] = job;
    const ms = serviceTime(s, ctx);
    ctx.setTimer(`work:${i}`, ms);
    if (ms !== s.options.serviceMs)
      ctx.log(`serves ${job.call.call} slowly: ${ms} ms`, null, {
        kind: 'slow-call',
        call: job.call.call,
        ms,
      });
  }
}

/** The worker's effect step: charge (or set), write ledger and key in one go, then reply next. */
function effectStep(s: ServerState, i: number, ctx: Ctx): void {
  const job = s.workers[i];
  if (!job) return;
  if (s.armed.crashBefore) {
    ctx.crashPoint('before the charge');
    return;
  }
  const m = job.call;
  const op = m.op;
  const acct = accountOf(s, op.account);
  const now = ctx.now();
  const { status, reason, applied, noop, response } = applyOp(acct, op);
  job.noop = noop;
  job.reply = {
    type: 'Reply',
    call: m.call,
    req: m.req,
    attempt: m.attempt,
    status,
    reason,
    response,
    replayed: false,
    balance: acct.balance,
    version: acct.version,
  };
  if (applied) {
    const entry: LedgerEntry = {
      entry: s.ledger.length + 1,
      call: m.call,
      req: m.req,
      attempt: m.attempt,
      key: m.key,
      account: op.account,
      amount: op.kind === 'withdraw' ? op.amount : op.balance,
      at: now,
    };
    s.ledger.push(entry);
    addNote(s, {
      k: 'effect',
      call: m.call,
      t: now,
      account: entry.account,
      amount: entry.amount,
      entry: entry.entry,
    });
    ctx.log(`${opWords(op)}: ${op.account} now ${acct.balance} (${m.call})`, null, {
      kind: 'charged',
      call: m.call,
      req: m.req,
      account: op.account,
      amount: entry.amount,
      balance: acct.balance,
    });
  }
  const entry = m.key === null ? undefined : s.table[m.key];
  if (m.key !== null && entry) {
    if (s.options.broken === 'forget-completed') delete s.table[m.key];
    else {
      const { type: _t, call: _c, req: _r, attempt: _a, ...stored } = job.reply;
      s.table[m.key] = complete(entry, JSON.stringify(stored), now, s.options.dedupTtlMs);
    }
  }
  save(s, ctx);
  ctx.setTimer(`reply:${i}`, 0);
}

/** The worker's reply step: the answer leaves, the worker takes the next call. */
function replyStep(s: ServerState, i: number, ctx: Ctx): void {
  const job = s.workers[i];
  if (!job?.reply) return;
  if (s.armed.crashAfter) {
    ctx.crashPoint('after the charge, before the reply');
    return;
  }
  send(s, job.from, job.reply, job.noop, ctx);
  s.workers[i] = null;
  dispatch(s, ctx);
}

function onCall(s: ServerState, from: NodeId, m: CallMessage, ctx: Ctx): void {
  const now = ctx.now();
  addNote(s, { k: 'arrive', call: m.call, t: now });
  const busy = s.workers.every((w) => w !== null);
  if (s.options.shedding && busy && s.queue.length >= s.options.queueLimit) {
    s.shed++;
    addNote(s, { k: 'shed', call: m.call, t: now });
    answerNow(s, from, m, 'refused', 'shed', 'refused: overloaded (503), try later', ctx);
    return;
  }
  if (m.key !== null) {
    const adm = admit(s.table[m.key], bodyHash(bodyOf(m.op)), now);
    expireEntries(s.table, now);
    addNote(s, { k: 'admit', call: m.call, t: now, adm: adm.kind });
    if (adm.kind === 'replay') return replay(s, from, m, adm.response, ctx);
    if (adm.kind === 'in-flight') {
      ctx.log(`refused ${m.call}: key ${m.key} is still in flight (409)`, null, {
        kind: 'dedup-in-flight',
        key: m.key,
        call: m.call,
      });
      return answerNow(
        s,
        from,
        m,
        'refused',
        'in-flight',
        'refused: in flight (409), retry later',
        ctx,
      );
    }
    if (adm.kind === 'mismatch') {
      ctx.log(`rejected ${m.call}: key ${m.key} was used with another body (422)`, null, {
        kind: 'dedup-mismatch',
        key: m.key,
        call: m.call,
      });
      return answerNow(
        s,
        from,
        m,
        'error',
        'mismatch',
        'error: key reused with another body (422)',
        ctx,
      );
    }
    s.table[m.key] = { state: 'in-flight', bodyHash: bodyHash(bodyOf(m.op)), since: now };
    if (adm.expiredEntry)
      ctx.log(`key ${m.key} had expired: runs ${m.call} again`, null, {
        kind: 'dedup-expired',
        key: m.key,
        call: m.call,
      });
    if (s.options.persistDedup) save(s, ctx);
  } else addNote(s, { k: 'admit', call: m.call, t: now, adm: 'none' });
  s.queue.push({ from, call: m, reply: null, noop: false });
  dispatch(s, ctx);
}

const seen = (s: ServerState): ServerSeen => ({
  role: 'server',
  notes: s.notes.slice(),
  workers: s.workers.length,
  busy: s.workers.filter((w) => w !== null).length,
  queued: s.queue.length,
  dedupEntries: Object.keys(s.table).length,
  persistDedup: s.options.persistDedup,
  dedupTtlMs: s.options.dedupTtlMs,
  // A copy: the observation must not change when the live accounts do.
  accounts: Object.fromEntries(Object.entries(s.accounts).map(([k, a]) => [k, { ...a }])),
});

const ARMED_WORDS: Record<keyof ServerState['armed'], string> = {
  slowNext: 'next call slow',
  crashBefore: 'crash before the next charge',
  crashAfter: 'crash after the next charge',
};

/** The payment server protocol (`rpc-server`). */
export const rpcServer: Protocol<
  ServerState,
  RpcMessage,
  ServerPersisted,
  ServerOptions,
  ServerView
> = {
  id: 'rpc-server',
  title: 'Payment server',
  defaultOptions: SERVER_DEFAULTS,
  actions: SERVER_ACTIONS,
  init: (ctx, options) => boot(ctx, readServerOptions(options), null),
  recover: (ctx, options, disk) => boot(ctx, readServerOptions(options), disk),
  onMessage(s, from, m, ctx) {
    if (m.type === 'Call') onCall(s, from, m, ctx);
  },
  onTimer(s, name, ctx) {
    const [step, n] = name.split(':');
    const i = Number(n);
    if (step === 'work') effectStep(s, i, ctx);
    else if (step === 'reply') replyStep(s, i, ctx);
  },
  onAction(s, action, ctx) {
    const key =
      action.id === 'slow-next'
        ? 'slowNext'
        : action.id === 'crash-before-effect'
          ? 'crashBefore'
          : action.id === 'crash-after-effect'
            ? 'crashAfter'
            : null;
    if (key === null) return;
    s.armed[key] = true;
    ctx.log(`armed: ${ARMED_WORDS[key]}`, null, { kind: 'armed', fault: action.id });
  },
  view: (s) => {
    const busy = s.workers.filter((w) => w !== null).length;
    const armed = (Object.keys(s.armed) as (keyof ServerState['armed'])[])
      .filter((k) => s.armed[k])
      .map((k) => ARMED_WORDS[k]);
    const first = Object.entries(s.accounts)[0];
    return {
      role: 'server',
      summary: `${busy}/${s.workers.length} busy, ${s.queue.length} queued${first ? ` · ${first[0]} ${first[1].balance}` : ''}`,
      accounts: s.accounts,
      busy,
      workers: s.workers.length,
      queued: s.queue.length,
      ledgerEntries: s.ledger.length,
      dedupEntries: Object.keys(s.table).length,
      persistDedup: s.options.persistDedup,
      armed,
    };
  },
  observe: (s) => seen(s) as unknown as Json,
  invariants: [effectAtMostOnce],
  messageSize: (m) => (m.type === 'Call' ? 96 : 128),
};
