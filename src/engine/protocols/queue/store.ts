/**
 * The store (`queue-store`): the consumers' database, where each message's side effect is
 * applied — a counter per (consumer group, message id), so a message applied twice shows 2.
 * An idempotent consumer's Apply also records the message id in a dedup table, in the same
 * transaction (one handler, one disk write): when the id is already there the side effect is
 * suppressed. The table is shared by every consumer of the group, which is what makes it work
 * across a rebalance (a consumer's private table would not know what another had applied):
 * the "Idempotent Consumer" pattern (Chris Richardson, microservices.io).
 */
import type { Json, NodeContext, NodeView, Protocol } from '../../protocol';
import type { QueueFact, QueueSeen } from './facts';
import type { QueueMessage } from './messages';

/** The store's disk: side effects per (group, message), the dedup table, suppressions. */
export interface StoreDisk {
  /** Side effects applied, per `${group}/${msg}`. */
  readonly effects: Readonly<Record<string, number>>;
  /** The dedup table: message ids (per group) already processed. */
  readonly processed: Readonly<Record<string, true>>;
  readonly suppressed: number;
}

/** The store's state (all of it durable). */
export interface StoreState {
  effects: Record<string, number>;
  processed: Record<string, true>;
  suppressed: number;
  journal: QueueFact[];
}

/** What the stage shows of the store. */
export interface StoreView extends NodeView {
  /** Side effects applied (a message applied twice counts twice). */
  readonly applied: number;
  /** Messages applied more than once. */
  readonly duplicates: number;
  readonly suppressed: number;
}

type Ctx = NodeContext<QueueMessage, StoreDisk>;

const boot = (disk: StoreDisk | null): StoreState => ({
  effects: { ...(disk?.effects ?? {}) },
  processed: { ...(disk?.processed ?? {}) },
  suppressed: disk?.suppressed ?? 0,
  journal: [],
});

export const queueStore: Protocol<StoreState, QueueMessage, StoreDisk, null, StoreView> = {
  id: 'queue-store',
  title: 'Store',
  defaultOptions: null,
  actions: [],
  init: () => boot(null),
  recover: (_ctx, _o, disk) => boot(disk),
  onMessage(s, from, m, ctx: Ctx) {
    s.journal = [];
    if (m.type !== 'Apply') return;
    const id = `${m.group}/${m.msg}`;
    const isDuplicate = m.dedup && s.processed[id] === true;
    if (isDuplicate) s.suppressed++;
    else {
      s.effects[id] = (s.effects[id] ?? 0) + 1;
      if (m.dedup) s.processed[id] = true;
    }
    ctx.persist({ effects: s.effects, processed: s.processed, suppressed: s.suppressed });
    s.journal.push({
      kind: 'applied',
      group: m.group,
      msg: m.msg,
      partition: m.partition,
      offset: m.offset,
      delivery: m.delivery,
      consumer: from,
      applied: !isDuplicate,
    });
    const n = s.effects[id] ?? 0;
    ctx.log(
      isDuplicate
        ? `dedup hit: ${m.msg} already processed for ${m.group}; side effect suppressed`
        : `applied ${m.msg} for ${m.group}${n > 1 ? ` — ${n} times now: a duplicate side effect` : ''}`,
      null,
      { kind: isDuplicate ? 'dedup-hit' : 'side-effect', msg: m.msg, group: m.group, count: n },
    );
    ctx.send(from, {
      type: 'Applied',
      msg: m.msg,
      partition: m.partition,
      offset: m.offset,
      delivery: m.delivery,
      applied: !isDuplicate,
    });
  },
  onTimer(s) {
    s.journal = [];
  },
  onAction(s) {
    s.journal = [];
  },
  view: (s) => {
    const counts = Object.values(s.effects);
    const applied = counts.reduce((a, b) => a + b, 0);
    const duplicates = counts.filter((n) => n > 1).length;
    return {
      role: 'store',
      summary: `${applied} applied${duplicates ? ` · ${duplicates} twice+` : ''}${s.suppressed ? ` · ${s.suppressed} suppressed` : ''}`,
      applied,
      duplicates,
      suppressed: s.suppressed,
    };
  },
  observe: (s): Json =>
    ({ role: 'store', journal: s.journal }) satisfies QueueSeen as unknown as Json,
  messageSize: () => 64,
};
