/**
 * Notes: the protocol of lesson 1, "No now". Each node keeps a log of notes; a learner
 * makes a node broadcast one, and every node appends notes in the order they reach it.
 * Three things the lesson is about fall out of that, with nothing staged:
 *  - concurrency: two broadcasts close together reach different nodes in different
 *    orders, so the logs disagree and neither order is "the" order;
 *  - no global clock: each note carries the sender's local clock reading, and with a
 *    skewed clock a note can be "received before it was sent" by the receiver's clock;
 *  - partial failure: a ping that gets no answer cannot say whether the peer crashed or
 *    is only slow (a paused peer answers late, a crashed one never does).
 * It persists only a boot count, so a restart shows that the log lived in memory.
 */
import type { NodeContext, NodeId, NodeView, Protocol } from '../../protocol';

/**
 * `boot` is the pinger's incarnation, echoed in the Pong: after a restart `seq` starts
 * again from 1, and a reply to the previous incarnation's ping must not pass for a reply
 * to the new one.
 */
export type NotesMessage =
  | { type: 'Note'; id: string; sentAtLocal: number }
  | { type: 'Ping'; seq: number; boot: number }
  | { type: 'Pong'; seq: number; boot: number };

export interface NotesOptions {
  /** How long a node waits for a Pong before it gives up on that peer (local ms). */
  readonly pingTimeoutMs: number;
}

export interface NotesPersisted {
  readonly boots: number;
}

/** One line of a node's log: a note, with both clocks' readings. */
export interface NoteEntry {
  readonly id: string;
  readonly from: NodeId;
  /** The sender's local clock when it sent the note. */
  readonly sentAtLocal: number;
  /** This node's local clock when the note reached it (equal to sentAtLocal for its own). */
  readonly receivedAtLocal: number;
}

export type PingOutcome = 'waiting' | 'pong' | 'timed-out' | 'late-reply';

export interface PingRecord {
  readonly peer: NodeId;
  readonly seq: number;
  readonly sentAtLocal: number;
  outcome: PingOutcome;
  /** Round trip, for a Pong in time or a late one; null while none came. */
  rttMs: number | null;
  /** When the timeout fired, by this node's clock; null while it has not. */
  gaveUpAtLocal: number | null;
  /** For a late reply: how long after the timeout it came. */
  lateByMs: number | null;
}

export interface NotesState {
  boots: number;
  notesSent: number;
  pingsSent: number;
  /** Notes in the order this node learned of them (the last MAX_LOG of them). */
  log: NoteEntry[];
  /** How many notes this node has learned of since it booted, including trimmed ones. */
  logLength: number;
  /** The last MAX_PINGS pings, per peer, oldest first. */
  pings: PingRecord[];
  options: NotesOptions;
}

export interface NotesView extends NodeView {
  readonly boots: number;
  readonly pingTimeoutMs: number;
  /** The last VIEW_LOG entries of the log, oldest first. */
  readonly log: readonly NoteEntry[];
  readonly logLength: number;
  /** The last VIEW_PINGS pings, oldest first. */
  readonly pings: readonly Readonly<PingRecord>[];
}

type Ctx = NodeContext<NotesMessage, NotesPersisted>;

/** Bounds on what a node keeps in memory, and on what its view carries each frame. */
const MAX_LOG = 500;
const MAX_PINGS = 50;
const VIEW_LOG = 30;
const VIEW_PINGS = 10;
/** How many note ids the one-line summary lists before it elides the older ones. */
const SUMMARY_NOTES = 8;

const DEFAULTS: NotesOptions = { pingTimeoutMs: 1000 };

function readOptions(raw: unknown): NotesOptions {
  const o = (raw ?? {}) as Partial<NotesOptions>;
  return {
    pingTimeoutMs:
      typeof o.pingTimeoutMs === 'number' && o.pingTimeoutMs > 0
        ? o.pingTimeoutMs
        : DEFAULTS.pingTimeoutMs,
  };
}

/**
 * The node reads its clock in whole milliseconds, as Date.now() does: what the log and
 * the panel show is exactly what "received before sent?" compares.
 */
const clock = (ctx: Ctx) => Math.floor(ctx.now());

/**
 * A1, A2, … on the first boot. The counter is not on disk, so a restarted node counts from
 * 1 again; its boot in the id keeps its new notes from passing for old ones (A1-boot2).
 */
function noteId(node: NodeId, n: number, boots: number): string {
  return boots === 1 ? `${node}${n}` : `${node}${n}-boot${boots}`;
}

const pingTimer = (peer: NodeId, seq: number) => `ping:${peer}:${seq}`;

function listNodes(ids: readonly NodeId[]): string {
  if (ids.length <= 1) return ids.join('');
  return `${ids.slice(0, -1).join(', ')} and ${ids[ids.length - 1]}`;
}

function boot(ctx: Ctx, options: NotesOptions, boots: number): NotesState {
  ctx.persist({ boots });
  if (boots > 1) {
    ctx.log(
      `restarted (boot ${boots}) with an empty log: the notes lived in memory and died with the process; only the boot count was on disk`,
      null,
      { kind: 'restarted', boots },
    );
  }
  return {
    boots,
    notesSent: 0,
    pingsSent: 0,
    log: [],
    logLength: 0,
    pings: [],
    options,
  };
}

function append(state: NotesState, entry: NoteEntry): void {
  state.log.push(entry);
  state.logLength++;
  if (state.log.length > MAX_LOG) state.log.splice(0, state.log.length - MAX_LOG);
}

function broadcast(state: NotesState, ctx: Ctx): void {
  state.notesSent++;
  const id = noteId(ctx.id, state.notesSent, state.boots);
  const now = clock(ctx);
  append(state, { id, from: ctx.id, sentAtLocal: now, receivedAtLocal: now });
  for (const peer of ctx.peers) ctx.send(peer, { type: 'Note', id, sentAtLocal: now });
  ctx.log(
    `wrote note ${id} to its own log at ${now} ms by its clock and sent it to ${listNodes(ctx.peers) || 'nobody'}`,
    null,
    { kind: 'note-sent', note: id, sentAtLocal: now },
  );
}

function receiveNote(
  state: NotesState,
  from: NodeId,
  message: Extract<NotesMessage, { type: 'Note' }>,
  ctx: Ctx,
): void {
  const { id, sentAtLocal } = message;
  const receivedAtLocal = clock(ctx);
  append(state, { id, from, sentAtLocal, receivedAtLocal });
  ctx.log(
    `received ${id} from ${from} at ${receivedAtLocal} ms by its clock (${from}'s clock said ${sentAtLocal} ms when it sent it)`,
    null,
    { kind: 'note-received', note: id, from, sentAtLocal, receivedAtLocal },
  );
  // Two clocks, two readings: nothing says they agree, so the difference is not a delay.
  if (receivedAtLocal < sentAtLocal) {
    ctx.log(
      `received ${id} at ${receivedAtLocal} ms by its clock, before ${from} sent it at ${sentAtLocal} ms: received before sent?`,
      'milestone',
      { kind: 'received-before-sent', note: id, from, sentAtLocal, receivedAtLocal },
    );
  }
}

function pingAll(state: NotesState, ctx: Ctx): void {
  state.pingsSent++;
  const seq = state.pingsSent;
  const now = clock(ctx);
  for (const peer of ctx.peers) {
    ctx.send(peer, { type: 'Ping', seq, boot: state.boots });
    ctx.setTimer(pingTimer(peer, seq), state.options.pingTimeoutMs);
    state.pings.push({
      peer,
      seq,
      sentAtLocal: now,
      outcome: 'waiting',
      rttMs: null,
      gaveUpAtLocal: null,
      lateByMs: null,
    });
  }
  // A ping dropped from the history here times out or answers into nothing: both are ignored.
  if (state.pings.length > MAX_PINGS) state.pings.splice(0, state.pings.length - MAX_PINGS);
  ctx.log(
    `pinged ${listNodes(ctx.peers) || 'nobody'} (ping ${seq}); will wait ${state.options.pingTimeoutMs} ms for each answer`,
    null,
    { kind: 'ping-sent', seq, peers: [...ctx.peers] },
  );
}

function findPing(state: NotesState, peer: NodeId, seq: number): PingRecord | undefined {
  return state.pings.find((p) => p.peer === peer && p.seq === seq);
}

function receivePong(state: NotesState, from: NodeId, seq: number, ctx: Ctx): void {
  const ping = findPing(state, from, seq);
  if (!ping) return;
  const now = clock(ctx);
  const rttMs = now - ping.sentAtLocal;
  switch (ping.outcome) {
    case 'waiting': {
      ctx.cancelTimer(pingTimer(from, seq));
      ping.outcome = 'pong';
      ping.rttMs = rttMs;
      ctx.log(`${from} answered ping ${seq} after ${rttMs} ms`, null, {
        kind: 'pong',
        peer: from,
        seq,
        rttMs,
      });
      return;
    }
    case 'timed-out': {
      const lateByMs = now - (ping.gaveUpAtLocal ?? now);
      ping.outcome = 'late-reply';
      ping.rttMs = rttMs;
      ping.lateByMs = lateByMs;
      ctx.log(
        `${from} answered ping ${seq} after all, ${lateByMs} ms after this node gave up on it: it was slow, not crashed`,
        null,
        { kind: 'late-reply', peer: from, seq, lateByMs },
      );
      return;
    }
    case 'pong':
    case 'late-reply':
      return; // a duplicate answer tells nothing new
    default: {
      const never: never = ping.outcome;
      throw new Error(`unexpected ping outcome ${String(never)}`);
    }
  }
}

function pingTimedOut(state: NotesState, name: string, ctx: Ctx): void {
  const match = /^ping:(.+):(\d+)$/.exec(name);
  if (!match) return;
  const [, peer = '', seqText = ''] = match;
  const ping = findPing(state, peer, Number(seqText));
  if (!ping || ping.outcome !== 'waiting') return;
  ping.outcome = 'timed-out';
  ping.gaveUpAtLocal = clock(ctx);
  ctx.log(
    `heard nothing from ${peer} for ${state.options.pingTimeoutMs} ms: crashed, or just slow?`,
    null,
    { kind: 'ping-timeout', peer, seq: ping.seq },
  );
}

function summary(state: NotesState): string {
  if (state.log.length === 0) return 'log empty';
  const ids = state.log.map((e) => e.id);
  const isElided = state.logLength > SUMMARY_NOTES;
  return `log: ${isElided ? '… ' : ''}${ids.slice(-SUMMARY_NOTES).join(' ')}`;
}

export const notes: Protocol<NotesState, NotesMessage, NotesPersisted, NotesOptions, NotesView> = {
  id: 'notes',
  title: 'Notes',
  defaultOptions: DEFAULTS,
  actions: [
    {
      id: 'broadcast',
      label: 'Broadcast note',
      description:
        'Write a new note to this node’s log, stamped with its local clock, and send it to every other node.',
    },
    {
      id: 'ping',
      label: 'Ping others',
      description:
        'Ask every other node for an answer, and give up on any that stays silent for the ping timeout.',
    },
  ],
  init: (ctx, options) => boot(ctx, readOptions(options), 1),
  recover: (ctx, options, persisted) => boot(ctx, readOptions(options), persisted.boots + 1),
  onMessage(state, from, message, ctx) {
    switch (message.type) {
      case 'Note':
        receiveNote(state, from, message, ctx);
        break;
      case 'Ping':
        ctx.send(from, { type: 'Pong', seq: message.seq, boot: message.boot });
        break;
      case 'Pong':
        if (message.boot === state.boots) receivePong(state, from, message.seq, ctx);
        break;
      default: {
        const never: never = message;
        throw new Error(`unexpected message ${JSON.stringify(never)}`);
      }
    }
  },
  onTimer(state, name, ctx) {
    pingTimedOut(state, name, ctx);
  },
  onAction(state, action, ctx) {
    if (action.id === 'broadcast') broadcast(state, ctx);
    else if (action.id === 'ping') pingAll(state, ctx);
  },
  view: (state) => ({
    role: 'peer',
    summary: summary(state),
    boots: state.boots,
    pingTimeoutMs: state.options.pingTimeoutMs,
    log: state.log.slice(-VIEW_LOG),
    logLength: state.logLength,
    pings: state.pings.slice(-VIEW_PINGS).map((p) => ({ ...p })),
  }),
  messageSize: () => 64,
};
