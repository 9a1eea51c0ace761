/**
 * strong, primary-backup, eventual: what replicas say to each other. Replication
 * (KvReplicate, acknowledged with KvAck), anti-entropy (the primary's whole store, KvSync,
 * every antiEntropyEveryMs, so replicas converge once a partition heals), and in
 * primary-backup the health check and failover:
 *
 * - The primary sends a heartbeat every heartbeatEveryMs. A backup that hears nothing from
 *   it for failoverTimeoutMs (plus half that again per backup ahead of it in replica order,
 *   so the first live one goes first) takes over with the next epoch that is its own
 *   (epoch mod N = its place: no two replicas ever claim the same epoch).
 * - Epochs fence old primaries: a replica refuses anything from an epoch below its own
 *   (a KvAck carrying its epoch), and a primary that hears of a higher epoch steps down.
 * - A replica adopts the current primary's word for every key (register.ts:
 *   adoptFromPrimary), so writes only a deposed primary had are dropped everywhere alike:
 *   with asynchronous replication, that loses acknowledged writes — the lesson.
 */
import {
  failPending,
  hasFailover,
  isPrimary,
  noteAck,
  othersOf,
  primaryNow,
  resend,
  save,
  expire,
  logReplicated,
} from './primary';
import {
  adoptFromPrimary,
  compareVersions,
  describeVersion,
  nextEpochFor,
  primaryOf,
  sameCell,
} from './register';
import type { KvMessage, KvReplicate, KvSync, RegisterCell, Version } from '../messages';
import {
  flushOutbox,
  mergeClients,
  noteWriter,
  type Ctx,
  type KvDisk,
  type PrimaryOrderedState as S,
} from './state';
import type { KvReplicaOptions } from '../options';

export function bootPrimaryOrdered(
  ctx: Ctx,
  options: KvReplicaOptions,
  disk: Extract<KvDisk, { kind: 'primary-ordered' }> | null,
): S {
  const s: S = {
    kind: 'primary-ordered',
    self: ctx.id,
    options,
    epoch: disk?.epoch ?? 0,
    seq: disk?.seq ?? 0,
    store: { ...disk?.store },
    clients: { ...disk?.clients },
    acked: {},
    pending: [],
    outbox: [],
  };
  if (disk) {
    const keys = Object.keys(s.store).length;
    ctx.log(`recovered epoch ${s.epoch} and ${keys} key${keys === 1 ? '' : 's'} from disk`);
  } else save(s, ctx);
  ctx.setTimer('anti-entropy', options.antiEntropyEveryMs);
  if (isPrimary(s, ctx)) startPrimary(s, ctx);
  else armFailover(s, ctx);
  return s;
}

export function onPeerMessage(s: S, from: string, m: KvMessage, ctx: Ctx): void {
  if (!s.options.replicas.includes(from)) return;
  switch (m.type) {
    case 'KvReplicate':
    case 'KvSync':
    case 'KvHeartbeat': {
      if (m.epoch < s.epoch) {
        // A deposed primary: tell it the epoch it missed.
        ctx.send(from, { type: 'KvAck', epoch: s.epoch, versions: {} });
        return;
      }
      if (from !== primaryOf(s.options.replicas, m.epoch)) return;
      if (m.epoch > s.epoch) adoptEpoch(s, m.epoch, ctx);
      armFailover(s, ctx);
      if (m.type === 'KvReplicate') applyReplicate(s, from, m, ctx);
      else if (m.type === 'KvSync') applySync(s, from, m, ctx);
      return;
    }
    case 'KvAck':
      if (m.epoch > s.epoch) adoptEpoch(s, m.epoch, ctx);
      else if (m.epoch === s.epoch && isPrimary(s, ctx)) noteAck(s, from, m.versions, ctx);
      return;
    case 'KvGet':
    case 'KvPut':
    case 'KvReply':
    case 'KvForward':
    case 'KvPush':
      return;
    default: {
      const never: never = m;
      throw new Error(`unknown kv message ${JSON.stringify(never)}`);
    }
  }
}

export function onPrimaryOrderedTimer(s: S, name: string, ctx: Ctx): void {
  const o = s.options;
  if (name.startsWith('timeout:')) expire(s, name, ctx);
  else if (name === 'resend') resend(s, ctx);
  else if (name === 'replicate') {
    flushOutbox(s, ctx, ({ to, message }) => {
      if (message.type === 'KvReplicate' && message.cell)
        logReplicated(message.key, message.cell.value, to, ctx);
    });
  } else if (name === 'anti-entropy') {
    if (isPrimary(s, ctx)) sendSync(s, ctx);
    ctx.setTimer('anti-entropy', o.antiEntropyEveryMs);
  } else if (name === 'heartbeat' && hasFailover(o) && isPrimary(s, ctx)) {
    for (const to of othersOf(s, ctx)) ctx.send(to, { type: 'KvHeartbeat', epoch: s.epoch });
    ctx.setTimer('heartbeat', o.heartbeatEveryMs);
  } else if (name === 'failover' && hasFailover(o) && !isPrimary(s, ctx)) {
    promote(s, ctx);
  }
}

// ---------------------------------------------------------------------------------------
// A replica takes the primary's word

/** Take `next` for `key`; say what changed (and what was lost). True when anything did. */
function setCell(s: S, key: string, next: RegisterCell | null, from: string, ctx: Ctx): boolean {
  const mine = s.store[key] ?? null;
  if (sameCell(mine, next)) return false;
  if (next === null) delete s.store[key];
  else s.store[key] = next;
  if (mine !== null && (next === null || compareVersions(next.version, mine.version) < 0)) {
    // Ours was a write the current primary never had: it is gone, here as everywhere.
    ctx.log(
      `dropped ${key} = ${mine.value} (${describeVersion(mine.version)}): the primary, ${from}, never had it`,
      null,
      { kind: 'lost-write', key, value: mine.value, kept: next?.value ?? null },
    );
  } else if (next !== null) {
    const version = describeVersion(next.version);
    ctx.log(`applied ${key} = ${next.value} (${version}) from ${from}`, null, {
      kind: 'applied',
      key,
      value: next.value,
      version,
    });
  }
  return true;
}

function applyReplicate(s: S, from: string, m: KvReplicate, ctx: Ctx): void {
  const next = adoptFromPrimary(s.store[m.key] ?? null, m.cell, m.epoch);
  const changed = setCell(s, m.key, next, from, ctx);
  const known = m.writer !== null && (s.clients[m.writer.client] ?? 0) < m.writer.n;
  noteWriter(s.clients, m.writer);
  if (changed || known) save(s, ctx);
  ctx.send(from, {
    type: 'KvAck',
    epoch: s.epoch,
    versions: { [m.key]: s.store[m.key]?.version ?? null },
  });
}

function applySync(s: S, from: string, m: KvSync, ctx: Ctx): void {
  let changed = mergeClients(s.clients, m.clients);
  const versions: Record<string, Version | null> = {};
  for (const key of new Set([...Object.keys(m.store), ...Object.keys(s.store)])) {
    const next = adoptFromPrimary(s.store[key] ?? null, m.store[key] ?? null, m.epoch);
    if (setCell(s, key, next, from, ctx)) changed = true;
    versions[key] = s.store[key]?.version ?? null;
  }
  if (changed) save(s, ctx);
  ctx.send(from, { type: 'KvAck', epoch: s.epoch, versions });
}

function sendSync(s: S, ctx: Ctx): void {
  for (const to of othersOf(s, ctx))
    ctx.send(to, { type: 'KvSync', epoch: s.epoch, store: s.store, clients: s.clients });
}

// ---------------------------------------------------------------------------------------
// Epochs and failover

function startPrimary(s: S, ctx: Ctx): void {
  s.acked = {};
  sendSync(s, ctx);
  if (hasFailover(s.options)) {
    for (const to of othersOf(s, ctx)) ctx.send(to, { type: 'KvHeartbeat', epoch: s.epoch });
    ctx.setTimer('heartbeat', s.options.heartbeatEveryMs);
  }
  ctx.cancelTimer('failover');
}

/** A backup expects the primary's heartbeat; the first live backup in order waits least. */
function armFailover(s: S, ctx: Ctx): void {
  if (!hasFailover(s.options) || isPrimary(s, ctx)) return;
  const primary = primaryNow(s);
  const rank = s.options.replicas.filter((r) => r !== primary).indexOf(ctx.id);
  const timeout = s.options.failoverTimeoutMs;
  ctx.setTimer('failover', timeout + (rank * timeout) / 2);
}

/** Follow the primary of a higher epoch; a primary steps down. */
function adoptEpoch(s: S, epoch: number, ctx: Ctx): void {
  const wasPrimary = isPrimary(s, ctx);
  s.epoch = epoch;
  save(s, ctx);
  s.acked = {};
  const primary = primaryNow(s);
  if (primary === ctx.id) {
    startPrimary(s, ctx);
    return;
  }
  if (wasPrimary) {
    failPending(s, primary, ctx);
    // Writes not yet sent are moot: the new primary's word is what counts now.
    s.outbox = [];
    ctx.cancelTimer('replicate');
    ctx.cancelTimer('heartbeat');
    ctx.log(`stepped down: ${primary} is the primary of epoch ${epoch}`, 'leader', {
      kind: 'stepped-down',
      epoch,
      primary,
    });
  } else {
    ctx.log(`follows ${primary}, the primary of epoch ${epoch}`, null, {
      kind: 'epoch-adopted',
      epoch,
      primary,
    });
  }
  armFailover(s, ctx);
}

function promote(s: S, ctx: Ctx): void {
  const o = s.options;
  const old = primaryNow(s);
  s.epoch = nextEpochFor(o.replicas.indexOf(ctx.id), s.epoch, o.replicas.length);
  s.seq = Math.max(s.seq, ...Object.values(s.store).map((c) => c.version.seq));
  save(s, ctx);
  ctx.log(
    `took over as primary for epoch ${s.epoch}: no heartbeat from ${old} for ${o.failoverTimeoutMs} ms`,
    'leader',
    { kind: 'failover', epoch: s.epoch, primary: ctx.id, from: old },
  );
  startPrimary(s, ctx);
}
