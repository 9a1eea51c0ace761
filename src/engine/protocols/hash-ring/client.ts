/**
 * A hash-ring client (`ring-client`): reads and writes keys through the ring by ITS OWN VIEW
 * (learned by gossip and from redirects). A request goes to the key's primary; after a
 * timeout it fails over to the next replica; a redirect brings the server's view, and the
 * client retries by it. Every operation is recorded in the run's history (Jepsen style) so
 * the store's checks read what clients saw.
 *
 * The workload is closed-loop per session: a client stands for an application server with
 * `sessions` users, each with one request at a time and a pause between requests. One
 * session per client (the lab's first design) gave ~15 requests/s, too few for a cache of
 * a thousand keys ever to warm (issue 15's newcomer report); real cache tiers see many
 * concurrent requests per front end.
 */
import type { Json, NodeContext, NodeId, NodeView, Protocol } from '../../protocol';
import { isNewer, keyName, readConfig, replicasOf, type RingConfig } from './config';
import type { RingMessage } from './messages';
import { readRingOptions, type RingOptions } from './options';
import { ringInvariants } from './observer';

interface OpenOp {
  id: string;
  /** The workload session that started it (its next request follows), or -1 for one by hand. */
  session: number;
  fn: 'read' | 'write';
  key: string;
  value: Json;
  targets: NodeId[];
  next: number;
  redirects: number;
}

export interface ClientState {
  self: NodeId;
  o: RingOptions;
  config: RingConfig;
  seq: number;
  /** Requests in flight, by op id (at most one per session, plus one by hand). */
  ops: Record<string, OpenOp>;
  done: { ok: number; failed: number; redirected: number };
  /** Requests this handler sent, [key, server] (for the checker's misroute count). */
  sent: [string, NodeId][];
}

export interface ClientView extends NodeView {
  readonly config: RingConfig;
}

/** The observation the hash-ring checker reads. */
export interface ClientObservation {
  readonly kind: 'client';
  readonly config: RingConfig;
  readonly sent: readonly (readonly [string, NodeId])[];
}

type Ctx = NodeContext<RingMessage, null>;

/** A session's timer: its next request. */
const workTimer = (session: number) => `work-${session}`;
const timeoutTimer = (op: OpenOp) => `timeout-${op.id}`;

function boot(ctx: Ctx, o: RingOptions): ClientState {
  if (o.workload !== 'none')
    for (let k = 0; k < o.sessions; k++) ctx.setTimer(workTimer(k), ctx.random() * o.intervalMs);
  return {
    self: ctx.id,
    o,
    config: o.initial,
    seq: 0,
    ops: {},
    done: { ok: 0, failed: 0, redirected: 0 },
    sent: [],
  };
}

function send(s: ClientState, ctx: Ctx, op: OpenOp): void {
  const to = op.targets[op.next];
  if (!to) {
    finish(s, ctx, op, op.fn === 'write' ? 'info' : 'fail', null);
    return;
  }
  s.sent.push([op.key, to]);
  ctx.send(
    to,
    op.fn === 'read'
      ? { type: 'Get', id: op.id, key: op.key }
      : { type: 'Put', id: op.id, key: op.key, value: op.value },
  );
  ctx.setTimer(timeoutTimer(op), s.o.timeoutMs);
}

function finish(
  s: ClientState,
  ctx: Ctx,
  op: OpenOp,
  phase: 'ok' | 'fail' | 'info',
  value: Json,
): void {
  delete s.ops[op.id];
  ctx.cancelTimer(timeoutTimer(op));
  // The session's next request after a pause (closed-loop: one at a time per session).
  if (s.o.workload !== 'none' && op.session >= 0)
    ctx.setTimer(workTimer(op.session), s.o.intervalMs);
  if (phase === 'ok') s.done.ok++;
  else s.done.failed++;
  ctx.record({
    phase,
    opId: op.id,
    fn: op.fn,
    key: op.key,
    ...(op.fn === 'read' && phase === 'ok'
      ? { value }
      : op.fn === 'write'
        ? { value: op.value }
        : {}),
  });
}

function start(
  s: ClientState,
  ctx: Ctx,
  session: number,
  fn: 'read' | 'write',
  key: string,
  value: Json,
): void {
  const id = `${s.self}-${++s.seq}`;
  const op: OpenOp = {
    id,
    session,
    fn,
    key,
    value,
    targets: replicasOf(s.config, key, s.o.replication),
    next: 0,
    redirects: 0,
  };
  s.ops[id] = op;
  ctx.record({ phase: 'invoke', opId: id, fn, key, ...(fn === 'write' ? { value } : {}) });
  send(s, ctx, op);
}

function randomOp(s: ClientState, ctx: Ctx, session: number): void {
  const hot = s.o.workload === 'hot' && ctx.random() < 0.5;
  const key = keyName(hot ? 0 : Math.floor(ctx.random() * s.o.keys));
  // The time and the op number make a value unique across sessions and restarts.
  if (ctx.random() < 0.3)
    start(s, ctx, session, 'write', key, `${s.self}:${s.seq + 1}@${Math.round(ctx.now())}`);
  else start(s, ctx, session, 'read', key, null);
}

function learn(s: ClientState, raw: unknown): boolean {
  const c = readConfig(raw);
  if (!c || !isNewer(c, s.config)) return false;
  s.config = c;
  return true;
}

export const ringClient: Protocol<ClientState, RingMessage, null, RingOptions, ClientView> = {
  id: 'ring-client',
  title: 'Hash-ring client',
  defaultOptions: readRingOptions({}),
  actions: [
    {
      id: 'request',
      label: 'Client request',
      description: 'Read or write one key through the ring, by this client’s view.',
      takesArgs: true,
      args: [
        { kind: 'text', name: 'key', label: 'Key', default: 'key-0', required: true },
        {
          kind: 'text',
          name: 'value',
          label: 'Value',
          default: 'x',
          onlyWhen: { arg: 'fn', is: 'write' },
        },
        {
          kind: 'choice',
          name: 'fn',
          label: 'Operation',
          submits: true,
          default: 'read',
          options: [
            { value: 'read', label: 'GET' },
            { value: 'write', label: 'SET' },
          ],
        },
      ],
    },
  ],
  init: (ctx, options) => boot(ctx, readRingOptions(options)),
  recover: (ctx, options) => boot(ctx, readRingOptions(options)),
  onMessage(s, from, m, ctx) {
    s.sent = [];
    switch (m.type) {
      case 'Gossip':
        learn(s, m.config);
        return;
      case 'Reply': {
        const op = s.ops[m.id];
        if (!op) return;
        // The version the store gave the write: the end-of-run check asks that no acknowledged
        // version be missing from the key's owner (simulation.ts).
        if (op.fn === 'write' && m.version)
          ctx.log(`${op.key} written, version ${m.version[0]}.${m.version[1]}`, null, {
            kind: 'write-acked',
            key: op.key,
            counter: m.version[0],
            by: m.version[1],
          });
        finish(s, ctx, op, 'ok', m.value);
        return;
      }
      case 'Redirect': {
        const op = s.ops[m.id];
        if (!op) return;
        s.done.redirected++;
        const newer = learn(s, m.config);
        if (++op.redirects > 3) {
          finish(s, ctx, op, op.fn === 'write' ? 'info' : 'fail', null);
          return;
        }
        // With a newer view, route again by it; else try the next replica.
        if (newer) {
          op.targets = replicasOf(s.config, op.key, s.o.replication);
          op.next = 0;
        } else op.next++;
        send(s, ctx, op);
        return;
      }
      default:
        return;
    }
  },
  onTimer(s, name, ctx) {
    s.sent = [];
    if (name.startsWith('work-')) {
      const session = Number(name.slice(5));
      if (!Object.values(s.ops).some((op) => op.session === session)) randomOp(s, ctx, session);
    } else if (name.startsWith('timeout-')) {
      const op = s.ops[name.slice(8)];
      if (!op) return;
      op.next++;
      send(s, ctx, op);
    }
  },
  onAction(s, action, ctx) {
    s.sent = [];
    if (action.id !== 'request') return;
    const a = (action.args ?? {}) as Record<string, unknown>;
    const key = typeof a.key === 'string' && a.key.trim() ? a.key.trim() : null;
    if (!key) {
      ctx.log('a request needs a key');
      return;
    }
    const byHand = Object.values(s.ops).find((op) => op.session < 0);
    if (byHand) {
      ctx.log(`busy with ${byHand.fn} ${byHand.key}; try again when it answers`);
      return;
    }
    if (a.fn === 'write')
      start(s, ctx, -1, 'write', key, typeof a.value === 'string' ? a.value : '');
    else start(s, ctx, -1, 'read', key, null);
  },
  view: (s) => ({
    role: 'client',
    summary: `v${s.config.version} · ${s.done.ok} ok, ${s.done.failed} failed, ${s.done.redirected} redirected`,
    config: s.config,
  }),
  observe(s): Json {
    const o: ClientObservation = { kind: 'client', config: s.config, sent: s.sent };
    return o as unknown as Json;
  },
  invariants: ringInvariants,
};
