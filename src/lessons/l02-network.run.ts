/**
 * What L02's goals and reveals read from the run: this step's messages, what reached R, what
 * the learner set on the link.
 */
import type { SimAction } from '../engine/sim/actions';
import { actionsOf, entriesOf, factsOf, inWords, nodeById, num, viewField } from './goals';
import type { GoalContext } from './types';

export const CONTROLS = ['play', 'step', 'speed'] as const;

/** The link back to how the lesson began: 80 ms each way, nothing else. */
export const CLEAN_LINK: readonly SimAction[] = (['S', 'R'] as const).map((from) => ({
  type: 'link',
  from,
  to: from === 'S' ? 'R' : 'S',
  config: {
    latencyMs: 80,
    jitterMs: 0,
    loss: 0,
    duplicate: 0,
    reorder: 0,
    bandwidthBytesPerMs: null,
    ordering: 'any',
  },
}));

/**
 * S's messages numbered since the step began: seqs above what S had sent when it began.
 * Only these count toward a step's goals — a burst still queued from an earlier step, or
 * S resending what an earlier step left unacknowledged, is not this step's doing.
 */
export function ownSeq(ctx: GoalContext): (seq: number) => boolean {
  const before = viewField(nodeById(ctx, 'S', 'start'), 'sent');
  const from = typeof before === 'number' ? before : 0;
  return (seq) => seq > from;
}

/** R's arrivals of messages numbered in this step (duplicates included), oldest first. */
export const arrivals = (ctx: GoalContext) => {
  const own = ownSeq(ctx);
  return factsOf(ctx.trace, 'arrival', 'R').filter((f) => own(num(f, 'seq')));
};

/** Second (or later) copies of this step's messages reaching R. */
export const duplicateArrivals = (ctx: GoalContext) => {
  const own = ownSeq(ctx);
  return factsOf(ctx.trace, 'duplicate-arrival', 'R').filter((f) => own(num(f, 'seq')));
};

/** The learner set this link field (either direction) to a value passing `ok`. */
export function linkSet(
  ctx: GoalContext,
  field: 'jitterMs' | 'loss' | 'bandwidthBytesPerMs',
  ok: (v: number) => boolean,
): boolean {
  return actionsOf(ctx, 'link').some((a) => {
    const v = a.config[field];
    return typeof v === 'number' && ok(v);
  });
}

/** This step's messages leaving S (first sends and resends alike). */
export const addsSent = (ctx: GoalContext) => {
  const own = ownSeq(ctx);
  return entriesOf(ctx.trace, 'send').filter(
    (e) => e.node === 'S' && e.kind === 'Add' && own(seqOf(e.payload)),
  );
};

export function burstRatio(ctx: GoalContext): number {
  const seen = arrivals(ctx);
  const first = seen[0];
  const last = seen.at(-1);
  if (!first || !last || seen.length < 2) return 0;
  return num(last, 'latencyMs') / Math.max(1, num(first, 'latencyMs'));
}

export const distinctArrived = (ctx: GoalContext) =>
  new Set(arrivals(ctx).map((f) => num(f, 'seq'))).size;

export const seqOf = (payload: unknown): number =>
  typeof payload === 'object' && payload !== null && 'seq' in payload
    ? Number((payload as { seq: unknown }).seq)
    : Number.NaN;

/** This step's distinct messages that left S, by seq, lowest first. */
export const seqsSent = (ctx: GoalContext) =>
  [...new Set(addsSent(ctx).map((e) => seqOf(e.payload)))].sort((a, b) => a - b);

export const numbered = (seqs: readonly number[]) => inWords(seqs.map((n) => `#${n}`));

export const ms = (v: number) => `${Math.round(v)} ms`;

/** This step's messages S still waits an ack for. */
export function unackedNow(ctx: GoalContext): number[] {
  const own = ownSeq(ctx);
  const list = viewField(nodeById(ctx, 'S'), 'unacked');
  return Array.isArray(list)
    ? list.filter((n): n is number => typeof n === 'number' && own(n))
    : [];
}

/** Sequence numbers of the messages the learner dropped in this step. */
export function droppedSeqs(ctx: GoalContext): Set<number> {
  const dropped = new Set(actionsOf(ctx, 'drop-message').map((a) => a.msg));
  return new Set(
    entriesOf(ctx.trace, 'send')
      .filter((e) => dropped.has(e.msg))
      .map((e) => seqOf(e.payload)),
  );
}

/** The id of an Add message in flight from S (the golden path's target). */
export function inFlightAdd(ctx: GoalContext): number {
  const m = ctx.frame.inFlight.find((f) => f.kind === 'Add' && f.from === 'S');
  if (!m) throw new Error('no Add message in flight');
  return m.id;
}
