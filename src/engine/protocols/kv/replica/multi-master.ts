/**
 * multi-master: every replica takes reads and writes from its clients on its own, answers
 * at once, and replicates each write to all the others after replicationDelayMs (KvPush,
 * fresh). Every antiEntropyEveryMs each replica also pushes its whole store to the others,
 * so a write lost on the way or kept out by a partition arrives once the network heals.
 *
 * Concurrent writes of one key conflict, and options.resolution says what happens:
 * - 'lww' (last writer wins): a write is stamped with the writer's local clock — skew and
 *   all — and its id; the highest stamp wins everywhere. A write from a node whose clock
 *   runs behind loses to an older one from a node whose clock runs ahead, and its client
 *   was told "ok": the lesson.
 * - 'siblings': version vectors (siblings.ts). Concurrent writes are all kept; a read
 *   returns every sibling; the next write at a replica supersedes the siblings that replica
 *   holds (the replica stands in for the client's context), merging them.
 * Both merges are joins of a semilattice, so replicas that have seen the same writes hold
 * the same cells: they converge after a heal.
 */
import type { LwwCell, KvMessage, KvPush, KvRequest, Sibling } from '../messages';
import type { KvReplicaOptions } from '../options';
import { describeVector, mergeSiblings, sameSiblings, writeOver } from './siblings';
import {
  armOutbox,
  flushOutbox,
  isDuplicate,
  noteWriter,
  reply,
  writerOf,
  type Ctx,
  type KvDisk,
  type MultiMasterState as S,
} from './state';

export function bootMultiMaster(
  ctx: Ctx,
  options: KvReplicaOptions,
  disk: Extract<KvDisk, { kind: 'multi-master' }> | null,
): S {
  const s: S = {
    kind: 'multi-master',
    self: ctx.id,
    options,
    lww: { ...disk?.lww },
    siblings: Object.fromEntries(Object.entries(disk?.siblings ?? {}).map(([k, v]) => [k, [...v]])),
    clients: { ...disk?.clients },
    outbox: [],
  };
  if (disk) ctx.log(`recovered ${keysOf(s).length} keys from disk`);
  else save(s, ctx);
  ctx.setTimer('anti-entropy', options.antiEntropyEveryMs);
  return s;
}

function save(s: S, ctx: Ctx): void {
  ctx.persist({ kind: 'multi-master', lww: s.lww, siblings: s.siblings, clients: s.clients });
}

export const keysOf = (s: S) =>
  Object.keys(s.options.resolution === 'lww' ? s.lww : s.siblings).sort();

const others = (s: S, ctx: Ctx) => s.options.replicas.filter((r) => r !== ctx.id);

/**
 * Highest stamp wins: local time first, then node id, then (as Cassandra breaks ties) the
 * value — a paused replica can take two writes at the same instant of its clock.
 */
export function lwwBeats(a: LwwCell, b: LwwCell): boolean {
  if (a.t !== b.t) return a.t > b.t;
  return a.node !== b.node ? a.node > b.node : a.value > b.value;
}

export const describeStamp = (c: LwwCell) => `t=${Math.round(c.t)} by ${c.node}`;

export function mmValues(s: S, key: string): (string | null)[] {
  if (s.options.resolution === 'lww') return [s.lww[key]?.value ?? null];
  const siblings = s.siblings[key] ?? [];
  return siblings.length ? siblings.map((x) => x.value) : [null];
}

export function onMultiMasterRequest(s: S, client: string, request: KvRequest, ctx: Ctx): void {
  if (request.type === 'KvGet') {
    reply(ctx, client, request.op, { ok: true, values: mmValues(s, request.key) });
    return;
  }
  const writer = writerOf(request, client);
  if (isDuplicate(s.clients, writer)) {
    ctx.log(`ignored a copy of ${client}'s ${request.op}: seen before`);
    return;
  }
  noteWriter(s.clients, writer);
  const { key, value } = request;
  let push: KvPush;
  if (s.options.resolution === 'lww') {
    const cell: LwwCell = { value, t: ctx.now(), node: ctx.id };
    const held = s.lww[key];
    if (held && lwwBeats(held, cell)) {
      discarded(key, cell, held, ctx);
    } else {
      s.lww[key] = cell;
      applied(key, value, describeStamp(cell), ctx);
    }
    push = { type: 'KvPush', resolution: 'lww', fresh: true, cells: { [key]: cell } };
  } else {
    const sibling = writeOver(s.siblings[key] ?? [], ctx.id, value);
    s.siblings[key] = [sibling];
    applied(key, value, describeVector(sibling.vv), ctx);
    push = { type: 'KvPush', resolution: 'siblings', fresh: true, cells: { [key]: [sibling] } };
  }
  save(s, ctx);
  reply(ctx, client, request.op, { ok: true });
  const dueAt = ctx.now() + s.options.replicationDelayMs;
  for (const to of others(s, ctx)) s.outbox.push({ dueAt, to, message: push });
  armOutbox(s, ctx);
}

function applied(key: string, value: string, version: string, ctx: Ctx, from?: string): void {
  ctx.log(`applied ${key} = ${value} (${version})${from ? ` from ${from}` : ''}`, null, {
    kind: 'applied',
    key,
    value,
    version,
  });
}

function discarded(key: string, lost: LwwCell, kept: LwwCell, ctx: Ctx): void {
  ctx.log(
    `discarded ${key} = ${lost.value} (${describeStamp(lost)}): ${kept.value} (${describeStamp(kept)}) has the later stamp`,
    null,
    { kind: 'lww-discarded', key, lost: lost.value, kept: kept.value },
  );
}

export function onPush(s: S, from: string, m: KvPush, ctx: Ctx): void {
  if (!s.options.replicas.includes(from) || m.resolution !== s.options.resolution) return;
  let changed = false;
  if (m.resolution === 'lww') {
    for (const [key, cell] of Object.entries(m.cells)) {
      const held = s.lww[key];
      if (held && !lwwBeats(cell, held)) {
        // A fresh write that arrives beaten is dropped here: say so (anti-entropy is quiet).
        if (m.fresh && lwwBeats(held, cell)) discarded(key, cell, held, ctx);
        continue;
      }
      s.lww[key] = cell;
      applied(key, cell.value, describeStamp(cell), ctx, from);
      changed = true;
    }
  } else {
    for (const [key, incoming] of Object.entries(m.cells)) {
      const held = s.siblings[key] ?? [];
      const merged = mergeSiblings(held, incoming);
      if (sameSiblings(merged, held)) continue;
      s.siblings[key] = merged;
      changed = true;
      const version = merged.map((x) => describeVector(x.vv)).join(' | ');
      if (merged.length > 1) {
        const values = merged.map((x) => x.value);
        ctx.log(`holds ${merged.length} siblings of ${key}: ${values.join(', ')}`, null, {
          kind: 'conflict',
          key,
          values,
        });
      } else applied(key, merged[0]?.value ?? '', version, ctx, from);
    }
  }
  if (changed) save(s, ctx);
}

export function onMultiMasterTimer(s: S, name: string, ctx: Ctx): void {
  if (name === 'replicate') {
    flushOutbox(s, ctx, ({ to, message }) => {
      if (message.type !== 'KvPush') return;
      for (const [key, cell] of Object.entries(message.cells)) {
        const value = Array.isArray(cell) ? (cell[0]?.value ?? '') : (cell as LwwCell).value;
        ctx.log(`replicated ${key} = ${value} to ${to}`, null, {
          kind: 'replicated',
          key,
          value,
          to,
        });
      }
    });
  } else if (name === 'anti-entropy') {
    const push: KvMessage =
      s.options.resolution === 'lww'
        ? { type: 'KvPush', resolution: 'lww', fresh: false, cells: s.lww }
        : { type: 'KvPush', resolution: 'siblings', fresh: false, cells: s.siblings };
    for (const to of others(s, ctx)) ctx.send(to, push);
    ctx.setTimer('anti-entropy', s.options.antiEntropyEveryMs);
  }
}

/** The replica table's cells, as KvReplicaView wants them. */
export function mmStoreView(s: S): Record<string, { values: (string | null)[]; version: string }> {
  const out: Record<string, { values: (string | null)[]; version: string }> = {};
  if (s.options.resolution === 'lww') {
    for (const [key, c] of Object.entries(s.lww))
      out[key] = { values: [c.value], version: describeStamp(c) };
  } else {
    for (const [key, sibs] of Object.entries(s.siblings))
      out[key] = {
        values: sibs.map((x: Sibling) => x.value),
        version: sibs.map((x) => describeVector(x.vv)).join(' | '),
      };
  }
  return out;
}
