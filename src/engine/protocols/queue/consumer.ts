/**
 * A consumer (`queue-consumer`) in a consumer group: it heartbeats to the broker (which is its
 * group coordinator), takes the partitions the broker assigns it, fetches up to `prefetch`
 * messages at a time (a long poll), and processes them one by one: `processingMs`, then the
 * message's side effect at the store (its database), then — acknowledging after processing —
 * the ack. Acknowledging on delivery it acks each message as it arrives (at-most-once: a crash
 * mid-processing loses it); after processing (at-least-once: a crash after the side effect,
 * before the ack, gets it redelivered and applied twice unless the consumer is idempotent).
 *
 * A poison message fails processing: the consumer nacks it (requeue) and the broker
 * dead-letters it after `maxDeliveries`. When the store does not answer in `applyTimeoutMs`
 * the message is given up (nacked, after processing). When a rebalance takes a partition away
 * it drops the messages of that partition it had not started (they will be redelivered to the
 * new owner); the one it is processing finishes, and its late ack is refused as stale.
 *
 * Sources: RabbitMQ "Consumer Acknowledgements and Publisher Confirms" (automatic vs manual
 * acks, basic.nack with requeue, prefetch); Amazon SQS Developer Guide (visibility timeout);
 * Chris Richardson, "Idempotent Consumer" pattern (record processed message ids in the same
 * transaction as the side effect).
 */
import type { Json, Protocol } from '../../protocol';
import { CONSUMER_ACTIONS, SLOW_FACTOR } from './consumer-actions';
import type { HeldJob, QueueSeen } from './facts';
import {
  abandon,
  ack,
  acksOnDelivery,
  finish,
  maybeFetch,
  save,
  startNext,
  type ConsumerCtx as Ctx,
  type ConsumerDisk,
  type ConsumerState,
  type ConsumerView,
  type Job,
} from './consumer-state';
export type { ArmedCrash, ConsumerDisk, ConsumerState, ConsumerView, Job } from './consumer-state';
import type { QueueMessage } from './messages';
import { CONSUMER_DEFAULTS, readConsumerOptions, type ConsumerOptions } from './options';

function boot(
  ctx: Ctx,
  options: ConsumerOptions,
  disk: ConsumerDisk | null,
  joined: boolean,
): ConsumerState {
  const s: ConsumerState = {
    options,
    inGroup: disk?.inGroup ?? joined,
    generation: 0,
    partitions: [],
    jobs: [],
    busy: false,
    fetching: false,
    armed: null,
    slow: disk?.slow ?? false,
    processed: 0,
    journal: [],
  };
  if (s.inGroup) {
    ctx.send(options.broker, { type: 'Heartbeat', group: options.group, generation: 0 });
    ctx.setTimer('heartbeat', options.heartbeatMs);
  }
  return s;
}

const joinedOption = (raw: unknown): boolean =>
  !(raw !== null && typeof raw === 'object' && (raw as { joined?: unknown }).joined === false);

export const queueConsumer: Protocol<
  ConsumerState,
  QueueMessage,
  ConsumerDisk,
  ConsumerOptions,
  ConsumerView
> = {
  id: 'queue-consumer',
  title: 'Consumer',
  defaultOptions: CONSUMER_DEFAULTS,
  actions: CONSUMER_ACTIONS,
  init: (ctx, options) => boot(ctx, readConsumerOptions(options), null, joinedOption(options)),
  recover: (ctx, options, disk) => boot(ctx, readConsumerOptions(options), disk, true),
  onMessage(s, _from, m, ctx) {
    s.journal = [];
    switch (m.type) {
      case 'Assignment': {
        if (m.group !== s.options.group || m.generation < s.generation || !s.inGroup) return;
        s.generation = m.generation;
        s.partitions = [...m.partitions];
        ctx.log(
          m.partitions.length
            ? `assigned partitions ${m.partitions.join(', ')} (generation ${m.generation})`
            : `assigned no partition (generation ${m.generation}): idle`,
          null,
          {
            kind: 'assigned',
            group: m.group,
            generation: m.generation,
            partitions: m.partitions.length,
          },
        );
        // Messages of a partition taken away, not yet started, are the new owner's now: the
        // broker redelivers them. Acknowledged ones (on delivery) are this consumer's to finish.
        const kept = s.jobs.filter(
          (j, i) => (s.busy && i === 0) || j.acked || s.partitions.includes(j.partition),
        );
        for (const j of s.jobs) if (!kept.includes(j)) abandon(s, j, 'revoked');
        s.jobs = kept;
        maybeFetch(s, ctx);
        return;
      }
      case 'Deliver': {
        s.fetching = false;
        ctx.cancelTimer('poll');
        // Out of the group, its deliveries were already handed back to the others.
        if (!s.inGroup || m.group !== s.options.group) return;
        for (const d of m.messages) {
          const job: Job = { ...d, group: m.group, acked: false, applying: false };
          if (acksOnDelivery(s.options)) {
            job.acked = true;
            ack(s, job, 'Ack', ctx);
          }
          s.jobs.push(job);
        }
        startNext(s, ctx);
        maybeFetch(s, ctx);
        return;
      }
      case 'Applied': {
        const job = s.jobs[0];
        if (
          !job ||
          !job.applying ||
          job.offset !== m.offset ||
          job.partition !== m.partition ||
          job.delivery !== m.delivery
        )
          return;
        if (m.applied) s.processed++;
        ctx.log(
          m.applied
            ? `processed ${job.msg}: side effect applied`
            : `processed ${job.msg}: a duplicate, suppressed by the dedup table`,
          null,
          { kind: 'processed', msg: job.msg, applied: m.applied, delivery: job.delivery },
        );
        if (s.armed === 'after-processing') {
          s.armed = null;
          ctx.crashPoint(`after processing ${job.msg}, before the ack`);
          return;
        }
        if (!job.acked) ack(s, job, 'Ack', ctx);
        finish(s, ctx);
        return;
      }
      case 'Publish':
      case 'Confirm':
      case 'Heartbeat':
      case 'Leave':
      case 'Fetch':
      case 'Ack':
      case 'Nack':
      case 'Apply':
        return;
      default: {
        const never: never = m;
        return never;
      }
    }
  },
  onTimer(s, name, ctx) {
    s.journal = [];
    switch (name) {
      case 'heartbeat':
        if (!s.inGroup) return;
        ctx.send(s.options.broker, {
          type: 'Heartbeat',
          group: s.options.group,
          generation: s.generation,
        });
        ctx.setTimer('heartbeat', s.options.heartbeatMs);
        return;
      case 'poll':
        s.fetching = false;
        maybeFetch(s, ctx);
        return;
      case 'process': {
        const job = s.jobs[0];
        if (!job) {
          s.busy = false;
          return;
        }
        if (s.armed === 'before-processing') {
          s.armed = null;
          ctx.crashPoint(`before processing ${job.msg}`);
          return;
        }
        if (job.poison) {
          ctx.log(`processing ${job.msg} failed: a poison message`, null, {
            kind: 'processing-failed',
            msg: job.msg,
            delivery: job.delivery,
          });
          abandon(s, job, 'poison');
          if (!job.acked) ack(s, job, 'Nack', ctx);
          finish(s, ctx);
          return;
        }
        job.applying = true;
        ctx.send(s.options.store, {
          type: 'Apply',
          group: job.group,
          msg: job.msg,
          key: job.key,
          partition: job.partition,
          offset: job.offset,
          delivery: job.delivery,
          dedup: s.options.idempotent,
        });
        ctx.setTimer('apply-timeout', s.options.applyTimeoutMs);
        return;
      }
      case 'apply-timeout': {
        const job = s.jobs[0];
        if (!job?.applying) return;
        ctx.log(`the store did not answer for ${job.msg}: given up`, null, {
          kind: 'apply-timeout',
          msg: job.msg,
        });
        abandon(s, job, 'apply-timeout');
        if (!job.acked) ack(s, job, 'Nack', ctx);
        finish(s, ctx);
        return;
      }
    }
  },
  onAction(s, action, ctx) {
    s.journal = [];
    switch (action.id) {
      case 'crash-after-processing':
      case 'crash-before-processing':
        s.armed = action.id === 'crash-after-processing' ? 'after-processing' : 'before-processing';
        ctx.log(
          s.armed === 'after-processing'
            ? 'armed: will crash after its next side effect, before the ack'
            : 'armed: will crash as it starts processing its next message',
        );
        return;
      case 'disarm':
        if (s.armed !== null) ctx.log('disarmed: no crash armed');
        s.armed = null;
        return;
      case 'slow-down':
      case 'speed-up':
        s.slow = action.id === 'slow-down';
        save(s, ctx);
        ctx.log(s.slow ? `slowed down ${SLOW_FACTOR}×` : 'back to normal speed');
        return;
      case 'leave-group':
        if (!s.inGroup) return;
        s.inGroup = false;
        save(s, ctx);
        ctx.send(s.options.broker, { type: 'Leave', group: s.options.group });
        ctx.cancelTimer('heartbeat');
        ctx.cancelTimer('poll');
        for (const j of s.jobs.slice(s.busy ? 1 : 0)) if (!j.acked) abandon(s, j, 'revoked');
        s.jobs = s.jobs.filter((j, i) => (s.busy && i === 0) || j.acked);
        s.partitions = [];
        s.fetching = false;
        // Back in, it asks as a newcomer would (generation 0): if this Leave is lost, the
        // broker still answers its heartbeat with the group's assignment.
        s.generation = 0;
        ctx.log(`left group ${s.options.group}`, null, {
          kind: 'left-group',
          group: s.options.group,
        });
        return;
      case 'join-group':
        if (s.inGroup) return;
        s.inGroup = true;
        save(s, ctx);
        ctx.send(s.options.broker, {
          type: 'Heartbeat',
          group: s.options.group,
          generation: s.generation,
        });
        ctx.setTimer('heartbeat', s.options.heartbeatMs);
        ctx.log(`joining group ${s.options.group}`, null, {
          kind: 'joining-group',
          group: s.options.group,
        });
        return;
    }
  },
  view: (s) => {
    const standing = !s.inGroup
      ? 'not in group'
      : s.generation > 0 && s.partitions.length === 0
        ? 'idle'
        : undefined;
    return {
      role: 'consumer',
      summary: `${s.partitions.length ? `p${s.partitions.join(',p')}` : 'no partition'} · ${s.jobs.length} held · ${s.processed} done${s.slow ? ' · slow' : ''}`,
      ...(standing ? { standing } : {}),
      group: s.options.group,
      ackMode: s.options.ackMode,
      idempotent: s.options.idempotent,
      inGroup: s.inGroup,
      generation: s.generation,
      partitions: s.partitions,
      held: s.jobs.length,
      processed: s.processed,
      slow: s.slow,
      armed: s.armed,
    };
  },
  observe: (s): Json => {
    const held: HeldJob[] = s.jobs.map((j) => ({
      group: j.group,
      partition: j.partition,
      offset: j.offset,
      delivery: j.delivery,
      acked: j.acked,
      applying: j.applying,
    }));
    const seen: QueueSeen = {
      role: 'consumer',
      group: s.options.group,
      ackMode: s.options.ackMode,
      idempotent: s.options.idempotent,
      held,
      journal: s.journal,
    };
    return seen as unknown as Json;
  },
  messageSize: () => 64,
};
