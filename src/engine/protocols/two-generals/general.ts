/**
 * The two generals (Akkoyunlu, Ekanadham & Huber 1975; Gray 1978): general A must agree with
 * general B on whether to attack at dawn, but every message crosses a valley where a messenger
 * may be captured. The protocol is a chain of `rounds` messages, alternately A→B and B→A:
 * round 1 is A's plan, round 2 B's acknowledgement, round 3 A's acknowledgement of that, …
 * Each message goes out as `messengers` copies, `spacingMs` apart; the first copy to arrive
 * counts, and its receiver sends the next round. At dawn (its own clock) each general decides.
 *
 * The decision rule is the variant's: under `all` a general attacks only if it received every
 * message of the chain addressed to it (A, the initiator, attacks under a one-round plan with
 * nothing to wait for); under `first` it attacks once it has heard anything (or made the plan).
 * Whatever the rule and the number of rounds, capturing the last messenger that matters leaves
 * its sender unable to tell whether the other will attack: no finite exchange gives both
 * generals certainty (Halpern & Moses, JACM 1990: common knowledge cannot be gained over an
 * unreliable link). More messengers per round make coordination likelier, never certain.
 *
 * State survives a crash (what a general heard and decided is written down); a general that is
 * down at dawn does not attack.
 */
import type { Json, NodeContext, NodeId, NodeView, Protocol } from '../../protocol';
import { attackNeedsPlan, generalsAgree } from './invariants';
import { GENERALS_BROKEN_VARIANTS, type GeneralsBrokenVariant } from './variants';

/** A messenger carrying round `round` of the chain; `copy` counts the copies of that round (1…). */
export interface Messenger {
  readonly type: 'Messenger';
  readonly round: number;
  readonly copy: number;
}

/** When a general attacks: see the module comment. */
export type DecisionRule = 'all' | 'first';

export interface GeneralOptions {
  /** Messages in the chain, 1…8 (1: the plan only; 2: plus an acknowledgement; …). */
  readonly rounds: number;
  /** Copies sent of each message, 1…20. */
  readonly messengers: number;
  /** Local ms between copies of one message. */
  readonly spacingMs: number;
  /** Local time of dawn, ms: when each general decides. */
  readonly dawnMs: number;
  readonly rule: DecisionRule;
  /** The general who makes the plan and sends round 1. */
  readonly initiator: boolean;
  /** A broken variant, or null for the protocol as designed. */
  readonly broken: GeneralsBrokenVariant | null;
  /**
   * `fixed`: `messengers` copies of each message. `until-ack`: each message but the last is
   * resent every `spacingMs` until the next round arrives (at most 20 copies), and every copy
   * received is answered — retransmission, as at-least-once delivery does it.
   */
  readonly resend: Resend;
  /** How the views tell it: two generals, or a payment (A pays, B is the bank: each copy of round 1 that reaches B is a charge). */
  readonly story: Story;
}

export type Resend = 'fixed' | 'until-ack';
export type Story = 'generals' | 'payment';

/** Copies of one message at most when resending until acknowledged. */
export const MAX_RESENDS = 20;

export type Decision = 'attack' | 'hold' | 'undecided';

/** What a general writes down as it goes (all of its state that matters survives a crash). */
export interface GeneralPersisted {
  readonly heard: number;
  readonly sent: number;
  readonly copiesSent: number;
  readonly decision: Decision;
  /** Copies received per round: the bank's charges in the payment story, so they survive a crash. */
  readonly arrivals: readonly number[];
}

export interface GeneralState extends GeneralPersisted {
  /** The highest round received (0: none). Round r can only follow this general's round r − 1. */
  heard: number;
  /** The highest round this general has started sending (0: none). */
  sent: number;
  /** Copies of round `sent` sent so far. */
  copiesSent: number;
  /** Copies that reached this general, per round (index round − 1; rounds it does not receive stay 0). */
  arrivals: number[];
  /** Messengers that reached this general since it booted, duplicates included. */
  received: number;
  decision: Decision;
  readonly options: GeneralOptions;
}

export interface GeneralView extends NodeView {
  readonly decision: Decision;
  readonly initiator: boolean;
  readonly heard: number;
  readonly sent: number;
  readonly rounds: number;
  /** Levels of "I know that you know that …" this general holds (see `knowledgeDepth`). */
  readonly knowledgeDepth: number;
  /** Whether the last message it sent is known (by a reply) to have arrived. */
  readonly lastSentConfirmed: boolean;
  readonly received: number;
  /** Copies received per round, on disk (index round − 1): the bank's charges are arrivals[0]. */
  readonly arrivals: readonly number[];
}

/** What a general's `observe` gives the checkers (invariants.ts). */
export interface GeneralSeen {
  readonly decision: Decision;
  readonly heard: number;
  readonly sent: number;
  readonly copiesSent: number;
  readonly arrivals: readonly number[];
  readonly initiator: boolean;
  readonly rounds: number;
  readonly messengers: number;
  readonly rule: DecisionRule;
  readonly dawnMs: number;
  readonly resend: Resend;
  readonly story: Story;
}

type Ctx = NodeContext<Messenger, GeneralPersisted>;

export const GENERAL_DEFAULTS: GeneralOptions = {
  rounds: 2,
  messengers: 1,
  spacingMs: 200,
  dawnMs: 6_000,
  rule: 'all',
  initiator: false,
  broken: null,
  resend: 'fixed',
  story: 'generals',
};

const intIn = (v: unknown, lo: number, hi: number, fallback: number): number =>
  typeof v === 'number' && Number.isInteger(v) && v >= lo && v <= hi ? v : fallback;

/** Reads untrusted options (a share link's settings arrive here), falling back field by field. */
export function readGeneralOptions(raw: unknown): GeneralOptions {
  const o = (raw ?? {}) as Partial<GeneralOptions>;
  const d = GENERAL_DEFAULTS;
  return {
    rounds: intIn(o.rounds, 1, 8, d.rounds),
    messengers: intIn(o.messengers, 1, 20, d.messengers),
    spacingMs: intIn(o.spacingMs, 1, 60_000, d.spacingMs),
    dawnMs: intIn(o.dawnMs, 1, 3_600_000, d.dawnMs),
    rule: o.rule === 'first' ? 'first' : 'all',
    initiator: o.initiator === true,
    broken: GENERALS_BROKEN_VARIANTS.find((b) => b.id === o.broken)?.id ?? null,
    resend: o.resend === 'until-ack' ? 'until-ack' : 'fixed',
    story: o.story === 'payment' ? 'payment' : 'generals',
  };
}

/** Rounds are sent by the initiator when odd, by the other general when even. */
export const senderIsInitiator = (round: number): boolean => round % 2 === 1;

/**
 * The last round of a `rounds`-long chain addressed to a general (0 if none is: the initiator
 * of a one-round plan).
 */
export function lastRoundTo(initiator: boolean, rounds: number): number {
  for (let r = rounds; r >= 1; r--) if (senderIsInitiator(r) !== initiator) return r;
  return 0;
}

/**
 * Levels of knowledge: having received round r, a general knows the chain up to r — B after
 * round 1 knows the plan (1), A after round 2 knows B knows it (2), B after round 3 knows A
 * knows B knows (3). The initiator starts at 0 (it knows its own plan); so does the other.
 */
export const knowledgeDepth = (heard: number): number => heard;

/** What the general does at dawn under its rule (pure, for tests and the sandbox's search). */
export function decide(options: GeneralOptions, heard: number): 'attack' | 'hold' {
  if (options.broken === 'attack-anyway') return 'attack';
  if (options.rule === 'first') return options.initiator || heard >= 1 ? 'attack' : 'hold';
  return heard >= lastRoundTo(options.initiator, options.rounds) ? 'attack' : 'hold';
}

function save(state: GeneralState, ctx: Ctx): void {
  ctx.persist({
    heard: state.heard,
    sent: state.sent,
    copiesSent: state.copiesSent,
    decision: state.decision,
    arrivals: state.arrivals,
  });
}

/**
 * Copies of `round` to send on its own: the set number, or — resending until acknowledged —
 * up to MAX_RESENDS for a round that expects an answer, and one for the last (answered copies
 * of it are sent as duplicates arrive).
 */
export function copiesWanted(options: GeneralOptions, round: number): number {
  if (options.resend === 'fixed') return options.messengers;
  return round < options.rounds ? MAX_RESENDS : 1;
}

/** Sends the next copy of round `state.sent`, and arms the timer for the one after. */
function sendCopy(state: GeneralState, peer: NodeId, ctx: Ctx): void {
  const round = state.sent;
  const wanted = copiesWanted(state.options, round);
  state.copiesSent++;
  save(state, ctx);
  ctx.send(peer, { type: 'Messenger', round, copy: state.copiesSent });
  ctx.log(
    state.options.resend === 'fixed'
      ? `sent messenger ${state.copiesSent} of ${wanted} with round ${round}`
      : `sent round ${round} (copy ${state.copiesSent})`,
    null,
    { kind: 'messenger-sent', round, copy: state.copiesSent },
  );
  if (state.copiesSent < wanted) ctx.setTimer('copy', state.options.spacingMs);
}

/** Starts sending round `round` (the first copy now, the rest spaced). */
function startRound(state: GeneralState, round: number, peer: NodeId, ctx: Ctx): void {
  state.sent = round;
  state.copiesSent = 0;
  sendCopy(state, peer, ctx);
}

function boot(ctx: Ctx, options: GeneralOptions, saved: GeneralPersisted | null): GeneralState {
  const state: GeneralState = {
    heard: saved?.heard ?? 0,
    sent: saved?.sent ?? 0,
    copiesSent: saved?.copiesSent ?? 0,
    decision: saved?.decision ?? 'undecided',
    received: 0,
    arrivals: Array.from({ length: options.rounds }, (_, i) => saved?.arrivals?.[i] ?? 0),
    options,
  };
  if (state.decision === 'undecided') {
    // Dawn is a time of day on this general's clock; after a crash past dawn it has missed it.
    if (ctx.now() >= options.dawnMs) {
      state.decision = 'hold';
      save(state, ctx);
      ctx.log('was down at dawn: holds', 'milestone', {
        kind: 'decided',
        decision: 'hold',
        heard: state.heard,
      });
    } else ctx.setTimer('dawn', options.dawnMs - ctx.now());
  }
  const peer = ctx.peers[0];
  if (peer === undefined || state.decision !== 'undecided') return state;
  if (options.initiator && state.sent === 0) startRound(state, 1, peer, ctx);
  else if (
    state.sent > 0 &&
    state.heard < state.sent &&
    state.copiesSent < copiesWanted(options, state.sent)
  )
    ctx.setTimer('copy', options.spacingMs);
  return state;
}

/** The line under the node on the stage, in the story's terms. */
function summaryLine(state: GeneralState): string {
  if (state.options.story === 'payment')
    return state.options.initiator
      ? state.heard >= 2
        ? 'has a receipt'
        : 'no receipt'
      : `charged ${state.arrivals[0] ?? 0}×`;
  if (state.decision === 'undecided') return `heard ${state.heard} of ${state.options.rounds}`;
  return state.decision === 'attack' ? 'attacks' : 'holds';
}

const seen = (state: GeneralState): GeneralSeen => ({
  decision: state.decision,
  heard: state.heard,
  sent: state.sent,
  copiesSent: state.copiesSent,
  arrivals: state.arrivals,
  initiator: state.options.initiator,
  rounds: state.options.rounds,
  messengers: state.options.messengers,
  rule: state.options.rule,
  dawnMs: state.options.dawnMs,
  resend: state.options.resend,
  story: state.options.story,
});

export const general: Protocol<
  GeneralState,
  Messenger,
  GeneralPersisted,
  GeneralOptions,
  GeneralView
> = {
  id: 'general',
  title: 'General',
  defaultOptions: GENERAL_DEFAULTS,
  actions: [],
  init: (ctx, options) => boot(ctx, readGeneralOptions(options), null),
  recover: (ctx, options, persisted) => boot(ctx, readGeneralOptions(options), persisted),
  onMessage(state, from, message, ctx) {
    state.received++;
    const { round } = message;
    if (round >= 1 && round <= state.options.rounds) {
      state.arrivals[round - 1] = (state.arrivals[round - 1] ?? 0) + 1;
      // Written down as it arrives: in the payment story each arrival is a charge on the ledger.
      save(state, ctx);
    }
    // The chain's next link: the round after the one this general sent, from the other side.
    const fresh = round === state.sent + 1 && senderIsInitiator(round) !== state.options.initiator;
    if (!fresh || state.decision !== 'undecided') {
      // After dawn even the first messenger of a round changes nothing: it is too late.
      const why = fresh
        ? `a messenger with round ${round} after dawn: too late, already decided`
        : `another messenger with round ${round}: nothing new`;
      ctx.log(why, null, {
        kind: 'messenger-received',
        round,
        copy: message.copy,
        first: false,
      });
      // Resending until acknowledged: a copy of the round just answered means the answer
      // may be lost, so answer it again (at-least-once delivery's receiver does the same).
      if (state.options.resend === 'until-ack' && round === state.heard && state.sent === round + 1)
        sendCopy(state, from, ctx);
      return;
    }
    state.heard = round;
    ctx.log(`a messenger got through with round ${round}`, null, {
      kind: 'messenger-received',
      round,
      copy: message.copy,
      first: true,
    });
    ctx.cancelTimer('copy');
    if (round < state.options.rounds) startRound(state, round + 1, from, ctx);
    else save(state, ctx);
  },
  onTimer(state, name, ctx) {
    const peer = ctx.peers[0];
    if (name === 'copy' && peer !== undefined && state.decision === 'undecided') {
      sendCopy(state, peer, ctx);
    } else if (name === 'dawn' && state.decision === 'undecided') {
      state.decision = decide(state.options, state.heard);
      ctx.cancelTimer('copy');
      save(state, ctx);
      ctx.log(state.decision === 'attack' ? 'dawn: attacks' : 'dawn: holds', 'milestone', {
        kind: 'decided',
        decision: state.decision,
        heard: state.heard,
      });
    }
  },
  onAction() {},
  view: (state) => ({
    // The payment story casts the same two nodes as a payer and a bank.
    role:
      state.options.story === 'payment' ? (state.options.initiator ? 'payer' : 'bank') : 'general',
    summary: summaryLine(state),
    decision: state.decision,
    initiator: state.options.initiator,
    heard: state.heard,
    sent: state.sent,
    rounds: state.options.rounds,
    knowledgeDepth: knowledgeDepth(state.heard),
    lastSentConfirmed: state.sent > 0 && state.heard > state.sent,
    received: state.received,
    arrivals: state.arrivals,
  }),
  observe: (state) => seen(state) as unknown as Json,
  invariants: [generalsAgree, attackNeedsPlan],
  messageSize: () => 48,
};
