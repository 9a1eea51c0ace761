/**
 * Data moves between shard servers (see server.ts for the protocol): the source's side —
 * start, copy in chunks within a window, replay writes, cut over, finish or abort — and the
 * target's — stage the log in order, persist before acknowledging, take the keys over on
 * commit. Also how a new rule is adopted and spread, since adopting one starts the moves.
 */
import type { NodeId } from '../../protocol';
import { fromKeys, intersect, isEmpty, subtract, union, type Intervals } from './intervals';
import type { MoveEntry, ShardMessage } from './messages';
import { assignmentOf, isNewer, ownerOf, type Rule } from './rule';
import {
  bytesOf,
  CHUNK,
  DONE_KEPT,
  FINISHED_KEPT,
  isActive,
  keysIn,
  persist,
  ver,
  WINDOW,
  type Ctx,
  type Outgoing,
  type ShardServerState,
} from './server-state';
import type { ShardSlice } from './summary';

function sliceOf(rule: Rule, to: NodeId, keys: Intervals): ShardSlice {
  if (rule.kind === 'hash') {
    const bucket = rule.owners.indexOf(to);
    return { kind: 'bucket', bucket: Math.max(0, bucket), buckets: rule.owners.length };
  }
  return { kind: 'range', lo: keys[0]?.[0] ?? 0, hi: keys[keys.length - 1]?.[1] ?? 0 };
}

export function sendEntry(m: Outgoing, item: Outgoing['log'][number], ctx: Ctx): void {
  ctx.send(m.to, { type: 'MoveItem', move: m.id, seq: item.seq, entry: item.entry });
}

export function append(m: Outgoing, entry: MoveEntry, ctx: Ctx): void {
  const item = { seq: m.nextSeq++, entry };
  m.log.push(item);
  sendEntry(m, item, ctx);
}

/** Copy more chunks while the window allows; cut over when everything is acknowledged. */
export function pump(s: ShardServerState, m: Outgoing, ctx: Ctx): void {
  if (!isActive(m)) return;
  while (m.todo.length && m.log.length < WINDOW) {
    const keys = m.todo.splice(0, CHUNK);
    const from = m.snapshot ?? s.data;
    const entries = keys.flatMap((k) => {
      const v = from[String(k)];
      return v === undefined ? [] : [[k, v] as const];
    });
    m.keysMoved += entries.length;
    m.bytesMoved += entries.reduce((n, [k, v]) => n + bytesOf(k, v), 0);
    append(m, { kind: 'chunk', entries }, ctx);
  }
  const copying = m.todo.length > 0 || m.log.some((i) => i.entry.kind !== 'write');
  if (copying) m.phase = 'copy';
  else if (m.log.length) m.phase = 'catch-up';
  // The broken variant does not wait for the replayed writes (there are none to wait for).
  if (!copying && (m.log.length === 0 || s.options.broken === 'cutover-before-catchup'))
    cutOver(s, m, ctx);
}

export function cutOver(s: ShardServerState, m: Outgoing, ctx: Ctx): void {
  m.phase = 'cut-over';
  m.upTo = m.nextSeq - 1;
  m.log = [];
  s.owns = subtract(s.owns, m.keys);
  for (const k of keysIn(s, m.keys)) delete s.data[String(k)];
  persist(s, ctx);
  ctx.send(m.to, { type: 'MoveCommit', move: m.id, upTo: m.upTo });
  ctx.log(`cut over ${m.keysMoved} keys to ${m.to}: answers "moved" for them now`, null, {
    kind: 'cut-over',
    move: m.id,
    to: m.to,
    keys: m.keysMoved,
    set: m.keys.map(([lo, hi]) => [lo, hi]),
  });
}

export function finish(s: ShardServerState, m: Outgoing, phase: 'done' | 'aborted'): void {
  m.phase = phase;
  m.log = [];
  m.todo = [];
  m.snapshot = null;
  s.outgoing = s.outgoing.filter((x) => x !== m);
  s.finished = [...s.finished, m].slice(-FINISHED_KEPT);
}

export function startMove(s: ShardServerState, to: NodeId, keys: Intervals, ctx: Ctx): void {
  s.moveSeq++;
  const todo = keysIn(s, keys);
  const isBroken = s.options.broken === 'cutover-before-catchup';
  const m: Outgoing = {
    id: `${s.me}.${s.boots}.${s.moveSeq}`,
    to,
    keys,
    version: ver(s.rule),
    slice: sliceOf(s.rule, to, keys),
    phase: 'copy',
    log: [],
    nextSeq: 1,
    todo,
    snapshot: isBroken
      ? Object.fromEntries(todo.map((k) => [String(k), s.data[String(k)] ?? '']))
      : null,
    keysMoved: 0,
    bytesMoved: 0,
    upTo: 0,
  };
  s.outgoing.push(m);
  persist(s, ctx);
  ctx.log(`starts moving ${todo.length} keys to ${to}`, null, {
    kind: 'move-started',
    move: m.id,
    to,
    keys: todo.length,
  });
  append(m, { kind: 'start', keys, rule: s.rule }, ctx);
  pump(s, m, ctx);
}

/** Move what this server owns but should not; abort moves the rule no longer wants. */
export function reconcile(s: ShardServerState, ctx: Ctx): void {
  for (const m of s.outgoing.filter(isActive)) {
    const wrong = m.keys.some(([lo, hi]) => {
      for (let k = lo; k < hi; k++) if (ownerOf(s.rule, k) !== m.to) return true;
      return false;
    });
    if (!wrong) continue;
    ctx.send(m.to, { type: 'MoveAbort', move: m.id });
    ctx.log(`aborts its move to ${m.to}: the map changed`);
    finish(s, m, 'aborted');
  }
  let misplaced = subtract(s.owns, assignmentOf(s.rule, s.me));
  for (const m of s.outgoing.filter(isActive)) misplaced = subtract(misplaced, m.keys);
  if (isEmpty(misplaced)) return;
  const byOwner = new Map<NodeId, number[]>();
  for (const [lo, hi] of misplaced)
    for (let k = lo; k < hi; k++) {
      const o = ownerOf(s.rule, k);
      if (!s.options.servers.includes(o) || o === s.me) continue;
      const list = byOwner.get(o) ?? [];
      list.push(k);
      byOwner.set(o, list);
    }
  for (const [to, keys] of byOwner) startMove(s, to, fromKeys(keys), ctx);
}

export function spreadRule(s: ShardServerState, ctx: Ctx): void {
  for (const n of s.spread) ctx.send(n, { type: 'MapUpdate', rule: s.rule });
}

/**
 * Take `rule` if it is newer. Whoever made it, or learned it other than from its maker's
 * MapUpdate (a move's start), spreads it to every server and the directory until each acks;
 * one that got it by MapUpdate leaves that to the sender (n messages per change, not n²).
 * A restarted server spreads its rule again, so a maker that crashed mid-spread still
 * finishes when it returns.
 */
export function adopt(
  s: ShardServerState,
  rule: Rule,
  ctx: Ctx,
  via: 'update' | 'other' = 'other',
): void {
  if (!isNewer(rule, s.rule)) return;
  s.rule = rule;
  s.spread =
    via === 'update'
      ? []
      : [...s.options.servers, ...(s.options.directory ? [s.options.directory] : [])].filter(
          (n) => n !== s.me,
        );
  persist(s, ctx);
  spreadRule(s, ctx);
  reconcile(s, ctx);
}

export function onMoveItem(
  s: ShardServerState,
  from: NodeId,
  m: Extract<ShardMessage, { type: 'MoveItem' }>,
  ctx: Ctx,
): void {
  if (s.done.includes(m.move)) return;
  let staging = s.incoming[m.move];
  if (!staging) {
    if (m.seq !== 1 || m.entry.kind !== 'start') return;
    const keys = m.entry.keys;
    // An older move of the same keys from the same source was abandoned (it restarted).
    for (const old of Object.values(s.incoming))
      if (old.from === from && !isEmpty(intersect(old.keys, keys))) delete s.incoming[old.id];
    staging = { id: m.move, from, keys, next: 2, data: {} };
    s.incoming[m.move] = staging;
    adopt(s, m.entry.rule, ctx);
  } else if (m.seq === staging.next) {
    const e = m.entry;
    if (e.kind === 'chunk') for (const [k, v] of e.entries) staging.data[String(k)] = v;
    else if (e.kind === 'write') staging.data[String(e.key)] = e.value;
    staging.next++;
  }
  persist(s, ctx);
  ctx.send(from, { type: 'MoveAck', move: m.move, upTo: staging.next - 1 });
}

export function onCommit(
  s: ShardServerState,
  from: NodeId,
  m: Extract<ShardMessage, { type: 'MoveCommit' }>,
  ctx: Ctx,
): void {
  const staging = s.incoming[m.move];
  if (!staging) {
    if (s.done.includes(m.move)) ctx.send(from, { type: 'MoveDone', move: m.move });
    return;
  }
  if (staging.next - 1 < m.upTo) return; // cannot happen: the source waits for our ack
  Object.assign(s.data, staging.data);
  s.owns = union(s.owns, staging.keys);
  delete s.incoming[m.move];
  s.done = [...s.done, m.move].slice(-DONE_KEPT);
  persist(s, ctx);
  ctx.send(from, { type: 'MoveDone', move: m.move });
  ctx.log(`took over ${Object.keys(staging.data).length} keys from ${from}`, null, {
    kind: 'took-over',
    move: m.move,
    from,
  });
  reconcile(s, ctx);
}
