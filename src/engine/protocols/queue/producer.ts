/**
 * A producer (`queue-producer`): it publishes keyed messages to the broker — by itself at
 * `ratePerSecond` (keys drawn from its seeded stream) and when a learner asks ("Publish") —
 * and waits for each one's confirm. Several publishes may be unconfirmed at once; one whose
 * confirm does not come within `confirmTimeoutMs` is published again with the same id, up to
 * `maxAttempts` sends. A confirm lost on the way back therefore makes a duplicate in the log,
 * and a publish retried after later ones were appended lands out of order: Kafka's producer
 * without idempotence and with max.in.flight > 1 does both (Kafka documentation §4.6).
 *
 * Each message id is `${producer}:${seq}`; the sequence number survives a crash (on disk), so
 * a restarted producer never reuses one. Its unconfirmed publishes die with it.
 */
import type {
  ArgSpec,
  Json,
  NodeContext,
  NodeView,
  Protocol,
  ProtocolActionSpec,
} from '../../protocol';
import type { QueueFact, QueueSeen } from './facts';
import type { QueueMessage } from './messages';
import { PRODUCER_DEFAULTS, readProducerOptions, type ProducerOptions } from './options';

interface Outstanding {
  readonly msg: string;
  readonly key: string;
  readonly seq: number;
  readonly poison: boolean;
  attempt: number;
}

/** What survives a producer crash: its sequence number and whether its workload runs. */
export interface ProducerDisk {
  readonly seq: number;
  readonly workload: boolean;
}

/** A producer's whole state. */
export interface ProducerState {
  readonly options: ProducerOptions;
  seq: number;
  workload: boolean;
  /** Published, not yet confirmed, by message id. */
  outstanding: Record<string, Outstanding>;
  confirmed: number;
  /** Given up after `maxAttempts` sends without a confirm: it may or may not be in the log. */
  unconfirmed: number;
  journal: QueueFact[];
}

/** What the stage shows of a producer. */
export interface ProducerView extends NodeView {
  readonly published: number;
  readonly confirmed: number;
  readonly unconfirmed: number;
  readonly inFlight: number;
  readonly workload: boolean;
}

type Ctx = NodeContext<QueueMessage, ProducerDisk>;

const KEY: ArgSpec = {
  name: 'key',
  label: 'Key',
  kind: 'text',
  default: 'order-7',
  required: true,
};

/** The producer's actions: Publish (with key, count and poison), and its workload on or off. */
export const PRODUCER_ACTIONS: readonly ProtocolActionSpec[] = [
  {
    id: 'publish',
    label: 'Publish',
    description: 'Publish messages with one key, one after another, to the broker.',
    takesArgs: true,
    args: [
      { name: 'producer', label: 'Producer', kind: 'performer' },
      KEY,
      { name: 'count', label: 'Count', kind: 'number', min: 1, max: 50, default: 1 },
      {
        name: 'poison',
        label: 'Poison (fails processing every time)',
        kind: 'flag',
        on: true,
        off: false,
      },
    ],
  },
  {
    id: 'workload-off',
    label: 'Stop publishing',
    description:
      'Stop this producer’s automatic publishes (it still publishes what it is asked to).',
    unavailableWhen: [
      { field: 'workload', is: false, reason: '{node} is not publishing on its own' },
    ],
  },
  {
    id: 'workload-on',
    label: 'Start publishing',
    description: 'Start this producer’s automatic publishes, at the rate set for the lab.',
    unavailableWhen: [{ field: 'workload', is: true, reason: '{node} is publishing already' }],
  },
];

/** The 'publish' action's arguments, or what is wrong with them, in words. */
export function readPublishArgs(
  args: Json | undefined,
): { key: string; count: number; poison: boolean } | string {
  if (args === null || typeof args !== 'object' || Array.isArray(args)) return 'needs {key, count}';
  const { key, count, poison } = args;
  if (typeof key !== 'string' || key.trim() === '' || key.length > 40)
    return 'needs a key of 1 to 40 characters';
  const n = count === undefined ? 1 : count;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > 50)
    return 'count must be a whole number from 1 to 50';
  return { key: key.trim(), count: n, poison: poison === true };
}

const save = (s: ProducerState, ctx: Ctx) => ctx.persist({ seq: s.seq, workload: s.workload });

function send(s: ProducerState, o: Outstanding, ctx: Ctx): void {
  ctx.send(s.options.broker, {
    type: 'Publish',
    msg: o.msg,
    key: o.key,
    seq: o.seq,
    attempt: o.attempt,
    poison: o.poison,
  });
  s.journal.push({ kind: 'published', msg: o.msg, key: o.key, seq: o.seq, attempt: o.attempt });
  ctx.setTimer(`confirm:${o.msg}`, s.options.confirmTimeoutMs);
}

function publish(s: ProducerState, key: string, poison: boolean, ctx: Ctx): void {
  s.seq++;
  const o: Outstanding = { msg: `${ctx.id}:${s.seq}`, key, seq: s.seq, poison, attempt: 1 };
  s.outstanding[o.msg] = o;
  save(s, ctx);
  send(s, o, ctx);
  ctx.log(`published ${o.msg} (key ${key}${poison ? ', poison' : ''})`, null, {
    kind: 'published',
    msg: o.msg,
    key,
    seq: o.seq,
  });
}

const everyMs = (o: ProducerOptions) => 1000 / o.ratePerSecond;

function boot(ctx: Ctx, options: ProducerOptions, disk: ProducerDisk | null): ProducerState {
  const s: ProducerState = {
    options,
    seq: disk?.seq ?? 0,
    workload: disk?.workload ?? options.ratePerSecond > 0,
    outstanding: {},
    confirmed: 0,
    unconfirmed: 0,
    journal: [],
  };
  if (s.workload && options.ratePerSecond > 0) ctx.setTimer('publish', everyMs(options));
  return s;
}

export const queueProducer: Protocol<
  ProducerState,
  QueueMessage,
  ProducerDisk,
  ProducerOptions,
  ProducerView
> = {
  id: 'queue-producer',
  title: 'Producer',
  defaultOptions: PRODUCER_DEFAULTS,
  actions: PRODUCER_ACTIONS,
  init: (ctx, options) => boot(ctx, readProducerOptions(options), null),
  recover: (ctx, options, disk) => boot(ctx, readProducerOptions(options), disk),
  onMessage(s, _from, m, ctx) {
    s.journal = [];
    if (m.type !== 'Confirm') return;
    const o = s.outstanding[m.msg];
    if (!o) return;
    delete s.outstanding[m.msg];
    ctx.cancelTimer(`confirm:${m.msg}`);
    s.confirmed++;
    s.journal.push({ kind: 'confirmed', msg: o.msg, key: o.key, seq: o.seq });
    ctx.log(`${m.msg} confirmed (partition ${m.partition}, offset ${m.offset})`, null, {
      kind: 'confirmed',
      msg: m.msg,
    });
  },
  onTimer(s, name, ctx) {
    s.journal = [];
    if (name === 'publish') {
      if (!s.workload || s.options.ratePerSecond <= 0) return;
      const key = `order-${1 + Math.floor(ctx.random() * s.options.keys)}`;
      publish(s, key, ctx.random() < s.options.poisonChance, ctx);
      ctx.setTimer('publish', everyMs(s.options));
      return;
    }
    if (!name.startsWith('confirm:')) return;
    const o = s.outstanding[name.slice('confirm:'.length)];
    if (!o) return;
    if (o.attempt >= s.options.maxAttempts) {
      delete s.outstanding[o.msg];
      s.unconfirmed++;
      ctx.log(
        `gave up on ${o.msg} after ${o.attempt} sends: it may or may not be in the queue`,
        null,
        { kind: 'publish-gave-up', msg: o.msg },
      );
      return;
    }
    o.attempt++;
    ctx.log(`no confirm for ${o.msg}: publishing it again (attempt ${o.attempt})`, null, {
      kind: 'publish-retry',
      msg: o.msg,
      attempt: o.attempt,
    });
    send(s, o, ctx);
  },
  onAction(s, action, ctx) {
    s.journal = [];
    switch (action.id) {
      case 'publish': {
        const args = readPublishArgs(action.args);
        if (typeof args === 'string') {
          ctx.log(`publish refused: ${args}`);
          return;
        }
        for (let i = 0; i < args.count; i++) publish(s, args.key, args.poison, ctx);
        return;
      }
      case 'workload-off':
      case 'workload-on':
        s.workload = action.id === 'workload-on';
        save(s, ctx);
        if (s.workload && s.options.ratePerSecond > 0) ctx.setTimer('publish', everyMs(s.options));
        else ctx.cancelTimer('publish');
        ctx.log(s.workload ? 'started publishing' : 'stopped publishing');
        return;
    }
  },
  view: (s) => ({
    role: 'producer',
    summary: `${s.seq} sent · ${s.confirmed} confirmed${Object.keys(s.outstanding).length ? ` · ${Object.keys(s.outstanding).length} waiting` : ''}`,
    published: s.seq,
    confirmed: s.confirmed,
    unconfirmed: s.unconfirmed,
    inFlight: Object.keys(s.outstanding).length,
    workload: s.workload,
  }),
  observe: (s): Json =>
    ({ role: 'producer', journal: s.journal }) satisfies QueueSeen as unknown as Json,
  messageSize: () => 64,
};
