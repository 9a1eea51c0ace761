/**
 * Causal replication (kv-causal): how updates travel between replicas and when one becomes
 * visible. This is causal broadcast with explicit dependencies (as in COPS, Lloyd et al.,
 * SOSP 2011, with one replica standing for one datacenter):
 * - an update (origin, seq) becomes visible at a replica only after the origin's updates
 *   1..seq−1 and everything in its dependency vector (the writer's session) are visible
 *   there. Until then it waits in the buffer. So `applied` is always a vector clock whose
 *   every entry names a prefix, and "applied ≥ v" means "everything v depends on is here".
 * - concurrent writes of one key are ordered by (Lamport time, origin): the same winner
 *   everywhere, and a write always beats what its writer had seen (its Lamport time is
 *   larger than anything applied at the origin when it was taken).
 * - the origin sends its unacknowledged updates after replicationDelayMs and again every
 *   retryMs until each peer acknowledges; a peer acknowledges only what it has applied, so
 *   a buffered update lost in a crash is sent again.
 */
import type { NodeContext, NodeId } from '../../../protocol';
import type { CausalDisk, CausalMessage, CausalState, CausalUpdate } from './causal-types';
import type { KvSession } from '../types';

export type Ctx = NodeContext<CausalMessage, CausalDisk>;

/** Updates held back at once; beyond it an update is dropped and its origin resends it later. */
const BUFFER_LIMIT = 256;
/** Updates per replication message. */
const BATCH = 32;

export function save(s: CausalState, ctx: Ctx): void {
  const { store, applied, ahead, lamport, log } = s;
  ctx.persist({ store, applied, ahead, lamport, log });
}

export const peersOf = (s: CausalState, ctx: Ctx): NodeId[] =>
  s.options.replicas.filter((r) => r !== ctx.id);

export const describeVector = (v: KvSession): string =>
  Object.keys(v)
    .sort()
    .map((k) => `${k}:${v[k]}`)
    .join(', ');

export const describeUpdate = (u: CausalUpdate) => `${u.key}=${u.value} (${u.origin}:${u.seq})`;

/** The entries of `needed` this replica has not applied yet (empty when it has them all). */
export function missing(s: CausalState, needed: KvSession): Record<NodeId, number> {
  const out: Record<NodeId, number> = {};
  for (const [k, v] of Object.entries(needed)) if (v > (s.applied[k] ?? 0)) out[k] = v;
  return out;
}

/** What `u` still waits for here: earlier updates of its origin, and its dependencies. */
export function waitingFor(s: CausalState, u: CausalUpdate): Record<NodeId, number> {
  const out = missing(s, u.deps);
  if ((s.applied[u.origin] ?? 0) < u.seq - 1) out[u.origin] = u.seq - 1;
  return out;
}

const isReady = (s: CausalState, u: CausalUpdate) => Object.keys(waitingFor(s, u)).length === 0;

function isKnown(s: CausalState, u: CausalUpdate): boolean {
  if (u.seq <= (s.applied[u.origin] ?? 0)) return true;
  if (s.ahead[u.origin]?.includes(u.seq)) return true;
  return s.buffer.some((b) => b.origin === u.origin && b.seq === u.seq);
}

/** Make `u` visible here; the key keeps whichever write is later in (Lamport, origin) order. */
export function apply(
  s: CausalState,
  u: CausalUpdate,
  after: 'local' | 'arrival' | 'buffer',
  ctx: Ctx,
) {
  const cur = s.store[u.key];
  const wins =
    !cur || u.lamport > cur.lamport || (u.lamport === cur.lamport && u.origin > cur.origin);
  if (wins) s.store[u.key] = { value: u.value, origin: u.origin, seq: u.seq, lamport: u.lamport };
  const o = u.origin;
  if (u.seq === (s.applied[o] ?? 0) + 1) {
    s.applied[o] = u.seq;
    // no-buffering only: updates that arrived early now extend the prefix.
    const early = s.ahead[o] ?? [];
    while (early.includes((s.applied[o] ?? 0) + 1)) s.applied[o] = (s.applied[o] ?? 0) + 1;
    const left = early.filter((x) => x > (s.applied[o] ?? 0));
    if (left.length) s.ahead[o] = left;
    else delete s.ahead[o];
  } else (s.ahead[o] ??= []).push(u.seq);
  s.lamport = Math.max(s.lamport, u.lamport);
  const how =
    after === 'local'
      ? `wrote ${describeUpdate(u)}${Object.keys(u.deps).length ? `, depending on {${describeVector(u.deps)}}` : ''}`
      : `applied ${describeUpdate(u)}${after === 'buffer' ? ' from the buffer: its dependencies are here now' : ''}`;
  const shadowed =
    wins || !cur ? '' : ` (${u.key} keeps ${cur.value}: a concurrent write that orders later)`;
  ctx.log(`${how}${shadowed}`, null, {
    kind: 'applied',
    key: u.key,
    value: u.value,
    origin: u.origin,
    seq: u.seq,
  });
}

/** Apply whatever in the buffer has become ready, until nothing more is; ack each origin. */
function drain(s: CausalState, ctx: Ctx): void {
  const origins = new Set<NodeId>();
  for (
    let i = s.buffer.findIndex((u) => isReady(s, u));
    i !== -1;
    i = s.buffer.findIndex((u) => isReady(s, u))
  ) {
    const [u] = s.buffer.splice(i, 1);
    if (!u) break;
    apply(s, u, 'buffer', ctx);
    origins.add(u.origin);
  }
  for (const o of origins) ctx.send(o, { type: 'CAck', applied: s.applied[o] ?? 0 });
}

export function onReplicate(
  s: CausalState,
  from: NodeId,
  updates: readonly CausalUpdate[],
  ctx: Ctx,
) {
  let changed = false;
  for (const u of updates) {
    if (isKnown(s, u)) continue;
    if (s.options.broken === 'no-buffering' || isReady(s, u)) {
      apply(s, u, 'arrival', ctx);
      changed = true;
      continue;
    }
    if (s.buffer.length >= BUFFER_LIMIT) continue; // its origin sends it again
    s.buffer.push(u);
    const waits = waitingFor(s, u);
    ctx.log(`buffered ${describeUpdate(u)}: it waits for ${describeVector(waits)}`, null, {
      kind: 'buffered',
      key: u.key,
      value: u.value,
      origin: u.origin,
      seq: u.seq,
      waitingFor: waits,
    });
  }
  if (changed) {
    drain(s, ctx);
    save(s, ctx);
  }
  ctx.send(from, { type: 'CAck', applied: s.applied[from] ?? 0 });
}

/** Arm the replicate timer to fire within `delayMs`, unless it fires sooner already. */
export function scheduleReplication(s: CausalState, delayMs: number, ctx: Ctx): void {
  const at = ctx.now() + delayMs;
  if (s.replicateAt !== null && s.replicateAt <= at) return;
  s.replicateAt = at;
  ctx.setTimer('replicate', delayMs);
}

/**
 * Send a peer its next batch: only updates it has never been sent, or (on a retry) every
 * update it has not acknowledged. Each update travels in its own round when first sent, so
 * on a reordering network a later update can overtake an earlier one — and be buffered.
 */
function sendBatch(s: CausalState, peer: NodeId, retry: boolean, ctx: Ctx): void {
  const from = retry ? (s.acked[peer] ?? 0) : Math.max(s.acked[peer] ?? 0, s.sentUpTo[peer] ?? 0);
  const batch = s.log.filter((u) => u.seq > from).slice(0, BATCH);
  const last = batch[batch.length - 1];
  if (!last) return;
  // The retry clock runs from the last retry or progress, not from each new send: steady
  // new writes must not postpone the resend of a lost one for ever.
  if (retry || (s.acked[peer] ?? 0) >= (s.sentUpTo[peer] ?? 0)) s.lastSentAt[peer] = ctx.now();
  ctx.send(peer, { type: 'CReplicate', updates: batch });
  s.sentUpTo[peer] = Math.max(s.sentUpTo[peer] ?? 0, last.seq);
}

/** Send each peer what it lacks: new updates now, unacknowledged ones again after retryMs. */
export function replicateTick(s: CausalState, ctx: Ctx): void {
  s.replicateAt = null;
  const newest = s.log[s.log.length - 1]?.seq ?? 0;
  let unacked = false;
  for (const peer of peersOf(s, ctx)) {
    if ((s.acked[peer] ?? 0) >= newest) continue;
    unacked = true;
    if (ctx.now() - (s.lastSentAt[peer] ?? -Infinity) >= s.options.retryMs)
      sendBatch(s, peer, true, ctx);
    else if ((s.sentUpTo[peer] ?? 0) < newest) sendBatch(s, peer, false, ctx);
  }
  if (unacked) scheduleReplication(s, s.options.retryMs, ctx);
}

export function onAck(s: CausalState, from: NodeId, applied: number, ctx: Ctx): void {
  if (applied <= (s.acked[from] ?? 0)) return;
  s.acked[from] = applied;
  s.lastSentAt[from] = ctx.now(); // progress: the retry clock starts again
  // More waiting behind a full batch goes at once.
  if (s.log.some((u) => u.seq > (s.sentUpTo[from] ?? 0))) sendBatch(s, from, false, ctx);
  // Forget updates every peer has applied.
  const floor = Math.min(...peersOf(s, ctx).map((p) => s.acked[p] ?? 0));
  const before = s.log.length;
  s.log = s.log.filter((u) => u.seq > floor);
  if (s.log.length !== before) save(s, ctx);
}
