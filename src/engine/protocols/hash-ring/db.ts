/**
 * The backing store behind the cache (`ring-db`): durable and slow. A fetch or a write is
 * answered after `fetchMs`, which is what makes a cache miss expensive (and a miss storm,
 * after a server leaves, visible as the store's queue and the clients' latency).
 */
import type { Json, NodeContext, NodeId, NodeView, Protocol } from '../../protocol';
import type { RingMessage } from './messages';
import { readRingOptions, type RingOptions } from './options';

export interface DbState {
  o: RingOptions;
  data: Record<string, Json>;
  seq: number;
  /** Answers waiting for their delay, by timer name. */
  due: Record<string, { to: NodeId; message: RingMessage }>;
  served: number;
}

type Ctx = NodeContext<RingMessage, Record<string, Json>>;

function later(s: DbState, ctx: Ctx, to: NodeId, message: RingMessage): void {
  const name = `answer-${++s.seq}`;
  s.due[name] = { to, message };
  ctx.setTimer(name, s.o.fetchMs);
}

export const ringDb: Protocol<DbState, RingMessage, Record<string, Json>, RingOptions> = {
  id: 'ring-db',
  title: 'Backing store',
  defaultOptions: readRingOptions({}),
  actions: [],
  init: (ctx, options) => {
    ctx.persist({});
    return { o: readRingOptions(options), data: {}, seq: 0, due: {}, served: 0 };
  },
  recover: (_ctx, options, persisted) => ({
    o: readRingOptions(options),
    data: { ...persisted },
    seq: 0,
    due: {},
    served: 0,
  }),
  onMessage(s, from, m, ctx) {
    if (m.type === 'Fetch') {
      s.served++;
      later(s, ctx, from, { type: 'Fetched', id: m.id, key: m.key, value: s.data[m.key] ?? null });
    } else if (m.type === 'StoreWrite') {
      s.served++;
      // Durable before the acknowledgement leaves (ctx.persist is an fsync).
      s.data[m.key] = m.value;
      ctx.persist(s.data);
      later(s, ctx, from, { type: 'StoreAck', id: m.id });
    }
  },
  onTimer(s, name, ctx) {
    const d = s.due[name];
    if (!d) return;
    delete s.due[name];
    ctx.send(d.to, d.message);
  },
  onAction() {},
  view: (s): NodeView => ({
    role: 'store',
    summary: `${Object.keys(s.data).length} keys · ${Object.keys(s.due).length} waiting`,
  }),
};
