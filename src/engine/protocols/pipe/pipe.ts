/**
 * Lesson 2, "The network is not a pipe": a sender S numbers messages and a receiver R
 * counts them. R is deliberately naive — it adds one for every Add that arrives, duplicates
 * included — so whatever the network does (delay, reorder, lose, duplicate, queue behind a
 * slow link) shows up in its counter. S waits a fixed time for each ack; with retransmission
 * on it resends on a timeout, and since a timeout cannot tell a lost message from a lost
 * (or late) ack, retransmission turns loss into duplication.
 *
 * Both keep only volatile state, plus a boot count on disk as ping does: a crash loses the
 * counter, and a restarted S numbers from 1 again (so R takes its new #1 for a duplicate).
 */
import type { NodeContext, NodeId, NodeView, Protocol } from '../../protocol';

export type PipeMessage =
  { type: 'Add'; seq: number; sentAtLocal: number; attempt: number } | { type: 'Ack'; seq: number };

export interface PipePersisted {
  readonly boots: number;
}

type Ctx = NodeContext<PipeMessage, PipePersisted>;

/** Bytes on the wire: at 0.5 bytes/ms an Add occupies the link for 200 ms (5 per second). */
const ADD_BYTES = 100;
const ACK_BYTES = 40;

// ---------- sender ----------

export interface PipeSenderOptions {
  readonly receiver: NodeId;
  /** Fixed, not adaptive: comfortably above the 2 × 80 ms round trip of the lesson's links. */
  readonly ackTimeoutMs: number;
  /** Attempts per message (the first send included) before giving up. */
  readonly maxAttempts: number;
}

/** A message sent and not yet acked. */
interface Outstanding {
  readonly seq: number;
  attempt: number;
  isTimerArmed: boolean;
}

export interface PipeSenderState {
  readonly options: PipeSenderOptions;
  boots: number;
  /** Distinct messages sent (= the last seq); retransmissions are counted apart. */
  sent: number;
  acked: number;
  /** In seq order; bounded by MAX_UNACKED. */
  unacked: Outstanding[];
  ackTimeouts: number;
  retransmissions: number;
  retransmit: boolean;
}

export interface PipeSenderView extends NodeView {
  readonly role: 'sender';
  readonly boots: number;
  readonly sent: number;
  readonly acked: number;
  readonly unacked: readonly number[];
  readonly ackTimeouts: number;
  readonly retransmissions: number;
  readonly retransmit: boolean;
}

const SENDER_DEFAULTS: PipeSenderOptions = { receiver: 'R', ackTimeoutMs: 600, maxAttempts: 8 };

/** S refuses to send more while this many messages await an ack: its memory is bounded. */
export const MAX_UNACKED = 300;

function readSenderOptions(raw: unknown): PipeSenderOptions {
  const o = (raw ?? {}) as Partial<Record<keyof PipeSenderOptions, unknown>>;
  const positive = (v: unknown, d: number) =>
    typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : d;
  return {
    receiver: typeof o.receiver === 'string' && o.receiver ? o.receiver : SENDER_DEFAULTS.receiver,
    ackTimeoutMs: positive(o.ackTimeoutMs, SENDER_DEFAULTS.ackTimeoutMs),
    maxAttempts: Math.floor(positive(o.maxAttempts, SENDER_DEFAULTS.maxAttempts)),
  };
}

const ackTimer = (seq: number) => `ack:${seq}`;

function transmit(s: PipeSenderState, out: Outstanding, ctx: Ctx): void {
  ctx.send(s.options.receiver, {
    type: 'Add',
    seq: out.seq,
    sentAtLocal: ctx.now(),
    attempt: out.attempt,
  });
  ctx.setTimer(ackTimer(out.seq), s.options.ackTimeoutMs);
  out.isTimerArmed = true;
}

function sendNew(s: PipeSenderState, count: number, ctx: Ctx): void {
  const room = MAX_UNACKED - s.unacked.length;
  if (room < count) {
    ctx.log(`has ${s.unacked.length} messages awaiting an ack; sends no more until some are acked`);
  }
  for (let i = 0; i < Math.min(count, room); i++) {
    s.sent++;
    const out: Outstanding = { seq: s.sent, attempt: 1, isTimerArmed: false };
    s.unacked.push(out);
    transmit(s, out, ctx);
  }
}

function onAck(s: PipeSenderState, seq: number, ctx: Ctx): void {
  const at = s.unacked.findIndex((o) => o.seq === seq);
  if (at < 0) {
    // The ack of a message that was already acked: R got it more than once.
    ctx.log(`another ack for #${seq} (already acked)`, null, { kind: 'duplicate-ack', seq });
    return;
  }
  s.unacked.splice(at, 1);
  s.acked++;
  ctx.cancelTimer(ackTimer(seq));
  ctx.log(`#${seq} acked`, null, { kind: 'acked', seq });
}

function onAckTimeout(s: PipeSenderState, seq: number, ctx: Ctx): void {
  const out = s.unacked.find((o) => o.seq === seq);
  if (!out) return;
  out.isTimerArmed = false;
  s.ackTimeouts++;
  ctx.log(`no ack for #${seq} after ${s.options.ackTimeoutMs} ms: lost? or just late?`, null, {
    kind: 'ack-timeout',
    seq,
    attempt: out.attempt,
  });
  if (!s.retransmit) return;
  if (out.attempt >= s.options.maxAttempts) {
    ctx.log(`gave up on #${seq} after ${out.attempt} attempts`, null, {
      kind: 'gave-up',
      seq,
      attempts: out.attempt,
    });
    return;
  }
  out.attempt++;
  s.retransmissions++;
  transmit(s, out, ctx);
  ctx.log(`resent #${seq} (attempt ${out.attempt})`, null, {
    kind: 'retransmitted',
    seq,
    attempt: out.attempt,
  });
}

function toggleRetransmit(s: PipeSenderState, ctx: Ctx): void {
  s.retransmit = !s.retransmit;
  if (s.retransmit) {
    // Messages whose timeout passed while retransmission was off get a fresh wait.
    for (const out of s.unacked) {
      if (!out.isTimerArmed && out.attempt < s.options.maxAttempts) {
        ctx.setTimer(ackTimer(out.seq), s.options.ackTimeoutMs);
        out.isTimerArmed = true;
      }
    }
  }
  ctx.log(
    s.retransmit
      ? `retransmission on: resends a message after ${s.options.ackTimeoutMs} ms without an ack`
      : 'retransmission off: a lost message stays lost',
    null,
    { kind: 'retransmit', on: s.retransmit },
  );
}

function bootSender(ctx: Ctx, raw: unknown, boots: number): PipeSenderState {
  ctx.persist({ boots });
  if (boots > 1) ctx.log(`restarted (boot ${boots}); numbers its messages from #1 again`);
  return {
    options: readSenderOptions(raw),
    boots,
    sent: 0,
    acked: 0,
    unacked: [],
    ackTimeouts: 0,
    retransmissions: 0,
    retransmit: false,
  };
}

export const pipeSender: Protocol<
  PipeSenderState,
  PipeMessage,
  PipePersisted,
  PipeSenderOptions,
  PipeSenderView
> = {
  id: 'pipe-sender',
  title: 'Sender',
  defaultOptions: SENDER_DEFAULTS,
  actions: [
    { id: 'send-1', label: 'Send 1', description: 'Send one numbered message to the receiver.' },
    { id: 'send-5', label: 'Send 5', description: 'Send five numbered messages at once.' },
    {
      id: 'burst-30',
      label: 'Burst 30',
      description: 'Send thirty messages at once: on a slow link they queue up.',
    },
    {
      id: 'retransmit',
      label: 'Retransmit on timeout',
      description: 'Turn resending a message that was not acked in time on or off.',
    },
  ],
  init: (ctx, options) => bootSender(ctx, options, 1),
  recover: (ctx, options, persisted) => bootSender(ctx, options, persisted.boots + 1),
  onMessage(state, _from, message, ctx) {
    switch (message.type) {
      case 'Ack':
        onAck(state, message.seq, ctx);
        break;
      case 'Add':
        break; // a sender receives no Adds
      default: {
        const never: never = message;
        throw new Error(`unexpected message ${JSON.stringify(never)}`);
      }
    }
  },
  onTimer(state, name, ctx) {
    if (!name.startsWith('ack:')) return;
    onAckTimeout(state, Number(name.slice('ack:'.length)), ctx);
  },
  onAction(state, action, ctx) {
    if (action.id === 'send-1') sendNew(state, 1, ctx);
    else if (action.id === 'send-5') sendNew(state, 5, ctx);
    else if (action.id === 'burst-30') sendNew(state, 30, ctx);
    else if (action.id === 'retransmit') toggleRetransmit(state, ctx);
  },
  view: (s) => ({
    role: 'sender',
    summary: `sent ${s.sent} · ${s.unacked.length} unacked`,
    boots: s.boots,
    sent: s.sent,
    acked: s.acked,
    unacked: s.unacked.map((o) => o.seq),
    ackTimeouts: s.ackTimeouts,
    retransmissions: s.retransmissions,
    retransmit: s.retransmit,
  }),
  messageSize: (m) => (m.type === 'Add' ? ADD_BYTES : ACK_BYTES),
};

// ---------- receiver ----------

export interface Arrival {
  readonly seq: number;
  /** Receiver's clock at arrival minus the sender's at sending: skew shows up here too. */
  readonly latencyMs: number;
  readonly attempt: number;
  /** Whether this seq (from this sender) had arrived before. */
  readonly duplicate: boolean;
}

/** The seqs seen from one sender: all of 1..upTo, plus the ones above a gap. */
interface Seen {
  upTo: number;
  above: number[];
}

export interface PipeReceiverState {
  boots: number;
  /** The naive count: one per arrival, duplicates included. */
  counter: number;
  distinct: number;
  duplicates: number;
  /** The most recent arrivals, oldest first; at most ARRIVALS_KEPT. */
  arrivals: Arrival[];
  seen: Record<NodeId, Seen>;
}

export interface PipeReceiverView extends NodeView {
  readonly role: 'receiver';
  readonly boots: number;
  readonly counter: number;
  readonly distinct: number;
  readonly duplicates: number;
  readonly arrivals: readonly Arrival[];
}

export const ARRIVALS_KEPT = 40;

/** Record seq as seen from `from`; true when it had been seen already. */
function markSeen(s: PipeReceiverState, from: NodeId, seq: number): boolean {
  const seen = (s.seen[from] ??= { upTo: 0, above: [] });
  if (seq <= seen.upTo || seen.above.includes(seq)) return true;
  seen.above.push(seq);
  while (seen.above.includes(seen.upTo + 1)) seen.upTo++;
  seen.above = seen.above.filter((n) => n > seen.upTo);
  return false;
}

function onAdd(
  s: PipeReceiverState,
  from: NodeId,
  m: Extract<PipeMessage, { type: 'Add' }>,
  ctx: Ctx,
): void {
  const duplicate = markSeen(s, from, m.seq);
  const latencyMs = ctx.now() - m.sentAtLocal;
  s.counter++;
  if (duplicate) s.duplicates++;
  else s.distinct++;
  s.arrivals.push({ seq: m.seq, latencyMs, attempt: m.attempt, duplicate });
  if (s.arrivals.length > ARRIVALS_KEPT) s.arrivals.shift();
  ctx.log(`got #${m.seq} after ${Math.round(latencyMs)} ms; counter ${s.counter}`, null, {
    kind: 'arrival',
    seq: m.seq,
    latencyMs,
    attempt: m.attempt,
    duplicate,
    counter: s.counter,
    distinct: s.distinct,
  });
  if (duplicate) {
    ctx.log(`#${m.seq} again: counted twice (counter ${s.counter}, ${s.distinct} distinct)`, null, {
      kind: 'duplicate-arrival',
      seq: m.seq,
    });
  }
  // Every copy is acked: the ack of the first copy may have been the one that was lost.
  ctx.send(from, { type: 'Ack', seq: m.seq });
}

function bootReceiver(ctx: Ctx, boots: number): PipeReceiverState {
  ctx.persist({ boots });
  if (boots > 1) ctx.log(`restarted (boot ${boots}); its counter starts again from 0`);
  return { boots, counter: 0, distinct: 0, duplicates: 0, arrivals: [], seen: {} };
}

export const pipeReceiver: Protocol<
  PipeReceiverState,
  PipeMessage,
  PipePersisted,
  null,
  PipeReceiverView
> = {
  id: 'pipe-receiver',
  title: 'Receiver',
  defaultOptions: null,
  actions: [],
  init: (ctx) => bootReceiver(ctx, 1),
  recover: (ctx, _options, persisted) => bootReceiver(ctx, persisted.boots + 1),
  onMessage(state, from, message, ctx) {
    switch (message.type) {
      case 'Add':
        onAdd(state, from, message, ctx);
        break;
      case 'Ack':
        break; // a receiver sends acks, it does not expect any
      default: {
        const never: never = message;
        throw new Error(`unexpected message ${JSON.stringify(never)}`);
      }
    }
  },
  onTimer() {},
  onAction() {},
  view: (s) => ({
    role: 'receiver',
    summary: `counter ${s.counter} · ${s.distinct} distinct`,
    boots: s.boots,
    counter: s.counter,
    distinct: s.distinct,
    duplicates: s.duplicates,
    arrivals: s.arrivals,
  }),
  messageSize: (m) => (m.type === 'Add' ? ADD_BYTES : ACK_BYTES),
};
