/**
 * The storage side of a leaderless replica: what it does when a coordinator, a stand-in or
 * a fellow home replica sends it versions. Everything it stores is persisted before it
 * answers, so an acknowledged write survives a crash; a restarted node catches up through
 * read repair, hinted handoff and anti-entropy.
 */
import type { NodeContext, NodeId } from '../../../protocol';
import { preferenceList } from './ring';
import type { Hint, QuorumDisk, QuorumMessage, QuorumState } from './quorum-types';
import {
  describeValues,
  describeVersions,
  holdsAll,
  mergeClocks,
  mergeVersions,
  type Version,
} from './quorum-versions';
import type { KvCell, KvHintedCell, KvReplicaView } from '../types';

export type Ctx = NodeContext<QuorumMessage, QuorumDisk>;
type Msg<T extends QuorumMessage['type']> = Extract<QuorumMessage, { type: T }>;

/** Anti-entropy sends at most this many keys per round, so a message stays small. */
const SYNC_BATCH_KEYS = 16;

export function save(s: QuorumState, ctx: Ctx): void {
  ctx.persist({ store: s.store, hints: s.hints, counter: s.counter });
}

export const homeOf = (s: QuorumState, key: string): NodeId[] =>
  preferenceList(key, s.options.replicas, s.options.n);

/** Merge versions into this node's own copy of the key; true when something changed. */
export function storeLocally(s: QuorumState, key: string, versions: readonly Version[]): boolean {
  const { versions: merged, changed } = mergeVersions(s.store[key] ?? [], versions);
  if (changed) s.store[key] = merged;
  return changed;
}

/** Everything this node could answer for a key: its own copy and any hints it holds. */
export function localVersions(s: QuorumState, key: string): Version[] {
  let out = s.store[key] ?? [];
  for (const h of s.hints) if (h.key === key) out = mergeVersions(out, h.versions).versions;
  return out;
}

const clockOf = (versions: readonly Version[]) => mergeClocks(...versions.map((v) => v.clock));

function holdHint(
  s: QuorumState,
  key: string,
  home: NodeId,
  versions: readonly Version[],
  ctx: Ctx,
) {
  let hint = s.hints.find((h) => h.key === key && h.for === home);
  if (!hint) {
    hint = { key, for: home, versions: [] };
    s.hints.push(hint);
  }
  const { versions: merged, changed } = mergeVersions(hint.versions, versions);
  hint.versions = merged;
  if (changed) {
    ctx.log(`holds ${describeValues(key, versions)} for ${home} (a hint, to hand off)`, null, {
      kind: 'hinted',
      key,
      for: home,
    });
    armHandoff(s, ctx);
  }
  return { changed, versions: hint.versions };
}

/** Store a write here: in this node's own copy, or as a hint for `hintFor`. Durable on return. */
export function storeHere(
  s: QuorumState,
  key: string,
  versions: readonly Version[],
  hintFor: NodeId | null,
  ctx: Ctx,
): readonly Version[] {
  if (hintFor !== null && hintFor !== ctx.id) {
    const r = holdHint(s, key, hintFor, versions, ctx);
    if (r.changed) save(s, ctx);
    return r.versions;
  }
  if (storeLocally(s, key, versions)) save(s, ctx);
  return s.store[key] ?? [];
}

export function onStore(s: QuorumState, from: NodeId, m: Msg<'QStore'>, ctx: Ctx): void {
  const held = storeHere(s, m.key, m.versions, m.hintFor, ctx);
  ctx.send(from, { type: 'QStoreAck', req: m.req, key: m.key, clock: clockOf(held) });
}

export function onRepair(s: QuorumState, from: NodeId, m: Msg<'QRepair'>, ctx: Ctx): void {
  if (!storeLocally(s, m.key, m.versions)) return;
  save(s, ctx);
  ctx.log(
    `repaired ${m.key} from ${from}'s read: now ${describeValues(m.key, s.store[m.key] ?? [])}`,
  );
}

export function onHandoff(s: QuorumState, from: NodeId, m: Msg<'QHandoff'>, ctx: Ctx): void {
  if (storeLocally(s, m.key, m.versions)) {
    save(s, ctx);
    ctx.log(`took ${describeValues(m.key, m.versions)} back from ${from}, which held it as a hint`);
  }
  ctx.send(from, { type: 'QHandoffAck', key: m.key, versions: m.versions });
}

export function onHandoffAck(s: QuorumState, from: NodeId, m: Msg<'QHandoffAck'>, ctx: Ctx): void {
  const hint = s.hints.find((h) => h.key === m.key && h.for === from);
  if (!hint) return;
  // Only what the home replica confirmed is dropped: a hint that grew meanwhile stays.
  hint.versions = hint.versions.filter((v) => !holdsAll(m.versions, [v]));
  if (hint.versions.length === 0) s.hints = s.hints.filter((h) => h !== hint);
  save(s, ctx);
  ctx.log(`handed ${m.key} off to ${from}`, null, { kind: 'handoff', key: m.key, to: from });
}

export function onSync(s: QuorumState, from: NodeId, m: Msg<'QSync'>, ctx: Ctx): void {
  const caughtUp: string[] = [];
  for (const e of m.entries) {
    if (!homeOf(s, e.key).includes(ctx.id)) continue;
    if (storeLocally(s, e.key, e.versions)) caughtUp.push(e.key);
  }
  if (caughtUp.length === 0) return;
  save(s, ctx);
  for (const key of caughtUp) {
    ctx.log(
      `caught up on ${describeValues(key, s.store[key] ?? [])} from ${from} (anti-entropy)`,
      null,
      {
        kind: 'anti-entropy',
        key,
        from,
      },
    );
  }
}

/** The handoff timer runs only while there are hints: an idle store sends nothing. */
export function armHandoff(s: QuorumState, ctx: Ctx): void {
  if (s.hints.length > 0) ctx.setTimer('handoff', s.options.handoffEveryMs);
}

/** Offer every hint back to its home replica; those that answer get it (hinted handoff). */
export function handoffTick(s: QuorumState, ctx: Ctx): void {
  for (const h of s.hints) ctx.send(h.for, { type: 'QHandoff', key: h.key, versions: h.versions });
  armHandoff(s, ctx);
}

/** Anti-entropy without Merkle trees: push the next batch of keys to their other home replicas. */
export function syncTick(s: QuorumState, ctx: Ctx): void {
  if (s.options.syncEveryMs <= 0) return;
  ctx.setTimer('sync', s.options.syncEveryMs);
  const keys = Object.keys(s.store).sort();
  if (keys.length === 0) return;
  const batch: string[] = [];
  for (let i = 0; i < Math.min(SYNC_BATCH_KEYS, keys.length); i++)
    batch.push(keys[(s.syncCursor + i) % keys.length] as string);
  s.syncCursor = (s.syncCursor + batch.length) % keys.length;
  const to: Record<NodeId, { key: string; versions: Version[] }[]> = {};
  for (const key of batch) {
    for (const h of homeOf(s, key))
      if (h !== ctx.id) (to[h] ??= []).push({ key, versions: s.store[key] ?? [] });
  }
  for (const [peer, entries] of Object.entries(to)) ctx.send(peer, { type: 'QSync', entries });
}

const cell = (versions: readonly Version[]): KvCell => ({
  values: versions.map((v) => v.value),
  version: describeVersions(versions),
});

const describeHint = (h: Hint) =>
  `${describeValues(h.key, h.versions)} for ${h.for} ${describeVersions(h.versions)}`;

export function quorumView(s: QuorumState): KvReplicaView {
  const store: Record<string, KvCell> = {};
  for (const key of Object.keys(s.store).sort()) store[key] = cell(s.store[key] ?? []);
  const keys = Object.keys(store).length;
  const pending = Object.keys(s.ops).length;
  const hints = s.hints.map(describeHint);
  const hinted: Record<string, KvHintedCell[]> = {};
  for (const h of s.hints) (hinted[h.key] ??= []).push({ ...cell(h.versions), for: h.for });
  const homes: Record<string, NodeId[]> = {};
  for (const key of [...Object.keys(store), ...Object.keys(hinted)]) homes[key] = homeOf(s, key);
  return {
    role: 'replica',
    mode: 'quorum',
    summary: [
      `${keys} key${keys === 1 ? '' : 's'}`,
      ...(hints.length ? [`${hints.length} hint${hints.length === 1 ? '' : 's'}`] : []),
      ...(pending ? [`${pending} coordinating`] : []),
    ].join(', '),
    store,
    hints,
    homes,
    hinted,
  };
}
