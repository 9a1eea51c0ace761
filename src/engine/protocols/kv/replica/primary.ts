/**
 * strong, primary-backup and eventual: one primary orders every write. This file is the
 * primary's side of a client's request; replicate.ts is what replicas say to each other.
 *
 * Who does what, per mode:
 * - strong: replicas[0] coordinates (a fixed primary, never replaced). Another replica that
 *   gets a request passes it on (KvForward) and the coordinator answers the client. A write
 *   is applied, sent to every other replica, and acknowledged once every one of them holds
 *   it (or "timed out waiting for n3"). A read is answered at the coordinator only with a
 *   value every replica holds (the key is *settled*); else it waits while the coordinator
 *   re-sends the key (a read barrier), and fails on the timeout.
 * - primary-backup: replicas[epoch mod N] is primary; a backup refuses requests with a
 *   redirect, except reads when readFrom is 'any'. With syncReplication, writes and reads
 *   at the primary behave as in strong; without, the primary acknowledges a write at once
 *   and replicates it after replicationDelayMs. Failover: replicate.ts. Synchronous writes
 *   wait for every other replica, the old primary included: after a failover they time out
 *   until it is back (and has stepped down). That is the price of never losing an
 *   acknowledged write without a majority (Raft) or a coordination service to shrink the
 *   replica set.
 * - eventual: replicas[0] is primary (no failover); other replicas forward writes to it and
 *   answer reads from their own copy; replication is asynchronous, as above.
 *
 * Why sync mode is linearizable (checked by kv.sim.test.ts): a write is acknowledged, and a
 * read answered, only once every replica holds that version in the primary's epoch. Each
 * replica then holds it or newer for ever after (register.ts: adoptFromPrimary), and any
 * later primary was one of those replicas, so no later read can go back before it. A deposed
 * primary cannot be behind an acknowledged write either: that write needed its
 * acknowledgement too, and acknowledging it made it step down.
 */
import { describeVersion, compareVersions, primaryOf } from './register';
import type { KvReplicate, KvRequest, RegisterCell, Version } from '../messages';
import type { KvReplicaOptions } from '../options';
import {
  armOutbox,
  isDuplicate,
  noteWriter,
  reply,
  writerOf,
  type Ctx,
  type PendingOp,
  type PrimaryOrderedState as S,
} from './state';

// ---------------------------------------------------------------------------------------
// The modes' policies

/** Writes wait for every replica (and primary reads for a settled key). */
export const isSync = (o: KvReplicaOptions) =>
  o.mode === 'strong' || (o.mode === 'primary-backup' && o.syncReplication);
/** A replica that is not the primary passes requests on rather than redirecting the client. */
const forwards = (o: KvReplicaOptions) => o.mode !== 'primary-backup';
/** Any replica answers reads from its own copy. */
const readsAnywhere = (o: KvReplicaOptions) =>
  o.mode === 'eventual' || (o.mode === 'primary-backup' && o.readFrom === 'any');
export const hasFailover = (o: KvReplicaOptions) => o.mode === 'primary-backup';

export const primaryNow = (s: S) => primaryOf(s.options.replicas, s.epoch);
export const isPrimary = (s: S, ctx: Ctx) => primaryNow(s) === ctx.id;
export const othersOf = (s: S, ctx: Ctx) => s.options.replicas.filter((r) => r !== ctx.id);

export function save(s: S, ctx: Ctx): void {
  ctx.persist({
    kind: 'primary-ordered',
    epoch: s.epoch,
    seq: s.seq,
    store: s.store,
    clients: s.clients,
  });
}

const timerOf = (p: Pick<PendingOp, 'client' | 'op'>) => `timeout:${p.client}|${p.op}`;
const describeRequest = (r: KvRequest) =>
  r.type === 'KvPut' ? `write ${r.key} = ${r.value}` : `read ${r.key}`;

// ---------------------------------------------------------------------------------------
// Requests

export function onRequest(
  s: S,
  client: string,
  request: KvRequest,
  forwarded: boolean,
  ctx: Ctx,
): void {
  const o = s.options;
  const primary = primaryNow(s);
  if (request.type === 'KvGet' && (readsAnywhere(o) || (primary === ctx.id && !isSync(o)))) {
    const cell = s.store[request.key] ?? null;
    reply(ctx, client, request.op, { ok: true, values: [cell?.value ?? null] });
    return;
  }
  if (primary !== ctx.id) {
    if (forwards(o) && !forwarded) {
      ctx.send(primary, { type: 'KvForward', client, request });
      ctx.log(`passed ${client}'s ${describeRequest(request)} on to the primary, ${primary}`);
    } else {
      // A refusal must stay true: should a late copy of this write arrive once this replica
      // is primary, it is taken for a duplicate, not applied.
      const writer = request.type === 'KvPut' ? writerOf(request, client) : null;
      if (writer && !isDuplicate(s.clients, writer)) {
        noteWriter(s.clients, writer);
        save(s, ctx);
      }
      reply(ctx, client, request.op, {
        ok: false,
        error: `not the primary: ${primary} is`,
        redirect: primary,
      });
    }
    return;
  }
  if (s.pending.some((p) => p.client === client && p.op === request.op)) return; // a copy
  if (request.type === 'KvPut') write(s, client, request, ctx);
  else read(s, client, request.key, request.op, ctx);
}

function write(s: S, client: string, request: Extract<KvRequest, { type: 'KvPut' }>, ctx: Ctx) {
  const o = s.options;
  const writer = writerOf(request, client);
  if (isDuplicate(s.clients, writer)) {
    ctx.log(`ignored a copy of ${client}'s ${request.op}: seen before`);
    return;
  }
  s.seq++;
  const cell: RegisterCell = {
    value: request.value,
    version: { epoch: s.epoch, seq: s.seq },
  };
  const { key } = request;
  s.store[key] = cell;
  noteWriter(s.clients, writer);
  save(s, ctx);
  const version = describeVersion(cell.version);
  ctx.log(`applied ${key} = ${cell.value} (${version})`, null, {
    kind: 'applied',
    key,
    value: cell.value,
    version,
  });
  const message: KvReplicate = { type: 'KvReplicate', epoch: s.epoch, key, cell, writer };
  const targets = othersOf(s, ctx);
  if (!isSync(o)) {
    reply(ctx, client, request.op, { ok: true });
    const dueAt = ctx.now() + o.replicationDelayMs;
    for (const to of targets) s.outbox.push({ dueAt, to, message });
    armOutbox(s, ctx);
    return;
  }
  track(s, { kind: 'write', op: request.op, client, key, version: cell.version }, ctx);
  for (const to of targets) {
    ctx.send(to, message);
    logReplicated(key, cell.value, to, ctx);
  }
  settle(s, ctx);
}

export function logReplicated(key: string, value: string, to: string, ctx: Ctx): void {
  ctx.log(`replicated ${key} = ${value} to ${to}`, null, { kind: 'replicated', key, value, to });
}

function read(s: S, client: string, key: string, op: string, ctx: Ctx): void {
  if (isSettled(s, key, ctx)) {
    reply(ctx, client, op, { ok: true, values: [s.store[key]?.value ?? null] });
    return;
  }
  track(s, { kind: 'read', op, client, key, version: null }, ctx);
  ctx.log(`holds ${client}'s read of ${key} until every replica has ${key} as it is here`);
  sendMissing(s, key, ctx);
}

/** Hold an operation until it is done or times out; the resend timer runs while any is held. */
function track(s: S, p: PendingOp, ctx: Ctx): void {
  s.pending.push(p);
  ctx.setTimer(timerOf(p), s.options.timeoutMs);
  if (s.pending.length === 1) ctx.setTimer('resend', resendEveryMs(s));
}

const resendEveryMs = (s: S) => Math.max(20, s.options.timeoutMs / 4);

// ---------------------------------------------------------------------------------------
// Acknowledgements

function hasAtLeast(s: S, replica: string, key: string, v: Version | null): boolean {
  const got = s.acked[replica];
  if (!got || !(key in got)) return false;
  return compareVersions(got[key] ?? null, v) >= 0;
}

/** The replicas not yet known to hold `key` at version `v` or newer, in this epoch. */
function missing(s: S, key: string, v: Version | null, ctx: Ctx): string[] {
  return othersOf(s, ctx).filter((r) => !hasAtLeast(s, r, key, v));
}

/** Every replica holds this key as the primary does: a read may return it. */
const isSettled = (s: S, key: string, ctx: Ctx) =>
  missing(s, key, s.store[key]?.version ?? null, ctx).length === 0;

/** Record what a replica says it holds (KvAck in this epoch), then finish what that allows. */
export function noteAck(
  s: S,
  from: string,
  versions: Readonly<Record<string, Version | null>>,
  ctx: Ctx,
): void {
  const got = (s.acked[from] ??= {});
  for (const [key, v] of Object.entries(versions)) {
    if (!(key in got) || compareVersions(v, got[key] ?? null) > 0) got[key] = v;
  }
  settle(s, ctx);
}

/** Answer every pending operation that every replica now allows. */
function settle(s: S, ctx: Ctx): void {
  const done = s.pending.filter((p) =>
    p.kind === 'write' ? missing(s, p.key, p.version, ctx).length === 0 : isSettled(s, p.key, ctx),
  );
  if (done.length === 0) return;
  s.pending = s.pending.filter((p) => !done.includes(p));
  for (const p of done) {
    ctx.cancelTimer(timerOf(p));
    if (p.kind === 'write') {
      reply(ctx, p.client, p.op, { ok: true });
      const version = describeVersion(p.version);
      ctx.log(`every replica has ${p.key} ${version}: acknowledged ${p.client}'s write`, null, {
        kind: 'committed',
        key: p.key,
        version,
      });
    } else {
      const value = s.store[p.key]?.value ?? null;
      reply(ctx, p.client, p.op, { ok: true, values: [value] });
    }
  }
  if (s.pending.length === 0) ctx.cancelTimer('resend');
}

/** Send each pending key again to the replicas that have not acknowledged it (retries). */
export function resend(s: S, ctx: Ctx): void {
  if (s.pending.length === 0) return;
  for (const key of new Set(s.pending.map((p) => p.key))) sendMissing(s, key, ctx);
  ctx.setTimer('resend', resendEveryMs(s));
}

/** The key as the primary holds it, to every replica not known to hold it (a read barrier). */
function sendMissing(s: S, key: string, ctx: Ctx): void {
  const cell = s.store[key] ?? null;
  for (const to of missing(s, key, cell?.version ?? null, ctx))
    ctx.send(to, { type: 'KvReplicate', epoch: s.epoch, key, cell, writer: null });
}

/** A pending operation's timer fired: it failed, naming who did not answer. */
export function expire(s: S, timer: string, ctx: Ctx): void {
  const p = s.pending.find((x) => timerOf(x) === timer);
  if (!p) return;
  s.pending = s.pending.filter((x) => x !== p);
  const current = s.store[p.key]?.version ?? null;
  const late = missing(s, p.key, p.kind === 'write' ? p.version : current, ctx);
  const error = `timed out waiting for ${late.join(', ') || 'the replicas'}`;
  // The write is applied here and maybe elsewhere: no redirect, so the client records info.
  reply(ctx, p.client, p.op, { ok: false, error });
  if (p.kind === 'write')
    ctx.log(`gave up on ${p.client}'s write of ${p.key}: ${error}`, null, {
      kind: 'write-failed',
      reason: error,
      key: p.key,
    });
  else ctx.log(`gave up on ${p.client}'s read of ${p.key}: ${error}`);
  if (s.pending.length === 0) ctx.cancelTimer('resend');
}

/** A deposed primary answers everything it was holding (replicate.ts: adoptEpoch). */
export function failPending(s: S, newPrimary: string, ctx: Ctx): void {
  for (const p of s.pending) {
    ctx.cancelTimer(timerOf(p));
    const error = `deposed: ${newPrimary} is the primary of epoch ${s.epoch}`;
    if (p.kind === 'write') {
      // Applied here, maybe elsewhere: no redirect, so the client records info.
      reply(ctx, p.client, p.op, { ok: false, error });
      ctx.log(`gave up on ${p.client}'s write of ${p.key}: ${error}`, null, {
        kind: 'write-failed',
        reason: error,
        key: p.key,
      });
    } else {
      reply(ctx, p.client, p.op, { ok: false, error, redirect: newPrimary });
    }
  }
  s.pending = [];
  ctx.cancelTimer('resend');
}
