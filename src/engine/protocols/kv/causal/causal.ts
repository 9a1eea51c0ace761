/**
 * kv-causal: a causally consistent replicated store (CURRICULUM L8). Every replica takes
 * reads and writes from its clients locally and replicates writes asynchronously
 * (causal-apply.ts says how updates travel and when they become visible).
 *
 * Sessions. A client's session is a vector clock: for each origin, how many of its updates
 * the client has (transitively) seen. Every reply hands back the session grown by what the
 * request saw — a read adds the update that wrote the value read, a write adds itself — and
 * the client returns it with its next request, to any replica. A replica holds a request
 * until it has applied everything the session names (we chose waiting over answering with an
 * older value), then serves it from its own state. A write's dependencies are the session.
 *
 * Why a reply is never visible before the post it answers: the reply's writer had read the
 * post, so its session, hence the reply's dependencies, names the post's update; a replica
 * applies the reply only once it has applied that update (and, by induction, everything the
 * post depended on). Why sessions read their writes and read monotonically: whatever a
 * session has seen is applied at any replica that serves it, and a key's value there is the
 * latest in (Lamport, origin) order among what is applied, so it never goes back.
 */
import { monotonicReads, noEffectBeforeCause, readYourWrites } from '../../../check/causal';
import type { NodeId, Protocol } from '../../../protocol';
import {
  apply,
  describeUpdate,
  describeVector,
  missing,
  onAck,
  onReplicate,
  peersOf,
  replicateTick,
  save,
  scheduleReplication,
  waitingFor,
  type Ctx,
} from './causal-apply';
import { readCausalOptions } from './causal-options';
import {
  DEFAULT_CAUSAL_OPTIONS,
  type CausalDisk,
  type CausalMessage,
  type CausalState,
  type KvCausalOptions,
} from './causal-types';
import type { KvCell, KvClientMessage, KvReplicaView, KvSession } from '../types';

export { DEFAULT_CAUSAL_OPTIONS, readCausalOptions, type KvCausalOptions };

type KvRequest = Extract<KvClientMessage, { type: 'KvGet' | 'KvPut' }>;
type KvReply = Extract<KvClientMessage, { type: 'KvReply' }>;

/** Client requests held for their session at once; beyond it a request is refused. */
const WAITING_LIMIT = 64;

function boot(ctx: Ctx, options: KvCausalOptions, disk: CausalDisk | null): CausalState {
  const s: CausalState = {
    options,
    store: { ...disk?.store },
    applied: { ...disk?.applied },
    ahead: Object.fromEntries(Object.entries(disk?.ahead ?? {}).map(([k, v]) => [k, [...v]])),
    lamport: disk?.lamport ?? 0,
    log: [...(disk?.log ?? [])],
    acked: {},
    sentUpTo: {},
    lastSentAt: {},
    replicateAt: null,
    buffer: [],
    waiting: [],
    clients: {},
  };
  // Every update before the oldest one still logged was applied by every peer.
  const floor = (s.log[0]?.seq ?? (s.applied[ctx.id] ?? 0) + 1) - 1;
  for (const p of peersOf(s, ctx)) s.acked[p] = s.sentUpTo[p] = floor;
  if (disk) {
    ctx.log(
      `recovered from disk: applied {${describeVector(s.applied)}}, ${s.log.length} updates to replicate`,
    );
    if (s.log.length) scheduleReplication(s, 0, ctx);
  } else save(s, ctx);
  return s;
}

function send(s: CausalState, to: NodeId, reply: KvReply, ctx: Ctx): void {
  s.clients[to] = { op: reply.op, reply };
  ctx.send(to, reply);
}

const grow = (session: KvSession | null, origin: NodeId, seq: number): KvSession => ({
  ...session,
  [origin]: Math.max(session?.[origin] ?? 0, seq),
});

/** Serve a request whose session this replica has caught up with. */
function serve(s: CausalState, from: NodeId, m: KvRequest, ctx: Ctx): void {
  const base = {
    type: 'KvReply',
    op: m.op,
    ok: true,
    error: null,
    redirect: null,
    touch: null,
  } as const;
  if (m.type === 'KvGet') {
    const cell = s.store[m.key];
    const session = cell ? grow(m.session, cell.origin, cell.seq) : (m.session ?? {});
    return send(s, from, { ...base, values: [cell?.value ?? null], session }, ctx);
  }
  const seq = (s.applied[ctx.id] ?? 0) + 1;
  s.lamport++;
  const u = {
    origin: ctx.id,
    seq,
    key: m.key,
    value: m.value,
    deps: { ...m.session },
    lamport: s.lamport,
  };
  apply(s, u, 'local', ctx);
  s.log.push(u);
  save(s, ctx); // before the reply or any replication leaves
  scheduleReplication(s, s.options.replicationDelayMs, ctx);
  send(s, from, { ...base, values: [], session: grow(m.session, ctx.id, seq) }, ctx);
}

function onClientRequest(s: CausalState, from: NodeId, m: KvRequest, ctx: Ctx): void {
  const last = s.clients[from];
  if (last && last.op === m.op) {
    if (last.reply) ctx.send(from, last.reply); // a retry: answer again, do not redo
    return;
  }
  s.clients[from] = { op: m.op, reply: null };
  // A client waits for one request at a time: a new one replaces any it gave up on.
  s.waiting = s.waiting.filter((w) => w.from !== from);
  const needs = missing(s, m.session ?? {});
  if (s.options.broken === 'no-buffering' || Object.keys(needs).length === 0)
    return serve(s, from, m, ctx);
  if (s.waiting.length >= WAITING_LIMIT) {
    return send(
      s,
      from,
      {
        type: 'KvReply',
        op: m.op,
        ok: false,
        values: [],
        error: 'too many requests waiting',
        redirect: null,
        session: m.session,
        touch: null,
      },
      ctx,
    );
  }
  s.waiting.push({ from, request: m, since: ctx.now() });
  ctx.setTimer(`wait:${from}`, s.options.timeoutMs);
  const what = m.type === 'KvGet' ? `get ${m.key}` : `put ${m.key}=${m.value}`;
  ctx.log(
    `holds ${from}'s ${what}: its session has seen {${describeVector(needs)}}, not yet applied here`,
    null,
    {
      kind: 'session-wait',
      client: from,
      key: m.key,
      waitingFor: needs,
    },
  );
}

/** Serve held requests whose sessions are now satisfied. */
function answerWaiting(s: CausalState, ctx: Ctx): void {
  const ready = s.waiting.filter(
    (w) => Object.keys(missing(s, w.request.session ?? {})).length === 0,
  );
  if (ready.length === 0) return;
  s.waiting = s.waiting.filter((w) => !ready.includes(w));
  for (const w of ready) {
    ctx.cancelTimer(`wait:${w.from}`);
    serve(s, w.from, w.request, ctx);
  }
}

function giveUp(s: CausalState, client: NodeId, ctx: Ctx): void {
  const w = s.waiting.find((x) => x.from === client);
  if (!w) return;
  s.waiting = s.waiting.filter((x) => x !== w);
  const needs = describeVector(missing(s, w.request.session ?? {}));
  const error = `waited ${Math.round(ctx.now() - w.since)} ms for {${needs}}: not applied here yet`;
  ctx.log(`gave up holding ${client}'s request: ${error}`);
  send(
    s,
    client,
    {
      type: 'KvReply',
      op: w.request.op,
      ok: false,
      values: [],
      error,
      redirect: null,
      session: w.request.session,
      touch: null,
    },
    ctx,
  );
}

const cellOf = (c: CausalState['store'][string]): KvCell => ({
  values: [c.value],
  version: `${c.origin}:${c.seq} (Lamport ${c.lamport})`,
});

export function causalView(s: CausalState): KvReplicaView {
  const store: Record<string, KvCell> = {};
  for (const key of Object.keys(s.store).sort()) {
    const c = s.store[key];
    if (c) store[key] = cellOf(c);
  }
  const buffered = s.buffer.map(
    (u) => `${describeUpdate(u)} waits for ${describeVector(waitingFor(s, u))}`,
  );
  return {
    role: 'replica',
    mode: 'causal',
    summary: `applied {${describeVector(s.applied)}}${buffered.length ? `, ${buffered.length} buffered` : ''}`,
    store,
    buffered,
  };
}

export const kvCausal: Protocol<
  CausalState,
  CausalMessage,
  CausalDisk,
  KvCausalOptions,
  KvReplicaView
> = {
  id: 'kv-causal',
  title: 'Causally consistent replica',
  defaultOptions: DEFAULT_CAUSAL_OPTIONS,
  actions: [],
  init: (ctx, options) => boot(ctx, readCausalOptions(options), null),
  recover: (ctx, options, disk) => boot(ctx, readCausalOptions(options), disk),
  onMessage(s, from, m, ctx) {
    switch (m.type) {
      case 'KvGet':
      case 'KvPut':
        return onClientRequest(s, from, m, ctx);
      case 'KvReply':
        return;
      case 'CReplicate':
        onReplicate(s, from, m.updates, ctx);
        return answerWaiting(s, ctx);
      case 'CAck':
        return onAck(s, from, m.applied, ctx);
      default: {
        const never: never = m;
        throw new Error(`unexpected message ${JSON.stringify(never)}`);
      }
    }
  },
  onTimer(s, name, ctx) {
    if (name === 'replicate') return replicateTick(s, ctx);
    if (name.startsWith('wait:')) return giveUp(s, name.slice('wait:'.length), ctx);
  },
  onAction() {},
  view: causalView,
  messageSize: (m) => (m.type === 'CReplicate' ? 32 + 48 * m.updates.length : 48),
  invariants: [readYourWrites, monotonicReads, noEffectBeforeCause],
};
