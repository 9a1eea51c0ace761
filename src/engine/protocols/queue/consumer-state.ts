/**
 * The consumer's state and the steps of its work loop (consumer.ts tells the story): fetch
 * while there is room, process the first job, finish it and start the next, give one up.
 */
import type { NodeContext, NodeView } from '../../protocol';
import { SLOW_FACTOR } from './consumer-actions';
import type { QueueFact } from './facts';
import type { Delivered, QueueMessage } from './messages';
import type { ConsumerOptions } from './options';
import type { AckMode } from './summary';

/** One delivery this consumer holds, in arrival order (the first is the one it processes). */
export interface Job extends Delivered {
  readonly group: string;
  acked: boolean;
  applying: boolean;
}

/** A crash armed by a learner's action, reached at its point in a handler. */
export type ArmedCrash = 'after-processing' | 'before-processing' | null;

/** What survives a crash: whether it is in its group (a learner's Leave holds) and its speed. */
export interface ConsumerDisk {
  readonly inGroup: boolean;
  readonly slow: boolean;
}

/** A consumer's whole state; only `inGroup` and `slow` survive a crash. */
export interface ConsumerState {
  readonly options: ConsumerOptions;
  inGroup: boolean;
  generation: number;
  partitions: number[];
  jobs: Job[];
  /** The first job's processing timer (or its store call) is running. */
  busy: boolean;
  fetching: boolean;
  armed: ArmedCrash;
  slow: boolean;
  /** Side effects it caused (applied at the store, not suppressed), since it booted. */
  processed: number;
  journal: QueueFact[];
}

/** What the stage and inspector show of a consumer. */
export interface ConsumerView extends NodeView {
  readonly group: string;
  readonly ackMode: AckMode;
  readonly idempotent: boolean;
  readonly inGroup: boolean;
  readonly generation: number;
  readonly partitions: readonly number[];
  readonly held: number;
  readonly processed: number;
  readonly slow: boolean;
  readonly armed: ArmedCrash;
}

/** The consumer's handler context. */
export type ConsumerCtx = NodeContext<QueueMessage, ConsumerDisk>;

/** Writes what survives a crash: membership and speed. */
export const save = (s: ConsumerState, ctx: ConsumerCtx) =>
  ctx.persist({ inGroup: s.inGroup, slow: s.slow });

/** Acknowledges on receipt: on-delivery mode, or the broken variant that does so regardless. */
export const acksOnDelivery = (o: ConsumerOptions): boolean =>
  o.ackMode === 'on-delivery' || o.broken === 'ack-before-process';

/** Acknowledges (or nacks) one delivery to the broker, naming it by partition, offset and delivery number. */
export function ack(s: ConsumerState, job: Job, type: 'Ack' | 'Nack', ctx: ConsumerCtx): void {
  ctx.send(s.options.broker, {
    type,
    group: job.group,
    partition: job.partition,
    offset: job.offset,
    delivery: job.delivery,
  });
}

/** Asks the broker for more messages when there is room under `prefetch` and no fetch is waiting. */
export function maybeFetch(s: ConsumerState, ctx: ConsumerCtx): void {
  const room = s.options.prefetch - s.jobs.length;
  if (!s.inGroup || s.fetching || room <= 0 || s.partitions.length === 0) return;
  s.fetching = true;
  ctx.send(s.options.broker, { type: 'Fetch', group: s.options.group, max: room });
  ctx.setTimer('poll', s.options.pollTimeoutMs);
}

/** Starts processing the first job, if idle (its timer is the processing time, longer when slowed). */
export function startNext(s: ConsumerState, ctx: ConsumerCtx): void {
  if (s.busy || s.jobs.length === 0) return;
  s.busy = true;
  ctx.setTimer('process', s.options.processingMs * (s.slow ? SLOW_FACTOR : 1));
}

/** The first job is done (or given up): on to the next, and fetch more. */
export function finish(s: ConsumerState, ctx: ConsumerCtx): void {
  s.jobs.shift();
  s.busy = false;
  ctx.cancelTimer('apply-timeout');
  startNext(s, ctx);
  maybeFetch(s, ctx);
}

/** Records, for the observer, a delivery dropped unprocessed and why. */
export function abandon(
  s: ConsumerState,
  job: Job,
  reason: 'poison' | 'apply-timeout' | 'revoked',
): void {
  s.journal.push({
    kind: 'abandoned',
    group: job.group,
    partition: job.partition,
    offset: job.offset,
    delivery: job.delivery,
    acked: job.acked,
    reason,
  });
}
