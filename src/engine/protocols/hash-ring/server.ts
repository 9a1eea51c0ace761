/**
 * A hash-ring server (`ring-server`): a cache in front of a slow backing store, or a replicated
 * store, that serves the keys it owns BY ITS OWN VIEW of the ring and redirects the rest.
 *
 * - Views spread by gossip (Demers et al., "Epidemic Algorithms", PODC 1987): every round a
 *   server sends its view to one node drawn from its seeded stream; the newer view wins
 *   (`config.ts`). While views differ, the same key routes to different owners.
 * - Replicas are the next distinct servers (Dynamo §4.3). Store mode: the coordinator (any
 *   replica by its view) stamps a version, stores it durably, and acknowledges the client
 *   once a majority of the key's replicas hold it; every round each server pushes the keys it
 *   holds to their replicas by its view (handoff and anti-entropy), so data follows ownership.
 * - Cache mode: a miss fetches from the backing store (slow), a write goes through to it; the
 *   cache is lost on a crash, and a server drops the keys it no longer owns when its view
 *   changes, so removing a server sends its keys' traffic to the next ones as misses.
 *
 * Persisted: the view, the version counter and (store mode) the data — what a real server
 * keeps on disk. Not persisted: the cache, pending requests.
 */
import type { Json, NodeId, Protocol } from '../../protocol';
import { isNewer, readConfig, replicasOf } from './config';
import type { RingMessage } from './messages';
import { readRingOptions, type RingOptions } from './options';
import { ringInvariants } from './observer';
import { isPlacementScheme, PLACEMENT_SCHEMES, SCHEME_LABELS } from './placement';
import {
  adopt,
  keepMine,
  boot,
  change,
  gossip,
  handoff,
  merge,
  onGet,
  onPut,
  owns,
  reply,
  save,
  SLOW_FACTOR,
  type Ctx,
  type ServerObservation,
  type ServerPersisted,
  type ServerState,
  type ServerView,
} from './server-state';

export type { ServerObservation, ServerPersisted, ServerState, ServerView } from './server-state';

function onMessage(s: ServerState, from: NodeId, m: RingMessage, ctx: Ctx): void {
  switch (m.type) {
    case 'Gossip': {
      const c = readConfig(m.config);
      if (c && isNewer(c, s.config)) {
        adopt(s, c, ctx, `heard from ${from}`);
        keepMine(s, ctx);
      }
      // Push-pull: a sender behind us gets our view back at once.
      else if (c && isNewer(s.config, c)) ctx.send(from, { type: 'Gossip', config: s.config });
      return;
    }
    case 'Get':
    case 'Put': {
      if (!owns(s, m.key, ctx.id) && s.o.broken !== 'serve-anyway') {
        s.stats.redirects++;
        ctx.send(from, { type: 'Redirect', id: m.id, key: m.key, config: s.config });
        return;
      }
      if (m.type === 'Get') onGet(s, from, m.id, m.key, ctx);
      else onPut(s, from, m.id, m.key, m.value, ctx);
      return;
    }
    case 'Replicate':
      if (merge(s, m.key, m.value, m.version) && s.o.mode === 'store') save(s, ctx);
      ctx.send(from, { type: 'ReplicateAck', id: m.id });
      return;
    case 'ReplicateAck': {
      const w = s.writes[m.id];
      if (!w || s.o.mode !== 'store') return;
      if (--w.acksNeeded <= 0) {
        delete s.writes[m.id];
        ctx.send(w.client, {
          type: 'Reply',
          id: w.reqId,
          key: w.key,
          value: w.value,
          version: w.version,
          hit: false,
        });
      }
      return;
    }
    case 'Push': {
      let changed = false;
      for (const [key, value, version] of m.entries)
        changed = merge(s, key, value, version) || changed;
      if (changed && s.o.mode === 'store') save(s, ctx);
      return;
    }
    case 'Fetched': {
      if (!s.data[m.key]) s.data[m.key] = [m.value, [0, '']];
      const waiting = s.misses[m.key] ?? [];
      delete s.misses[m.key];
      for (const r of waiting) reply(s, ctx, r.client, r.id, m.key, false);
      return;
    }
    case 'StoreAck': {
      const w = s.writes[m.id];
      if (!w) return;
      delete s.writes[m.id];
      merge(s, w.key, w.value, w.version);
      for (const r of replicasOf(s.config, w.key, s.o.replication)) {
        if (r !== ctx.id)
          ctx.send(r, {
            type: 'Replicate',
            id: m.id,
            key: w.key,
            value: w.value,
            version: w.version,
          });
      }
      reply(s, ctx, w.client, w.reqId, w.key, false);
      return;
    }
    case 'Reply':
    case 'Redirect':
    case 'Fetch':
    case 'StoreWrite':
      return;
  }
}

const schemeOptions = PLACEMENT_SCHEMES.map((value) => ({ value, label: SCHEME_LABELS[value] }));

export const ringServer: Protocol<
  ServerState,
  RingMessage,
  ServerPersisted,
  RingOptions,
  ServerView
> = {
  id: 'ring-server',
  title: 'Hash-ring server',
  defaultOptions: readRingOptions({}),
  actions: [
    {
      id: 'join',
      label: 'Add to ring',
      description:
        'This spare server joins the ring: a new view, spread by gossip; keys move to it.',
    },
    {
      id: 'leave',
      label: 'Remove from ring',
      description:
        'This server leaves the ring: a new view, spread by gossip; its keys move to the next servers clockwise.',
    },
    // The args' labels differ from the lab's own "Virtual nodes per server" slider and
    // "Placement" selector (views/panels/hash-ring), so each accessible name stays unique.
    {
      id: 'set-vnodes',
      label: 'Set virtual nodes',
      description: 'Change the number of virtual nodes per server (a new view, spread by gossip).',
      takesArgs: true,
      // The ring's own slider and selector collect these (views/panels/hash-ring), not the
      // generic console, which would offer the same two controls a second time.
      panel: true,
      args: [
        {
          kind: 'number',
          name: 'vnodes',
          label: 'Points on the ring per server',
          min: 1,
          max: 256,
          default: 64,
        },
      ],
    },
    {
      id: 'set-placement',
      label: 'Set placement',
      description: 'Change the placement scheme (a new view, spread by gossip).',
      takesArgs: true,
      panel: true,
      args: [
        {
          kind: 'choice',
          name: 'scheme',
          label: 'Scheme',
          options: schemeOptions,
          default: 'ring-vnodes',
        },
      ],
    },
  ],
  init: (ctx, options) => boot(ctx, readRingOptions(options), null),
  recover: (ctx, options, persisted) => boot(ctx, readRingOptions(options), persisted),
  onMessage(s, from, m, ctx) {
    s.served = [];
    onMessage(s, from, m, ctx);
  },
  onTimer(s, name, ctx) {
    s.served = [];
    if (name === 'gossip') {
      gossip(s, ctx);
      const fast = s.hot > 0;
      if (fast) s.hot--;
      ctx.setTimer('gossip', fast ? s.o.gossipMs : s.o.gossipMs * SLOW_FACTOR);
    } else if (name === 'handoff') {
      handoff(s, ctx);
      ctx.setTimer('handoff', s.o.gossipMs * 3);
    }
  },
  onAction(s, action, ctx) {
    s.served = [];
    const args = (action.args ?? {}) as Record<string, unknown>;
    switch (action.id) {
      case 'join':
      case 'leave':
        change(s, ctx, { kind: action.id });
        return;
      case 'set-vnodes': {
        const v = Number(args.vnodes);
        if (!Number.isFinite(v)) ctx.log('virtual nodes must be a number from 1 to 256');
        else change(s, ctx, { kind: 'vnodes', vnodes: v });
        return;
      }
      case 'set-placement':
        if (!isPlacementScheme(args.scheme))
          ctx.log(`unknown placement scheme ${String(args.scheme)}`);
        else change(s, ctx, { kind: 'scheme', scheme: args.scheme });
        return;
    }
  },
  view: (s) => serverView(s),
  observe(s): Json {
    const o: ServerObservation = {
      kind: 'server',
      cache: s.o.mode === 'cache',
      config: s.config,
      replication: s.o.replication,
      keys: s.o.keys,
      stats: { ...s.stats },
      served: s.served,
    };
    return o as unknown as Json;
  },
  messageSize(m) {
    return m.type === 'Push' ? 32 + 24 * m.entries.length : 64;
  },
  invariants: ringInvariants,
};

function serverView(s: ServerState): ServerView {
  const member = s.config.members.includes(s.self);
  const hitRate = s.stats.reads ? Math.round((100 * s.stats.hits) / s.stats.reads) : null;
  return {
    role: member ? 'server' : 'spare',
    summary: `v${s.config.version} · ${Object.keys(s.data).length} keys held${s.o.mode === 'cache' && hitRate !== null ? ` · ${hitRate}% hits` : ''}`,
    ...(member ? {} : { standing: 'not in ring' }),
    config: s.config,
    member,
    held: s.data,
    stats: s.stats,
  };
}
