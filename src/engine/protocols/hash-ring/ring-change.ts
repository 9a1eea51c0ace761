/**
 * A server's own change to the ring (join, leave, virtual nodes, placement) and what keeps it
 * from being lost. Two servers can make a change from the same view at once: both views get
 * the same next version, and the newer-view rule (`config.ts`) keeps only one. Each server
 * numbers its own changes 1, 2, 3…, and each view carries `applied`, how many of each
 * server's changes it includes (a version vector of changes). A server that adopts a view
 * lacking some of its own changes makes them again on top of it, in order, as a new view. So
 * concurrent changes all take effect, as a compare-and-set retried on conflict would; a later
 * change made after seeing one (and overriding it, e.g. another number of virtual nodes) does
 * not trigger a retry, because it carries it in `applied`.
 *
 * Source: the lost-update problem of last-writer-wins registers (Kleppmann, DDIA, 2017,
 * ch. 5 "Concurrent writes"); Dynamo (SOSP 2007, §4.8.1) lets an administrator's membership
 * change reach every node by gossip, which needs every change to survive the merge.
 */
import type { NodeId } from '../../protocol';
import type { RingConfig } from './config';
import { clampVnodes, isPlacementScheme, SCHEME_LABELS } from './placement';
import type { PlacementScheme } from './placement/types';

/** A change an administrator asks a server to make (its node actions). */
export type RingOp =
  | { readonly kind: 'join' }
  | { readonly kind: 'leave' }
  | { readonly kind: 'vnodes'; readonly vnodes: number }
  | { readonly kind: 'scheme'; readonly scheme: PlacementScheme };

/** One of a server's own changes, numbered 1, 2, 3… in the order it made them. */
export interface OwnChange {
  readonly n: number;
  readonly op: RingOp;
}

/** A server's own changes: how many it has made, and the latest few (kept on disk too). */
export interface OwnChanges {
  readonly count: number;
  /** The latest `KEPT_CHANGES`, oldest first. */
  readonly ops: readonly OwnChange[];
}

/**
 * How many of its own changes a server keeps to make again. A view lacking more than this
 * many of one server's changes would need a server cut off for that many changes in a row.
 */
export const KEPT_CHANGES = 16;

export const NO_CHANGES: OwnChanges = { count: 0, ops: [] };

/**
 * What `op` changes in `config` when `self` makes it; a string says why it cannot be made
 * (e.g. the last server leaving).
 */
export function applyOp(
  config: RingConfig,
  op: RingOp,
  self: NodeId,
): Partial<RingConfig> | string {
  const members = config.members;
  switch (op.kind) {
    case 'join':
      return members.includes(self) ? 'already in the ring' : { members: [...members, self] };
    case 'leave':
      if (!members.includes(self)) return 'not in the ring';
      if (members.length === 1) return 'the last server cannot leave the ring';
      return { members: members.filter((m) => m !== self) };
    case 'vnodes':
      return { vnodes: clampVnodes(op.vnodes) };
    case 'scheme':
      return { scheme: op.scheme };
  }
}

/** The change in words, e.g. "made by n1 (64 virtual nodes)". */
export function opWords(op: RingOp, self: NodeId): string {
  const what =
    op.kind === 'vnodes'
      ? `${clampVnodes(op.vnodes)} virtual nodes`
      : op.kind === 'scheme'
        ? SCHEME_LABELS[op.scheme]
        : op.kind;
  return `made by ${self} (${what})`;
}

/** Which of `self`'s changes `config` lacks (a view has its first `applied[self]`), oldest first. */
export const missing = (config: RingConfig, self: NodeId, own: OwnChanges): OwnChange[] =>
  own.ops.filter((c) => c.n > (config.applied[self] ?? 0));

/**
 * The view after `self` applies `changes` to `config`, in order: the next version, made by
 * `self`, with `applied[self]` = `upTo`. A change that no longer applies (the server already
 * left) is skipped and named in `skipped`.
 */
export function nextView(
  config: RingConfig,
  changes: readonly OwnChange[],
  self: NodeId,
  upTo: number,
): { view: RingConfig; skipped: { change: OwnChange; why: string }[] } {
  let view: RingConfig = config;
  const skipped: { change: OwnChange; why: string }[] = [];
  for (const c of changes) {
    const next = applyOp(view, c.op, self);
    if (typeof next === 'string') skipped.push({ change: c, why: next });
    else view = { ...view, ...next };
  }
  const version = config.version + 1;
  return {
    view: { ...view, version, origin: self, applied: { ...config.applied, [self]: upTo } },
    skipped,
  };
}

/** Reads a server's own changes from untrusted data (disk); none when it is not that. */
export function readOwnChanges(raw: unknown): OwnChanges {
  const c = raw as { count?: unknown; ops?: unknown } | null;
  if (!c || typeof c !== 'object' || typeof c.count !== 'number' || !Array.isArray(c.ops))
    return NO_CHANGES;
  const ops = c.ops.flatMap((x: { n?: unknown; op?: unknown }) => {
    const op = readOp(x?.op);
    return op && typeof x.n === 'number' ? [{ n: x.n, op }] : [];
  });
  return { count: c.count, ops };
}

function readOp(raw: unknown): RingOp | null {
  const o = raw as { kind?: unknown; vnodes?: unknown; scheme?: unknown } | null;
  if (!o || typeof o !== 'object') return null;
  const { kind, vnodes, scheme } = o;
  if (kind === 'join' || kind === 'leave') return { kind };
  if (kind === 'vnodes' && typeof vnodes === 'number') return { kind, vnodes };
  if (kind === 'scheme' && isPlacementScheme(scheme)) return { kind, scheme };
  return null;
}
