/**
 * A shard server: it holds the keys it owns (persisted: a crash loses nothing it
 * acknowledged), answers clients' reads, writes and scans for them, and answers "moved" (with
 * its map) for keys it does not own, or "wait" for keys on their way to it.
 *
 * Rebalancing is desired state: a new rule (rule.ts, made by one of the actions) spreads to
 * every server and the directory; each server then moves the keys it owns but should not to
 * their new owner, one move per target, in three phases (Spanner §2.1's directory moves;
 * MongoDB's chunk migration works the same way):
 * 1. copy — the keys go over in chunks, an ordered log (seq from 1), at most WINDOW
 *    unacknowledged; the source keeps serving them meanwhile;
 * 2. catch-up — every write the source accepts for a moving key joins the log after it
 *    answers, so the target replays it;
 * 3. cut-over — only once the target has acknowledged the whole log (it persists before it
 *    acknowledges) does the source give the keys up (it answers "moved" from then on) and tell
 *    the target to take them; the target serves them only then. Between the two, nobody
 *    serves them: clients are told to wait, so a key never has two owners.
 * A source that crashes during copy or catch-up still owns the keys (the move is aborted and
 * started again); one that crashes after cut-over resends the commit when it restarts.
 * The broken variant `cutover-before-catchup` copies a snapshot taken at the start, replays
 * no writes, and cuts over once the snapshot is acknowledged: a write acknowledged during the
 * copy is lost.
 */
import type { NodeId, Protocol, ProtocolAction } from '../../protocol';
import { shardInvariants } from './observer';
import { contains, intersect } from './intervals';
import type { ShardMessage } from './messages';
import { readShardOptions, type ShardOptions } from './options';
import { addServer, moveSlice, removeServer, splitAt, type Change } from './rebalance';
import { assignmentOf, membersOf, ownerOf, slicesOf } from './rule';
import type { ShardSlice } from './summary';
import { readMoveArgs, readSplitArgs, SHARD_SERVER_ACTIONS } from './server-actions';
import {
  adopt,
  append,
  finish,
  onCommit,
  onMoveItem,
  pump,
  reconcile,
  sendEntry,
  spreadRule,
} from './moves';
import {
  bytesOf,
  isActive,
  keysIn,
  persist,
  TICK_MS,
  type Ctx,
  type ShardServerDisk,
  type ShardServerState,
  type ShardServerView,
} from './server-state';

export { CHUNK, TICK_MS, WINDOW } from './server-state';
export type { ShardServerDisk, ShardServerState, ShardServerView } from './server-state';

function reply(
  s: ShardServerState,
  to: NodeId,
  op: string,
  key: number,
  ok: boolean,
  value: string | null,
  ctx: Ctx,
): void {
  if (ok) {
    s.answered++;
    s.served = key;
    ctx.send(to, { type: 'Reply', op, ok, value, owner: s.me, wait: false, rule: null });
    return;
  }
  const owner = ownerOf(s.rule, key);
  const isComing = owner === s.me || Object.values(s.incoming).some((i) => contains(i.keys, key));
  if (!isComing) s.movedAnswers++;
  ctx.send(to, {
    type: 'Reply',
    op,
    ok: false,
    value: null,
    owner: isComing ? s.me : owner,
    wait: isComing,
    rule: isComing ? null : s.rule,
  });
}

function onClient(
  s: ShardServerState,
  from: NodeId,
  m: Extract<ShardMessage, { type: 'Get' | 'Put' | 'Scan' }>,
  ctx: Ctx,
): void {
  if (m.type === 'Scan') {
    const covered = intersect(m.parts, s.owns);
    const entries = keysIn(s, covered).map((k) => [k, s.data[String(k)] ?? ''] as const);
    s.answered++;
    s.served = covered[0]?.[0] ?? null;
    s.servedScan = true;
    ctx.send(from, { type: 'ScanReply', op: m.op, entries, covered });
    return;
  }
  if (!Number.isInteger(m.key) || !contains(s.owns, m.key)) {
    reply(s, from, m.op, m.key, false, null, ctx);
    return;
  }
  if (m.type === 'Get') {
    reply(s, from, m.op, m.key, true, s.data[String(m.key)] ?? null, ctx);
    return;
  }
  s.data[String(m.key)] = m.value;
  persist(s, ctx);
  reply(s, from, m.op, m.key, true, m.value, ctx);
  // Catch-up: the target replays every write the source accepts while the keys move.
  if (s.options.broken === 'cutover-before-catchup') return;
  for (const mv of s.outgoing)
    if (isActive(mv) && contains(mv.keys, m.key)) {
      mv.bytesMoved += bytesOf(m.key, m.value);
      append(mv, { kind: 'write', key: m.key, value: m.value }, ctx);
      pump(s, mv, ctx);
    }
}

function onMessage(s: ShardServerState, from: NodeId, m: ShardMessage, ctx: Ctx): void {
  switch (m.type) {
    case 'Get':
    case 'Put':
    case 'Scan':
      onClient(s, from, m, ctx);
      return;
    case 'MapUpdate':
      adopt(s, m.rule, ctx, 'update');
      ctx.send(from, { type: 'MapAck', version: m.rule.version, by: m.rule.by });
      return;
    case 'MapAck':
      if (m.version === s.rule.version && m.by === s.rule.by)
        s.spread = s.spread.filter((n) => n !== from);
      return;
    case 'MoveItem':
      onMoveItem(s, from, m, ctx);
      return;
    case 'MoveCommit':
      onCommit(s, from, m, ctx);
      return;
    case 'MoveAck': {
      const mv = s.outgoing.find((x) => x.id === m.move);
      if (!mv || !isActive(mv)) return;
      mv.log = mv.log.filter((i) => i.seq > m.upTo);
      pump(s, mv, ctx);
      return;
    }
    case 'MoveDone': {
      const mv = s.outgoing.find((x) => x.id === m.move);
      if (!mv || mv.phase !== 'cut-over') return;
      finish(s, mv, 'done');
      persist(s, ctx);
      ctx.log(`finished moving ${mv.keysMoved} keys to ${mv.to}`, null, {
        kind: 'move-done',
        move: mv.id,
        to: mv.to,
      });
      return;
    }
    case 'MoveAbort':
      if (s.incoming[m.move]) {
        delete s.incoming[m.move];
        persist(s, ctx);
      }
      return;
    default:
      return; // replies meant for clients or the directory
  }
}

function tick(s: ShardServerState, ctx: Ctx): void {
  spreadRule(s, ctx);
  for (const m of s.outgoing) {
    if (m.phase === 'cut-over') ctx.send(m.to, { type: 'MoveCommit', move: m.id, upTo: m.upTo });
    else for (const item of m.log) sendEntry(m, item, ctx);
  }
  s.ticking = false;
  keepTicking(s, ctx);
}

/** Arm the retransmission tick while there is something to retransmit (idle servers sleep). */
function keepTicking(s: ShardServerState, ctx: Ctx): void {
  if (s.ticking || (!s.spread.length && !s.outgoing.length)) return;
  s.ticking = true;
  ctx.setTimer('tick', TICK_MS);
}

function rebalance(s: ShardServerState, action: ProtocolAction, ctx: Ctx): void {
  let change: Change;
  const spare = s.options.servers.find((n) => !membersOf(s.rule).includes(n)) ?? null;
  switch (action.id) {
    case 'add-server':
      change = addServer(s.rule, s.me);
      break;
    case 'remove-server':
      change = removeServer(s.rule, s.me, s.me);
      break;
    case 'split-range': {
      const a = readSplitArgs(action.args);
      change =
        typeof a === 'string'
          ? { ok: false, error: a }
          : splitAt(s.rule, a.at, a.to ?? spare, s.me);
      break;
    }
    case 'move-slice': {
      const a = readMoveArgs(action.args);
      change =
        typeof a === 'string'
          ? { ok: false, error: a }
          : !s.options.servers.includes(a.target)
            ? { ok: false, error: `${a.target} is not a shard server` }
            : moveSlice(s.rule, a.lo, a.hi, a.target, s.me);
      break;
    }
    default:
      ctx.log(`has no action ${action.id}`);
      return;
  }
  if (!change.ok) {
    s.lastResult = `cannot ${action.id.replace('-', ' ')}: ${change.error}`;
    ctx.log(s.lastResult);
    return;
  }
  s.lastResult = `${action.id.replace('-', ' ')}: map version ${change.rule.version}`;
  ctx.log(`changed the shard map (${action.id}); version ${change.rule.version}`, 'milestone', {
    kind: 'rebalance',
    action: action.id,
    version: change.rule.version,
  });
  adopt(s, change.rule, ctx);
}

function boot(ctx: Ctx, raw: unknown, disk: ShardServerDisk | null): ShardServerState {
  const options = readShardOptions(raw);
  const me = ctx.id;
  const rule = disk?.rule ?? options.rule;
  const s: ShardServerState = {
    options,
    me,
    boots: (disk?.boots ?? 0) + 1,
    moveSeq: disk?.moveSeq ?? 0,
    rule,
    data: { ...(disk?.data ?? {}) },
    owns: disk?.owns ?? assignmentOf(options.rule, me),
    incoming: Object.fromEntries(
      (disk?.incoming ?? []).map((i) => [i.id, { ...i, data: { ...i.data } }]),
    ),
    outgoing: (disk?.committing ?? []).map((m) => ({ ...m, log: [], todo: [] })),
    finished: [],
    done: [...(disk?.done ?? [])],
    spread: disk
      ? [...options.servers, ...(options.directory ? [options.directory] : [])].filter(
          (n) => n !== me,
        )
      : [],
    answered: 0,
    movedAnswers: 0,
    served: null,
    servedScan: false,
    lastResult: null,
    ticking: false,
  };
  persist(s, ctx);
  if (disk) {
    ctx.log(`restarted (boot ${s.boots}) with its ${Object.keys(s.data).length} keys from disk`);
    reconcile(s, ctx);
  }
  keepTicking(s, ctx);
  return s;
}

/**
 * What a move carries, as the shard map shows it: the bucket under hash (its keys are
 * scattered over the key space), else each key range it moves (a directory move of two
 * blocks is two pieces, not the span between them).
 */
const piecesOf = (m: ShardServerState['outgoing'][number]): ShardSlice[] =>
  m.slice.kind === 'bucket'
    ? [m.slice]
    : m.keys.map(([lo, hi]) => ({ kind: 'range' as const, lo, hi }));

/** What the map gives this server, in a few words (cheap: the stage asks on every frame). */
const describeOwns = (s: ShardServerState): string => {
  const slices = slicesOf(s.rule, s.me);
  if (!slices.length) return 'nothing in the map';
  const words = slices.map((x) =>
    x.kind === 'bucket' ? `bucket ${x.bucket} of ${x.buckets}` : `${x.lo}–${x.hi - 1}`,
  );
  return words.length > 2 ? `${words[0]} … (${words.length} slices)` : words.join(', ');
};

export const shardServer: Protocol<
  ShardServerState,
  ShardMessage,
  ShardServerDisk,
  ShardOptions,
  ShardServerView
> = {
  id: 'shard-server',
  title: 'Shard server',
  defaultOptions: readShardOptions({}),
  actions: SHARD_SERVER_ACTIONS,
  init: (ctx, raw) => boot(ctx, raw, null),
  recover: (ctx, raw, disk) => boot(ctx, raw, disk ?? null),
  onMessage(s, from, m, ctx) {
    s.served = null;
    s.servedScan = false;
    onMessage(s, from, m, ctx);
    keepTicking(s, ctx);
  },
  onTimer(s, name, ctx) {
    s.served = null;
    s.servedScan = false;
    if (name === 'tick') tick(s, ctx);
    keepTicking(s, ctx);
  },
  onAction(s, action, ctx) {
    s.served = null;
    s.servedScan = false;
    rebalance(s, action, ctx);
    keepTicking(s, ctx);
  },
  view(s) {
    const isMember = membersOf(s.rule).includes(s.me);
    const keys = Object.keys(s.data).length;
    return {
      role: isMember ? 'shard' : 'spare',
      ...(isMember ? {} : { standing: keys ? 'leaving' : 'spare' }),
      summary: `${keys} keys · ${describeOwns(s)}`,
      keys,
      store: s.data,
      owns: s.owns,
      ruleVersion: s.rule.version,
      moves: s.outgoing.map((m) => `${m.phase} → ${m.to} (${m.keysMoved} keys)`),
    };
  },
  observe: (s) =>
    ({
      shard: {
        p: s.options.partitioning,
        w: s.options.workload,
        K: s.options.keySpace,
        dir: s.options.directory,
        rule: s.rule,
        keys: Object.keys(s.data).length,
        answered: s.answered,
        moved: s.movedAnswers,
        served: s.served,
        scan: s.servedScan,
        moves: [...s.outgoing, ...s.finished].map((m) => ({
          id: m.id,
          to: m.to,
          v: m.version,
          slice: m.slice,
          phase: m.phase,
          keys: m.keysMoved,
          bytes: m.bytesMoved,
          pieces: piecesOf(m),
        })),
      },
    }) as unknown as import('../../protocol').Json,
  invariants: shardInvariants,
  messageSize(m) {
    if (m.type === 'MoveItem' && m.entry.kind === 'chunk') return 32 + m.entry.entries.length * 16;
    if (m.type === 'ScanReply') return 32 + m.entries.length * 16;
    return 48;
  },
};
