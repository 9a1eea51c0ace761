/**
 * Heartbeats: the smallest protocol that exercises the whole engine. Each peer pings the
 * others on a timer, answers pings with pongs, and suspects a peer it has not heard from
 * for a while — a failure detector that is wrong whenever the network is slow, which is
 * the point of lesson 1. It persists one thing, its boot count, so a restart shows what
 * survives a crash (the boot count) and what does not (everything else).
 */
import type { Invariant } from '../../check/invariant';
import type { NodeContext, NodeId, NodeView, Protocol } from '../../protocol';
import { PING_BROKEN_VARIANTS, type PingBrokenVariant } from './variants';

export type PingMessage = { type: 'Ping'; seq: number } | { type: 'Pong'; seq: number };

export { PING_BROKEN_VARIANTS, type PingBrokenVariant };

export interface PingOptions {
  readonly intervalMs: number;
  readonly suspectAfterMs: number;
  /** A broken variant, or null for the correct protocol. */
  readonly broken: PingBrokenVariant | null;
}

export interface PingPersisted {
  readonly boots: number;
}

export interface PingState {
  boots: number;
  pingsSent: number;
  pongsReceived: number;
  /** Local time at which each peer was last heard from. */
  lastHeard: Record<NodeId, number>;
  suspected: NodeId[];
  /** The sender of the message being handled (null in timers and actions), for the checker. */
  lastFrom: NodeId | null;
  options: PingOptions;
}

export interface PingView extends NodeView {
  readonly boots: number;
  readonly pingsSent: number;
  readonly pongsReceived: number;
  readonly suspected: readonly NodeId[];
}

type Ctx = NodeContext<PingMessage, PingPersisted>;

const DEFAULTS: PingOptions = { intervalMs: 100, suspectAfterMs: 350, broken: null };

function readOptions(raw: unknown): PingOptions {
  const o = (raw ?? {}) as Partial<PingOptions>;
  return {
    intervalMs:
      typeof o.intervalMs === 'number' && o.intervalMs > 0 ? o.intervalMs : DEFAULTS.intervalMs,
    suspectAfterMs:
      typeof o.suspectAfterMs === 'number' && o.suspectAfterMs > 0
        ? o.suspectAfterMs
        : DEFAULTS.suspectAfterMs,
    broken: PING_BROKEN_VARIANTS.find((b) => b.id === o.broken)?.id ?? null,
  };
}

function boot(ctx: Ctx, options: PingOptions, boots: number): PingState {
  ctx.persist({ boots });
  const lastHeard: Record<NodeId, number> = {};
  for (const p of ctx.peers) lastHeard[p] = ctx.now();
  // A random first beat, so peers started together do not beat in lockstep.
  ctx.setTimer('heartbeat', ctx.random() * options.intervalMs);
  if (boots > 1) ctx.log(`restarted (boot ${boots}); remembers only its boot count`);
  return {
    boots,
    pingsSent: 0,
    pongsReceived: 0,
    lastHeard,
    suspected: [],
    lastFrom: null,
    options,
  };
}

function heardFrom(state: PingState, peer: NodeId, ctx: Ctx): void {
  state.lastHeard[peer] = ctx.now();
  state.lastFrom = peer;
  if (state.suspected.includes(peer) && state.options.broken !== 'sticky-suspicion') {
    state.suspected = state.suspected.filter((p) => p !== peer);
    ctx.log(`no longer suspects ${peer}`);
  }
}

function beat(state: PingState, ctx: Ctx): void {
  for (const peer of ctx.peers) {
    ctx.send(peer, { type: 'Ping', seq: state.pingsSent });
    if (
      !state.suspected.includes(peer) &&
      ctx.now() - (state.lastHeard[peer] ?? 0) > state.options.suspectAfterMs
    ) {
      state.suspected = [...state.suspected, peer];
      ctx.log(`suspects ${peer} has failed (silent for over ${state.options.suspectAfterMs} ms)`);
    }
  }
  state.pingsSent++;
}

/**
 * A failure detector may suspect a live node (it cannot tell slow from dead), but it must
 * stop suspecting a peer the moment it hears from it: a message is proof of life. Checked
 * after every message a node handles.
 */
const suspicionClearsOnContact: Invariant<null> = {
  id: 'suspicion-clears',
  title: 'Suspicion clears on contact',
  description: 'A node that hears from a peer no longer suspects it.',
  init: () => null,
  check(_, o) {
    const data = o.data as { suspected: NodeId[]; lastFrom: NodeId | null } | null;
    if (!data?.lastFrom || !data.suspected.includes(data.lastFrom)) return null;
    return {
      invariant: 'suspicion-clears', // the id: the Invariants panel finds a violation by it
      message: `${o.node} still suspects ${data.lastFrom} right after hearing from it`,
      time: o.time,
      events: [o.cause],
    };
  },
};

export const ping: Protocol<PingState, PingMessage, PingPersisted, PingOptions, PingView> = {
  id: 'ping',
  title: 'Heartbeats',
  defaultOptions: DEFAULTS,
  actions: [
    { id: 'ping-now', label: 'Ping now', description: 'Send a heartbeat to every peer at once.' },
  ],
  init: (ctx, options) => boot(ctx, readOptions(options), 1),
  recover: (ctx, options, persisted) => boot(ctx, readOptions(options), persisted.boots + 1),
  onMessage(state, from, message, ctx) {
    heardFrom(state, from, ctx);
    switch (message.type) {
      case 'Ping':
        ctx.send(from, { type: 'Pong', seq: message.seq });
        break;
      case 'Pong':
        state.pongsReceived++;
        break;
      default: {
        const never: never = message;
        throw new Error(`unexpected message ${JSON.stringify(never)}`);
      }
    }
  },
  onTimer(state, name, ctx) {
    state.lastFrom = null;
    if (name !== 'heartbeat') return;
    beat(state, ctx);
    ctx.setTimer('heartbeat', state.options.intervalMs);
  },
  onAction(state, action, ctx) {
    state.lastFrom = null;
    if (action.id === 'ping-now') beat(state, ctx);
  },
  view: (state) => ({
    role: 'peer',
    summary: state.suspected.length
      ? `suspects ${state.suspected.join(', ')}`
      : `boot ${state.boots}`,
    boots: state.boots,
    pingsSent: state.pingsSent,
    pongsReceived: state.pongsReceived,
    suspected: state.suspected,
  }),
  observe: (state) => ({ suspected: state.suspected, lastFrom: state.lastFrom }),
  invariants: [suspicionClearsOnContact],
  messageSize: () => 64,
};
