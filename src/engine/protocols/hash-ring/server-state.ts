/**
 * A hash-ring server's state and the steps its handlers share (`server.ts` is the protocol):
 * booting from disk, adopting a newer view, gossiping it, merging versions, handing keys to
 * their replicas, and serving reads and writes it owns.
 */
import type { Json, NodeContext, NodeId, NodeView } from '../../protocol';
import { readConfig, replicasOf, type RingConfig } from './config';
import { compareVersions, type RingMessage, type Version } from './messages';
import type { RingOptions } from './options';
import {
  KEPT_CHANGES,
  missing,
  nextView,
  NO_CHANGES,
  opWords,
  readOwnChanges,
  type OwnChange,
  type OwnChanges,
  type RingOp,
} from './ring-change';

/** What a server keeps on disk. */
export interface ServerPersisted {
  readonly config: RingConfig;
  readonly counter: number;
  /** Store mode only: key → [value, version]. */
  readonly data: Record<string, [Json, Version]>;
  /** This server's own changes (`ring-change.ts`). */
  readonly mine?: OwnChanges;
}

export interface PendingWrite {
  client: NodeId;
  reqId: string;
  key: string;
  value: Json;
  version: Version;
  acksNeeded: number;
  at: number;
}

/** Counters since boot (the checker turns them into rates). */
export interface ServerStats {
  served: number;
  reads: number;
  hits: number;
  redirects: number;
}

export interface ServerState {
  self: NodeId;
  o: RingOptions;
  config: RingConfig;
  data: Record<string, [Json, Version]>;
  counter: number;
  seq: number;
  writes: Record<string, PendingWrite>;
  /** Cache mode: reads waiting for a fetch, by key. */
  misses: Record<string, { client: NodeId; id: string }[]>;
  stats: ServerStats;
  /** Keys this handler accepted to serve (for the checker). */
  served: string[];
  /** Fast gossip rounds left: a new view is spread eagerly, then slowly (rumor mongering). */
  hot: number;
  /** Data or view changed since the last handoff round. */
  dirty: boolean;
  rounds: number;
  /** This server's own changes, to make again on a view that lacks them (`ring-change.ts`). */
  mine: OwnChanges;
}

/** Rounds of fast gossip after learning a view (Demers et al. 1987: rumor mongering). */
export const HOT_ROUNDS = 4;
/** Between fast rounds, a slow round every this many gossip intervals (anti-entropy). */
export const SLOW_FACTOR = 3;

/** What the lab shows of a server. */
export interface ServerView extends NodeView {
  readonly config: RingConfig;
  readonly member: boolean;
  readonly held: Readonly<Record<string, [Json, Version]>>;
  readonly stats: ServerStats;
}

/** The observation the hash-ring checker reads (`observer.ts`). */
export interface ServerObservation {
  readonly kind: 'server';
  /** Cache mode counts hits; a store has no hit rate. */
  readonly cache: boolean;
  readonly config: RingConfig;
  readonly replication: number;
  readonly keys: number;
  readonly stats: ServerStats;
  readonly served: readonly string[];
}

export type Ctx = NodeContext<RingMessage, ServerPersisted>;

export function save(s: ServerState, ctx: Ctx): void {
  ctx.persist({
    config: s.config,
    counter: s.counter,
    data: s.o.mode === 'store' ? s.data : {},
    mine: s.mine,
  });
}

export function boot(ctx: Ctx, o: RingOptions, p: ServerPersisted | null): ServerState {
  const s: ServerState = {
    self: ctx.id,
    o,
    config: (p && readConfig(p.config)) ?? o.initial,
    data: o.mode === 'store' && p ? { ...p.data } : {},
    counter: p?.counter ?? 0,
    seq: 0,
    writes: {},
    misses: {},
    stats: { served: 0, reads: 0, hits: 0, redirects: 0 },
    served: [],
    hot: HOT_ROUNDS,
    dirty: true,
    rounds: 0,
    mine: p ? readOwnChanges(p.mine) : NO_CHANGES,
  };
  if (!p) save(s, ctx);
  else
    ctx.log(
      `restarted with view v${s.config.version}${o.mode === 'cache' ? '; its cache is empty' : ''}`,
    );
  ctx.setTimer('gossip', ctx.random() * o.gossipMs);
  if (o.mode === 'store') ctx.setTimer('handoff', o.gossipMs * 2 + ctx.random() * o.gossipMs);
  return s;
}

export const owns = (s: ServerState, key: string, self: NodeId) =>
  replicasOf(s.config, key, s.o.replication).includes(self);

/** Adopt a newer view: keep it on disk, and (cache) forget keys no longer ours. */
export function adopt(s: ServerState, config: RingConfig, ctx: Ctx, how: string): void {
  const was = s.config.members.includes(ctx.id);
  s.config = config;
  s.hot = HOT_ROUNDS;
  s.dirty = true;
  // A cache drops what it no longer owns; so does the broken store (a decommission wipe).
  if (s.o.mode === 'cache' || s.o.broken === 'no-handoff') {
    for (const key of Object.keys(s.data)) if (!owns(s, key, ctx.id)) delete s.data[key];
  }
  save(s, ctx);
  const is = config.members.includes(ctx.id);
  const change = was === is ? '' : is ? ' (now in the ring)' : ' (now out of the ring)';
  ctx.log(`view v${config.version} ${how}: ${config.members.join(', ')}${change}`, null, {
    kind: 'view',
    version: config.version,
    origin: config.origin,
    // How many of each server's own changes this view includes (the lost-change check).
    applied: { ...config.applied },
    members: [...config.members],
    // The placement it routes by (L18 reads what a crash did under each vnode count).
    scheme: config.scheme,
    vnodes: config.vnodes,
  });
}

/** A local change (action): the next version, made here, spread by gossip. */
export function change(s: ServerState, ctx: Ctx, op: RingOp): void {
  const made: OwnChange = { n: s.mine.count + 1, op };
  const { view, skipped } = nextView(s.config, [made], ctx.id, made.n);
  if (skipped.length) {
    ctx.log(skipped[0]?.why ?? '');
    return;
  }
  s.mine = { count: made.n, ops: [...s.mine.ops, made].slice(-KEPT_CHANGES) };
  publish(s, ctx, view, opWords(op, ctx.id));
}

/**
 * After adopting a view from elsewhere: if it lacks some of this server's own changes (a
 * concurrent change won the tie), make them again on top of it, in order, as one new view.
 */
export function keepMine(s: ServerState, ctx: Ctx): void {
  if (s.o.broken === 'last-view-wins') return;
  const lacking = missing(s.config, ctx.id, s.mine);
  if (!lacking.length) return;
  const from = s.config;
  const { view, skipped } = nextView(from, lacking, ctx.id, s.mine.count);
  for (const { change: c, why } of skipped)
    ctx.log(`${opWords(c.op, ctx.id)} no longer applies: ${why}`);
  const again = lacking.filter((c) => !skipped.some((k) => k.change === c));
  const words = again.length
    ? `${again.map((c) => opWords(c.op, ctx.id)).join('; ')}, again: v${from.version} from ${from.origin} did not include it`
    : `made by ${ctx.id}: v${from.version} from ${from.origin} lacked changes that no longer apply`;
  publish(s, ctx, view, words);
}

function publish(s: ServerState, ctx: Ctx, view: RingConfig, words: string): void {
  adopt(s, view, ctx, words);
  gossip(s, ctx);
}

/**
 * One gossip round: the view to one other server drawn at random (servers pass it on), and
 * while the view is news (`hot`) to one client too (clients only listen; redirects also
 * teach them).
 */
export function gossip(s: ServerState, ctx: Ctx): void {
  const draw = (xs: readonly NodeId[]) => xs[Math.floor(ctx.random() * xs.length)];
  const server = draw(s.o.servers.filter((n) => n !== ctx.id));
  if (server) ctx.send(server, { type: 'Gossip', config: s.config });
  const client = s.hot > 0 ? draw(s.o.clients) : undefined;
  if (client) ctx.send(client, { type: 'Gossip', config: s.config });
}

export function merge(s: ServerState, key: string, value: Json, version: Version): boolean {
  const had = s.data[key];
  if (s.counter < version[0]) s.counter = version[0];
  if (had && compareVersions(had[1], version) >= 0) return false;
  s.data[key] = [value, version];
  s.dirty = true;
  return true;
}

/**
 * Every key held goes to its replicas by this server's view (the other ones): after a change
 * of data or view, and every third round anyway (a push lost to a fault is sent again).
 */
export function handoff(s: ServerState, ctx: Ctx): void {
  if (s.o.broken === 'no-handoff') return;
  if (!s.dirty && ++s.rounds % 3 !== 0) return;
  s.dirty = false;
  const batches: Record<NodeId, [string, Json, Version][]> = {};
  for (const [key, [value, version]] of Object.entries(s.data)) {
    for (const r of replicasOf(s.config, key, s.o.replication)) {
      if (r !== ctx.id) (batches[r] ??= []).push([key, value, version]);
    }
  }
  for (const [to, entries] of Object.entries(batches)) ctx.send(to, { type: 'Push', entries });
  // Writes whose replicas never answered are the client's to retry (it timed out long ago).
  for (const [id, w] of Object.entries(s.writes)) if (ctx.now() - w.at > 2000) delete s.writes[id];
}

export function reply(
  s: ServerState,
  ctx: Ctx,
  to: NodeId,
  id: string,
  key: string,
  hit: boolean,
): void {
  const held = s.data[key];
  ctx.send(to, {
    type: 'Reply',
    id,
    key,
    value: held ? held[0] : null,
    version: held ? held[1] : null,
    hit,
  });
}

export function onGet(s: ServerState, from: NodeId, id: string, key: string, ctx: Ctx): void {
  s.stats.reads++;
  s.stats.served++;
  s.served.push(key);
  if (s.o.mode === 'store' || s.data[key]) {
    if (s.o.mode === 'cache') s.stats.hits++;
    reply(s, ctx, from, id, key, s.o.mode === 'cache');
    return;
  }
  // A miss: one fetch per key, however many reads wait for it.
  const waiting = (s.misses[key] ??= []);
  waiting.push({ client: from, id });
  if (waiting.length === 1 && s.o.db) ctx.send(s.o.db, { type: 'Fetch', id: key, key });
}

export function onPut(
  s: ServerState,
  from: NodeId,
  id: string,
  key: string,
  value: Json,
  ctx: Ctx,
): void {
  s.stats.served++;
  s.served.push(key);
  const version: Version = [++s.counter, ctx.id];
  const wid = `w${++s.seq}`;
  if (s.o.mode === 'cache') {
    s.writes[wid] = { client: from, reqId: id, key, value, version, acksNeeded: 1, at: ctx.now() };
    if (s.o.db) ctx.send(s.o.db, { type: 'StoreWrite', id: wid, key, value });
    return;
  }
  merge(s, key, value, version);
  save(s, ctx);
  const replicas = replicasOf(s.config, key, s.o.replication);
  const others = replicas.filter((r) => r !== ctx.id);
  // A majority of the key's replicas (this one included) before the client hears "ok".
  const needed = Math.min(others.length, Math.floor(s.o.replication / 2));
  if (needed === 0) {
    reply(s, ctx, from, id, key, false);
  } else {
    s.writes[wid] = {
      client: from,
      reqId: id,
      key,
      value,
      version,
      acksNeeded: needed,
      at: ctx.now(),
    };
  }
  for (const r of others) ctx.send(r, { type: 'Replicate', id: wid, key, value, version });
}
