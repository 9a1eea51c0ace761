/**
 * The coordinator side of kv-quorum: whichever replica a client asks runs its request —
 * stamps a write's version, asks the key's home replicas (and, with a sloppy quorum,
 * stand-ins), counts acks or answers, replies, and repairs stale replicas after a read.
 * quorum.ts says why the outcome is what it is.
 */
import type { NodeId } from '../../../protocol';
import { standInsFor } from './ring';
import { homeOf, localVersions, save, storeHere, storeLocally, type Ctx } from './quorum-replica';
import type { CoordinatedOp, QuorumMessage, QuorumState } from './quorum-types';
import {
  describeValues,
  holdsAll,
  mergeClocks,
  mergeVersions,
  type Version,
} from './quorum-versions';
import type { KvClientMessage, QuorumTouch } from '../types';

type Msg<T extends QuorumMessage['type']> = Extract<QuorumMessage, { type: T }>;
type Reply = Extract<KvClientMessage, { type: 'KvReply' }>;

const touchOf = (op: CoordinatedOp, ctx: Ctx): QuorumTouch => ({
  op: op.kind,
  key: op.key,
  asked: [...op.asked],
  answered: [...op.answered],
  needed: op.needed,
  at: ctx.now(),
});

function reply(
  s: QuorumState,
  op: CoordinatedOp,
  fields: Pick<Reply, 'ok' | 'values' | 'error'>,
  ctx: Ctx,
) {
  const message: Reply = {
    type: 'KvReply',
    op: op.clientOp,
    ...fields,
    redirect: null,
    session: null,
    touch: touchOf(op, ctx),
  };
  s.clients[op.client] = { op: op.clientOp, reply: message };
  ctx.send(op.client, message);
}

function finish(s: QuorumState, op: CoordinatedOp, ctx: Ctx): void {
  delete s.ops[op.id];
  ctx.cancelTimer(`probe:${op.id}`);
  ctx.cancelTimer(`timeout:${op.id}`);
}

/** Ask one replica (or this node itself) to store the write, or to answer the read. */
function ask(s: QuorumState, op: CoordinatedOp, to: NodeId, hintFor: NodeId | null, ctx: Ctx) {
  if (!op.asked.includes(to)) op.asked.push(to);
  if (to === ctx.id) {
    // This node is one of the replicas asked: no message to itself, the answer is immediate.
    if (op.kind === 'write' && op.version) storeHere(s, op.key, [op.version], hintFor, ctx);
    answered(s, op, ctx.id, localVersions(s, op.key), ctx);
    return;
  }
  if (op.kind === 'write' && op.version)
    ctx.send(to, { type: 'QStore', req: op.id, key: op.key, versions: [op.version], hintFor });
  else ctx.send(to, { type: 'QFetch', req: op.id, key: op.key });
}

function start(s: QuorumState, op: CoordinatedOp, ctx: Ctx): void {
  s.ops[op.id] = op;
  ctx.setTimer(`timeout:${op.id}`, s.options.timeoutMs);
  if (s.options.sloppy) ctx.setTimer(`probe:${op.id}`, s.options.probeMs);
  for (const h of op.home) ask(s, op, h, null, ctx);
}

function newOp(
  s: QuorumState,
  from: NodeId,
  m: KvClientMessage & { type: 'KvGet' | 'KvPut' },
): CoordinatedOp {
  s.seq++;
  const isWrite = m.type === 'KvPut';
  return {
    id: `${s.epoch}.${s.seq}`,
    kind: isWrite ? 'write' : 'read',
    client: from,
    clientOp: m.op,
    key: m.key,
    needed: isWrite ? s.options.w : s.options.r,
    home: homeOf(s, m.key),
    asked: [],
    answered: [],
    standIns: {},
    version: null,
    answers: {},
    replied: false,
    newest: [],
  };
}

export function onClientRequest(
  s: QuorumState,
  from: NodeId,
  m: Msg<'KvGet'> | Msg<'KvPut'>,
  ctx: Ctx,
) {
  const last = s.clients[from];
  if (last && last.op === m.op) {
    // A retry: answer again if we have answered, otherwise the first attempt is still running.
    if (last.reply) ctx.send(from, last.reply);
    return;
  }
  s.clients[from] = { op: m.op, reply: null };
  const op = newOp(s, from, m);
  if (m.type === 'KvPut') {
    // The new version supersedes everything this coordinator has seen of the key, and is
    // concurrent with (a sibling of) anything it has not.
    const seen = mergeClocks(
      s.context[m.key] ?? {},
      ...localVersions(s, m.key).map((v) => v.clock),
    );
    s.counter = Math.max(s.counter, seen[ctx.id] ?? 0) + 1;
    const version: Version = { value: m.value, clock: { ...seen, [ctx.id]: s.counter } };
    s.context[m.key] = version.clock;
    save(s, ctx); // the counter, before any message carries it
    start(s, { ...op, version }, ctx);
  } else start(s, op, ctx);
  const started = s.ops[op.id];
  if (started) checkDone(s, started, ctx);
}

function checkDone(s: QuorumState, op: CoordinatedOp, ctx: Ctx): void {
  if (op.replied || op.answered.length < op.needed) return;
  if (op.kind === 'write') {
    ctx.log(
      `wrote ${op.key} = ${op.version?.value ?? ''}: acked by ${op.answered.join(', ')} (W = ${op.needed})`,
      null,
      {
        kind: 'quorum-write',
        key: op.key,
        asked: [...op.asked],
        acked: [...op.answered],
        needed: op.needed,
        ok: true,
      },
    );
    reply(s, op, { ok: true, values: [], error: null }, ctx);
    finish(s, op, ctx);
    return;
  }
  op.replied = true;
  op.newest = Object.values(op.answers).reduce<Version[]>(
    (acc, vs) => mergeVersions(acc, vs).versions,
    [],
  );
  const values = op.newest.length ? op.newest.map((v) => v.value) : [null];
  ctx.log(
    `read ${describeValues(op.key, op.newest)}: answered by ${op.answered.join(', ')} (R = ${op.needed})`,
    null,
    {
      kind: 'quorum-read',
      key: op.key,
      asked: [...op.asked],
      answered: [...op.answered],
      needed: op.needed,
      values,
    },
  );
  reply(s, op, { ok: true, values, error: null }, ctx);
  for (const n of op.answered) repairIfStale(s, op, n, ctx);
  if (op.answered.length >= op.asked.length) finish(s, op, ctx);
}

/** Read repair: a home replica that answered with less than the newest gets the newest. */
function repairIfStale(s: QuorumState, op: CoordinatedOp, node: NodeId, ctx: Ctx): void {
  if (!s.options.readRepair || !op.home.includes(node) || op.newest.length === 0) return;
  if (holdsAll(op.answers[node] ?? [], op.newest)) return;
  ctx.log(
    `read repair: sent ${describeValues(op.key, op.newest)} to ${node}, which answered with less`,
    null,
    {
      kind: 'read-repair',
      key: op.key,
      to: node,
    },
  );
  if (node === ctx.id) {
    if (storeLocally(s, op.key, op.newest)) save(s, ctx);
  } else ctx.send(node, { type: 'QRepair', key: op.key, versions: op.newest });
}

export function answered(
  s: QuorumState,
  op: CoordinatedOp,
  from: NodeId,
  versions: Version[],
  ctx: Ctx,
) {
  if (!op.asked.includes(from) || op.answered.includes(from)) return;
  op.answered.push(from);
  if (op.kind === 'read') op.answers[from] = versions;
  s.context[op.key] = mergeClocks(s.context[op.key] ?? {}, ...versions.map((v) => v.clock));
  if (op.replied) {
    repairIfStale(s, op, from, ctx);
    if (op.answered.length >= op.asked.length) finish(s, op, ctx);
  } else checkDone(s, op, ctx);
}

export function onStoreAck(s: QuorumState, from: NodeId, m: Msg<'QStoreAck'>, ctx: Ctx): void {
  s.context[m.key] = mergeClocks(s.context[m.key] ?? {}, m.clock);
  const op = s.ops[m.req];
  if (op && op.kind === 'write') answered(s, op, from, [], ctx);
}

/**
 * Sloppy quorum: for each home replica that has not answered (nor has its stand-in), ask the
 * next unused replica on the ring to stand in for it.
 */
export function probe(s: QuorumState, op: CoordinatedOp, ctx: Ctx): void {
  const spare = standInsFor(op.key, s.options.replicas, s.options.n).filter(
    (x) => !op.asked.includes(x),
  );
  for (const h of op.home) {
    if (op.answered.includes(h)) continue;
    const current = op.standIns[h];
    if (current !== undefined && op.answered.includes(current)) continue;
    const next = spare.shift();
    if (next === undefined) break;
    op.standIns[h] = next;
    ctx.log(
      `${h} has not answered within ${s.options.probeMs} ms: asks ${next} to stand in for it`,
    );
    ask(s, op, next, h, ctx);
  }
  const stillMissing = op.home.some((h) => {
    const standIn = op.standIns[h];
    return !op.answered.includes(h) && (standIn === undefined || !op.answered.includes(standIn));
  });
  if (stillMissing && spare.length > 0) ctx.setTimer(`probe:${op.id}`, s.options.probeMs);
}

export function timeout(s: QuorumState, op: CoordinatedOp, ctx: Ctx): void {
  if (op.replied) return finish(s, op, ctx);
  const missing = op.asked.filter((x) => !op.answered.includes(x));
  const what = op.kind === 'write' ? 'acks' : 'answers';
  const error = `timed out: ${op.answered.length} of ${op.needed} ${what}${missing.length ? ` (no answer from ${missing.join(', ')})` : ''}`;
  ctx.log(`${op.kind} of ${op.key} ${error}`, null, {
    kind: op.kind === 'write' ? 'quorum-write' : 'quorum-read',
    key: op.key,
    asked: [...op.asked],
    ...(op.kind === 'write'
      ? { acked: [...op.answered], ok: false }
      : { answered: [...op.answered], values: [] }),
    needed: op.needed,
  });
  reply(s, op, { ok: false, values: [], error }, ctx);
  finish(s, op, ctx);
}
