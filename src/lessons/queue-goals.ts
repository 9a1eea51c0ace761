/**
 * Goal vocabulary for the message-queue lesson (L16), over what the queue family publishes:
 * the `BrokerSummary` (the delivery checker's findings — lost, duplicated, reordered, each
 * with its causes — and the broker's queues), and the facts its nodes log: a producer's
 * `published`, a consumer's `processed`, the store's `side-effect` and `dedup-hit`. A goal
 * counts only what happened since its step began, and never parses the narration's words.
 */
import type { NodeId } from '../engine/protocol';
import { noLostMessage } from '../engine/protocols/queue/checker';
import type {
  BrokerSummary,
  DeliveryAnomaly,
  DeliveryCause,
} from '../engine/protocols/queue/summary';
import { entriesOf, factsOf, num, str, usedProtocolAction } from './goals';
import type { GoalContext } from './types';

/** The summary the queue observer publishes now (or when the step began), or null before the first frame. */
export function brokerSummary(
  ctx: GoalContext,
  when: 'now' | 'start' = 'now',
): BrokerSummary | null {
  const frame = when === 'now' ? ctx.frame : ctx.start.frame;
  const data = frame.checks.find((c) => c.id === noLostMessage.id)?.summary?.data;
  return data && typeof data === 'object' ? (data as unknown as BrokerSummary) : null;
}

/** The checker's findings of one kind made since the step began, oldest first. */
export const anomaliesThisStep = (
  ctx: GoalContext,
  kind: DeliveryAnomaly['kind'],
): DeliveryAnomaly[] =>
  (brokerSummary(ctx)?.anomalies ?? []).filter((a) => a.kind === kind && a.at >= ctx.start.time);

/** One message a producer published this step (its first send; a retry is not a new message). */
export interface Published {
  readonly msg: string;
  readonly key: string;
  readonly seq: number;
  readonly t: number;
}

/** The messages published this step, in publish order. */
export const publishedThisStep = (ctx: GoalContext): Published[] =>
  factsOf(ctx.trace, 'published').map((f) => ({
    msg: str(f, 'msg'),
    key: str(f, 'key'),
    seq: num(f, 'seq'),
    t: f.t,
  }));

/** Side effects applied at the store this step (a suppressed duplicate is not one), in order. */
export const sideEffectsThisStep = (
  ctx: GoalContext,
): { msg: string; group: string; t: number }[] =>
  factsOf(ctx.trace, 'side-effect').map((f) => ({
    msg: str(f, 'msg'),
    group: str(f, 'group'),
    t: f.t,
  }));

/** Duplicates the store's dedup table suppressed this step: message ids, in order. */
export const suppressedThisStep = (ctx: GoalContext): string[] =>
  factsOf(ctx.trace, 'dedup-hit').map((f) => str(f, 'msg'));

/** Messages each consumer processed with a side effect this step, by consumer, in order. */
export function processedBy(ctx: GoalContext): Map<NodeId, string[]> {
  const out = new Map<NodeId, string[]>();
  for (const f of factsOf(ctx.trace, 'processed'))
    if (f.fact.applied === true) out.set(f.node, [...(out.get(f.node) ?? []), str(f, 'msg')]);
  return out;
}

/** How many times each message took effect this step (per consumer group), by `group/msg`. */
export function effectCounts(ctx: GoalContext): Map<string, number> {
  const out = new Map<string, number>();
  for (const e of sideEffectsThisStep(ctx))
    out.set(`${e.group}/${e.msg}`, (out.get(`${e.group}/${e.msg}`) ?? 0) + 1);
  return out;
}

/**
 * The consumer that crashed this step right after a side effect, before its ack, as the
 * learner armed it ("Crash after processing, before the ack"): its crash came in the very
 * handler that logged the side effect. Returns it and the message, or null.
 */
export function crashedAfterSideEffect(ctx: GoalContext): { node: NodeId; msg: string } | null {
  for (const crash of entriesOf(ctx.trace, 'crash')) {
    if (!usedProtocolAction(ctx, 'crash-after-processing', crash.node)) continue;
    const done = factsOf(ctx.trace, 'processed', crash.node).find((f) => f.t === crash.t);
    if (done) return { node: crash.node, msg: str(done, 'msg') };
  }
  return null;
}

/**
 * The consumer that crashed this step as it began processing, as the learner armed it
 * ("Crash before processing"): no side effect in the handler where it died. Returns it, or null.
 */
export function crashedBeforeProcessing(ctx: GoalContext): NodeId | null {
  for (const crash of entriesOf(ctx.trace, 'crash')) {
    if (!usedProtocolAction(ctx, 'crash-before-processing', crash.node)) continue;
    const done = factsOf(ctx.trace, 'processed', crash.node).some((f) => f.t === crash.t);
    if (!done) return crash.node;
  }
  return null;
}

/** A cause of one of the checker's findings, found by kind. */
export const causeOf = <K extends DeliveryCause['kind']>(
  a: DeliveryAnomaly | undefined,
  kind: K,
): Extract<DeliveryCause, { kind: K }> | undefined =>
  a?.causes.find((c): c is Extract<DeliveryCause, { kind: K }> => c.kind === kind);

/** Messages with one key published this step, in publish order. */
export const publishedWithKey = (ctx: GoalContext, key: string): Published[] =>
  publishedThisStep(ctx).filter((p) => p.key === key);

/** The order in which messages took effect (first side effects only), as message ids. */
export function effectOrder(ctx: GoalContext, msgs: readonly string[]): string[] {
  const seen = new Set<string>();
  const order: string[] = [];
  for (const e of sideEffectsThisStep(ctx))
    if (msgs.includes(e.msg) && !seen.has(e.msg)) {
      seen.add(e.msg);
      order.push(e.msg);
    }
  return order;
}

/** Messages waiting at the broker now, over every group and partition. */
export const backlog = (ctx: GoalContext): number =>
  (brokerSummary(ctx)?.partitions ?? []).reduce((n, p) => n + p.depth, 0);

/** Milliseconds, rounded, in words. */
export const ms = (v: number): string => `${Math.round(v)} ms`;
