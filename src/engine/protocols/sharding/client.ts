/**
 * A client of the sharded store: it routes each operation itself, one at a time —
 * - range and hash: by its copy of the routing map, which it replaces whenever a server
 *   answers "moved" with a newer one (a stale map costs one extra hop);
 * - directory: by the blocks it has looked up at the directory node and cached; a miss asks
 *   the directory first, and if the directory does not answer the operation fails with a
 *   routing failure (the single point of failure); a stale cache entry is corrected by the
 *   server's "moved".
 * "wait" (the key is on its way to that server) is retried shortly. Every read and write is
 * recorded as Jepsen does (history.ts): a write refused ("moved", "wait") was not applied, so
 * it is resent under the same op id; one that went unanswered is info. Range scans (lo…hi)
 * ask every server whose part of the map overlaps the range (the fan-out, published for the
 * shard map); scans are multi-key reads and are not part of the checked history.
 */ import { clientHistory, noStaleRead } from '../../check/stale-read';
import type { HistoryOp, Json, NodeId, Protocol } from '../../protocol';
import { normalise, subtract } from './intervals';
import type { ShardMessage } from './messages';
import { shardInvariants } from './observer';
import { readShardOptions, type ShardOptions } from './options';
import { isNewer, membersOf } from './rule';
import { nextKey } from './workload';
import {
  cached,
  describe,
  dispatch,
  expiryFrom,
  isDirectory,
  liveRoutes,
  MAX_HOPS,
  plan,
  remember,
  RETRY_MS,
  SHARD_CLIENT_ACTIONS,
  type Ctx,
  type Pending,
  type ShardClientDisk,
  type ShardClientState,
  type ShardClientView,
} from './client-state';

export { MAX_HOPS, RETRY_MS, SHARD_CLIENT_ACTIONS } from './client-state';
export type {
  ScanResult,
  ShardClientDisk,
  ShardClientState,
  ShardClientView,
} from './client-state';

/**
 * Start an operation. One is in flight at a time: a learner's request (`asked`) made while the
 * workload's operation is in flight waits its turn (queued) rather than being dropped — with
 * the workload running, a client is busy most of the time, so "try again" would mean "click
 * until lucky"; the workload's own draws simply skip a turn.
 */
function begin(
  s: ShardClientState,
  fn: Pending['fn'],
  key: number,
  hi: number,
  ctx: Ctx,
  asked = false,
): void {
  if (s.pending) {
    if (!asked) return;
    s.queued = { fn, key, hi };
    ctx.log(
      `will ${describe({ fn, key, hi, value: null })} after ${describe(s.pending)}: one operation at a time`,
    );
    return;
  }
  const K = s.options.keySpace;
  if (!Number.isInteger(key) || key < 0 || key >= K || (fn === 'scan' && !(hi > key && hi <= K))) {
    ctx.log(
      `cannot ${fn}${Number.isFinite(key) ? ` ${key}` : ''}: keys are whole numbers from 0 to ${K - 1}`,
    );
    return;
  }
  s.seq++;
  ctx.persist({ seq: s.seq, workload: s.workload });
  const opId = `${ctx.id}:${s.seq}`;
  const value = fn === 'write' ? `${ctx.id}.${s.seq}` : null;
  s.pending = {
    opId,
    fn,
    key,
    value,
    hi,
    target: null,
    hops: 0,
    stage: 'request',
    waiting: [],
    touched: 0,
    rows: 0,
    covered: [],
  };
  if (fn !== 'scan') {
    const op: HistoryOp = {
      phase: 'invoke',
      opId,
      fn,
      key: String(key),
      ...(value ? { value } : {}),
    };
    ctx.record(op);
  }
  dispatch(s, ctx);
}

/** End the operation in flight, then start the one the learner queued behind it, if any. */
function finish(
  s: ShardClientState,
  outcome: 'ok' | 'fail' | 'info',
  read: string | null,
  result: string,
  ctx: Ctx,
): void {
  conclude(s, outcome, read, result, ctx);
  const q = s.queued;
  if (q && !s.pending) {
    s.queued = null;
    begin(s, q.fn, q.key, q.hi, ctx);
  }
}

function conclude(
  s: ShardClientState,
  outcome: 'ok' | 'fail' | 'info',
  read: string | null,
  result: string,
  ctx: Ctx,
): void {
  const p = s.pending;
  if (!p) return;
  ctx.cancelTimer('timeout');
  ctx.cancelTimer('retry');
  s.pending = null;
  s.lastResult = `${describe(p)} → ${result}`;
  if (outcome === 'ok') s.completed++;
  else if (outcome === 'fail') s.failed++;
  else s.unknown++;
  if (p.fn === 'scan') {
    const complete = subtract([[p.key, p.hi]], normalise(p.covered)).length === 0;
    s.scans++;
    s.lastScan = { lo: p.key, hi: p.hi, touched: p.touched, rows: p.rows, complete };
    ctx.log(
      `scanned ${p.key}…${p.hi - 1}: asked ${p.touched} servers, ${p.rows} rows${complete ? '' : ' (incomplete)'}`,
      null,
      {
        kind: 'scan',
        lo: p.key,
        hi: p.hi,
        touched: p.touched,
        rows: p.rows,
        complete,
      },
    );
    return;
  }
  const key = String(p.key);
  s.recorded++;
  ctx.record({
    phase: outcome,
    opId: p.opId,
    fn: p.fn,
    key,
    ...(outcome !== 'ok' ? {} : { value: p.fn === 'write' ? p.value : read }),
  });
  s.last = {
    id: p.opId,
    fn: p.fn,
    key,
    value: p.fn === 'write' ? p.value : outcome === 'ok' ? read : null,
    outcome,
  };
}

function onReply(
  s: ShardClientState,
  from: NodeId,
  m: Extract<ShardMessage, { type: 'Reply' }>,
  ctx: Ctx,
): void {
  const p = s.pending;
  if (!p || p.fn === 'scan' || m.op !== p.opId || p.stage !== 'request' || from !== p.target)
    return;
  if (m.ok) {
    finish(s, 'ok', m.value, p.fn === 'read' ? (m.value ?? 'nil') : 'ok', ctx);
    return;
  }
  ctx.cancelTimer('timeout');
  if (++p.hops > MAX_HOPS) {
    finish(s, 'fail', null, `failed (gave up after ${MAX_HOPS} redirects)`, ctx);
    return;
  }
  if (m.wait) {
    p.stage = 'wait';
    ctx.setTimer('retry', RETRY_MS);
    return;
  }
  s.redirects++;
  if (m.rule && !isDirectory(s) && isNewer(m.rule, s.rule)) s.rule = m.rule;
  const owner = m.owner;
  if (isDirectory(s) && owner) {
    // The correction is as good as the entry it corrects: it keeps that entry's expiry.
    const e = liveRoutes(s, ctx.now()).find((x) => p.key >= x.lo && p.key < x.hi);
    if (e) remember(s, [{ ...e, owner }], ctx.now(), e.expires);
  }
  ctx.log(`${from} answered "moved" for ${describe(p)}: ${owner ?? 'nobody'} has it now`, null, {
    kind: 'moved',
    from,
    to: owner,
    key: p.key,
  });
  p.target = owner && s.options.servers.includes(owner) ? owner : null;
  dispatch(s, ctx);
}

function onTimeout(s: ShardClientState, ctx: Ctx): void {
  const p = s.pending;
  if (!p) return;
  if (p.stage === 'lookup') {
    s.routingFailures++;
    ctx.log(
      `could not route ${describe(p)}: the directory ${s.options.directory ?? ''} did not answer`,
      null,
      {
        kind: 'routing-failure',
        key: p.key,
      },
    );
    finish(s, 'fail', null, 'failed (no route: the directory did not answer)', ctx);
  } else if (p.fn === 'scan')
    finish(s, 'ok', null, `${p.rows} rows (some servers did not answer)`, ctx);
  else if (p.fn === 'write') finish(s, 'info', null, 'unknown (no answer)', ctx);
  else finish(s, 'fail', null, 'failed (no answer)', ctx);
}

function randomOp(s: ShardClientState, ctx: Ctx): void {
  const o = s.options;
  if (ctx.random() < o.scanRatio) {
    const lo = Math.floor(ctx.random() * Math.max(1, o.keySpace - o.scanWidth));
    begin(s, 'scan', lo, Math.min(o.keySpace, lo + o.scanWidth), ctx);
    return;
  }
  const isRead = ctx.random() < o.readRatio;
  const key = nextKey(o.workload, o.keySpace, ctx.random(), ctx.now(), isRead);
  begin(s, isRead ? 'read' : 'write', key, key + 1, ctx);
}

function boot(ctx: Ctx, raw: unknown, disk: ShardClientDisk | null): ShardClientState {
  const options = readShardOptions(raw);
  const workload = disk?.workload ?? (options.loadEveryMs > 0 && options.autostart);
  if (workload && options.loadEveryMs > 0)
    ctx.setTimer('load', options.loadEveryMs * (0.5 + ctx.random()));
  return {
    options,
    seq: disk?.seq ?? 0,
    workload,
    rule: options.rule,
    cache: [],
    pending: null,
    queued: null,
    completed: 0,
    failed: 0,
    unknown: 0,
    recorded: 0,
    scans: 0,
    routingFailures: 0,
    redirects: 0,
    lastScan: null,
    last: null,
    lastResult: null,
  };
}

const argInt = (args: Json | undefined, name: string): number => {
  const v = (args as Record<string, Json> | null)?.[name];
  return typeof v === 'number'
    ? v
    : typeof v === 'string' && v.trim() !== ''
      ? Number(v)
      : Number.NaN;
};

export const shardClient: Protocol<
  ShardClientState,
  ShardMessage,
  ShardClientDisk,
  ShardOptions,
  ShardClientView
> = {
  id: 'shard-client',
  title: 'Sharded-store client',
  defaultOptions: readShardOptions({}),
  actions: SHARD_CLIENT_ACTIONS,
  init: (ctx, raw) => boot(ctx, raw, null),
  recover: (ctx, raw, disk) => boot(ctx, raw, disk ?? null),
  onMessage(s, from, m, ctx) {
    const p = s.pending;
    if (m.type === 'Reply') onReply(s, from, m, ctx);
    else if (m.type === 'Where' && p && m.op === p.opId && p.stage === 'lookup') {
      ctx.cancelTimer('timeout');
      const now = ctx.now();
      remember(s, m.entries, now, expiryFrom(s, now));
      // Still nothing for the key (an empty answer): give up rather than ask again forever.
      if (p.fn !== 'scan' && !cached(s, p.key, now))
        finish(s, 'fail', null, 'failed (the directory had no entry)', ctx);
      else if (p.fn === 'scan' && !plan(s, p.key, p.hi, now))
        finish(s, 'ok', null, 'no rows (the directory had no entry)', ctx);
      else dispatch(s, ctx);
    } else if (
      m.type === 'ScanReply' &&
      p &&
      p.fn === 'scan' &&
      m.op === p.opId &&
      p.waiting.includes(from)
    ) {
      p.waiting = p.waiting.filter((n) => n !== from);
      p.rows += m.entries.length;
      p.covered = normalise([...p.covered, ...m.covered]);
      if (!p.waiting.length) finish(s, 'ok', null, `${p.rows} rows from ${p.touched} servers`, ctx);
    }
  },
  onTimer(s, name, ctx) {
    if (name === 'timeout') onTimeout(s, ctx);
    else if (name === 'retry' && s.pending?.stage === 'wait') dispatch(s, ctx);
    else if (name === 'load' && s.workload) {
      if (!s.pending) randomOp(s, ctx);
      ctx.setTimer('load', s.options.loadEveryMs || 100);
    }
  },
  onAction(s, action, ctx) {
    switch (action.id) {
      case 'workload-on':
      case 'workload-off': {
        const on = action.id === 'workload-on';
        if (s.workload === on) return;
        s.workload = on;
        ctx.persist({ seq: s.seq, workload: on });
        if (on) ctx.setTimer('load', (s.options.loadEveryMs || 100) * (0.5 + ctx.random()));
        else ctx.cancelTimer('load');
        ctx.log(on ? 'started its workload' : 'stopped its workload');
        return;
      }
      case 'read':
      case 'write': {
        const k = argInt(action.args, 'key');
        begin(s, action.id, k, k + 1, ctx, true);
        return;
      }
      case 'scan':
        begin(s, 'scan', argInt(action.args, 'from'), argInt(action.args, 'to'), ctx, true);
        return;
      default:
        ctx.log(`has no action ${action.id}`);
    }
  },
  view: (s) => ({
    role: 'client',
    summary: s.pending ? `waiting: ${describe(s.pending)}` : `${s.completed} done`,
    pending: s.pending
      ? `${describe(s.pending)}${s.pending.target ? ` → ${s.pending.target}` : ''}`
      : null,
    lastResult: s.lastResult,
    completed: s.completed,
    failed: s.failed,
    unknown: s.unknown,
    routingFailures: s.routingFailures,
    redirects: s.redirects,
    workload: s.workload,
    lastScan: s.lastScan,
    cached: s.cache.length,
  }),
  observe: (s) => {
    const p = s.pending;
    const history = clientHistory({
      pending:
        p && p.fn !== 'scan' ? { id: p.opId, fn: p.fn, key: String(p.key), value: p.value } : null,
      done: s.recorded,
      last: s.last,
    }) as Record<string, Json>;
    return {
      ...history,
      shardClient: {
        routingFailures: s.routingFailures,
        scan: s.lastScan as unknown as Json,
        scans: s.scans,
        members: membersOf(s.rule).length,
      },
    };
  },
  invariants: [noStaleRead, ...shardInvariants],
  messageSize: () => 48,
};
