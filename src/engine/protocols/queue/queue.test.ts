/**
 * The message queue in crafted runs, one fault placed by hand in each: a crash after the side
 * effect and before the ack duplicates it (and the dedup table suppresses it); acknowledging
 * on delivery, a crash before processing loses the message; round-robin partitions reorder a
 * key that partitioning by key keeps in order; a poison message reaches the dead-letter queue
 * after N deliveries; a lost confirm makes the producer publish twice; a slow consumer's
 * backlog grows and drains when consumers join; publish/subscribe gives every subscriber
 * every message. Then each checker catching the broken variant through the seed runner.
 */
import { describe, expect, it } from 'vitest';
import type { SimulationSuite } from '../../package';
import { readSettings } from '../../scenarios/settings';
import type { Simulation } from '../../sim/simulation';
import { fromLab } from '../../testing/lab-suite';
import { startInProcess } from '../../testing/run';
import { firstFailing, runSeed } from '../../testing/seed-runner';
import { noDuplicateEffect, noLostMessage, perKeyOrder } from './checker';
import type { ConsumerView } from './consumer';
import { assignPartitions, partitionOfKey } from './partitions';
import { PRODUCER_ACTIONS, readPublishArgs } from './producer';
import { CONSUMER_ACTIONS } from './consumer-actions';
import { queueEntry } from './scenarios';
import { suites, summaryOf } from './simulation';
import type { StoreView } from './store';
import type { BrokerSummary } from './summary';

/** The lab with its settings spelled as a link spells them; nobody publishes unless asked. */
function lab(settings: Record<string, string>, nodes = 1, seed = 3): Simulation {
  const values = readSettings(queueEntry.settings, { rate: '0', ...settings });
  expect(values.problems).toEqual([]);
  return startInProcess(queueEntry.build({ nodes, settings: values.values }), seed);
}

const act = (
  sim: Simulation,
  node: string,
  id: string,
  args?: Record<string, string | number | boolean>,
) => sim.actSync({ type: 'protocol', node, action: args ? { id, args } : { id } });
const publish = (sim: Simulation, key: string, count = 1, poison = false) =>
  act(sim, 'p1', 'publish', { key, count, poison });

const summary = (sim: Simulation): BrokerSummary => {
  const s = summaryOf(sim);
  if (!s) throw new Error('no summary');
  return s;
};
const violation = (sim: Simulation, id: string) =>
  sim.monitor.status().find((s) => s.id === id)?.violation?.message ?? null;
const view = <V>(sim: Simulation, id: string) =>
  sim.frame(0).nodes.find((n) => n.id === id)?.view as V;
const logs = (sim: Simulation, node: string) =>
  sim.trace.flatMap((e) => (e.k === 'log' && e.node === node ? [e.text] : []));

describe('queue: acknowledgement modes and crash points', () => {
  it('a crash after processing, before the ack, is redelivered and takes effect twice; an idempotent consumer suppresses it', () => {
    for (const idempotent of ['0', '1']) {
      const sim = lab({ partitions: '1', idempotent });
      sim.runUntilSync(200);
      act(sim, 'c1', 'crash-after-processing');
      publish(sim, 'order-7');
      sim.runUntilSync(1_000);
      expect(sim.frame(0).nodes.find((n) => n.id === 'c1')?.status).toBe('crashed');
      expect(logs(sim, 'c1')).toContain('crashed after processing p1:1, before the ack');
      sim.actSync({ type: 'restart', node: 'c1' });
      sim.runUntilSync(3_000);
      const s = summary(sim);
      expect(s.partitions[0]?.redeliveries).toBe(1);
      if (idempotent === '0') {
        expect(view<StoreView>(sim, 'db').applied).toBe(2);
        expect(s.totals.duplicated).toBe(1);
        expect(s.anomalies[0]?.causes).toContainEqual(
          expect.objectContaining({ kind: 'crash-before-ack', consumer: 'c1' }),
        );
        expect(violation(sim, noDuplicateEffect.id)).toBe(
          'p1:1 (key order-7) took effect twice: c1 crashed before its ack',
        );
      } else {
        expect(view<StoreView>(sim, 'db').applied).toBe(1);
        expect(s.suppressed).toBe(1);
        expect(s.totals.duplicated).toBe(0);
        expect(logs(sim, 'db')).toContain(
          'dedup hit: p1:1 already processed for workers; side effect suppressed',
        );
        expect(violation(sim, noDuplicateEffect.id)).toBeNull();
      }
      expect(violation(sim, noLostMessage.id)).toBeNull();
      expect(s.unprocessed).toBe(0);
    }
  });

  it('with a second consumer idle, the crashed one’s partition moves in a rebalance and the other applies it again', () => {
    const sim = lab({ partitions: '1' }, 2);
    sim.runUntilSync(200);
    // More consumers than partitions: one is idle.
    expect(view<ConsumerView>(sim, 'c2').standing).toBe('idle');
    act(sim, 'c1', 'crash-after-processing');
    publish(sim, 'order-7');
    sim.runUntilSync(4_000);
    const s = summary(sim);
    expect(s.groups[0]?.members).toEqual([{ consumer: 'c2', partitions: [0] }]);
    expect(s.groups[0]?.generation).toBe(3);
    expect(s.anomalies).toHaveLength(1);
    expect(s.anomalies[0]?.causes.map((c) => c.kind)).toEqual(['crash-before-ack', 'rebalance']);
    expect(view<ConsumerView>(sim, 'c2').processed).toBe(1);
  });

  it('acknowledging on delivery, a crash before processing loses the message; after processing it is redelivered', () => {
    for (const ackMode of ['on-delivery', 'after-processing']) {
      const sim = lab({ partitions: '1', ackMode });
      sim.runUntilSync(200);
      act(sim, 'c1', 'crash-before-processing');
      publish(sim, 'order-7');
      sim.runUntilSync(1_000);
      expect(logs(sim, 'c1')).toContain('crashed before processing p1:1');
      sim.actSync({ type: 'restart', node: 'c1' });
      sim.runUntilSync(4_000);
      const s = summary(sim);
      if (ackMode === 'on-delivery') {
        expect(view<StoreView>(sim, 'db').applied).toBe(0);
        expect(s.totals.lost).toBe(1);
        expect(s.unprocessedSample).toEqual(['workers/p1:1']);
        expect(violation(sim, noLostMessage.id)).toBe(
          'p1:1 (key order-7) was lost: c1 had acknowledged it before processing, then dropped it',
        );
      } else {
        expect(view<StoreView>(sim, 'db').applied).toBe(1);
        expect(s.totals.lost).toBe(0);
        expect(s.partitions[0]?.redeliveries).toBe(1);
        expect(violation(sim, noLostMessage.id)).toBeNull();
      }
    }
  });

  it('the broken ack-before-process variant loses what at-least-once would have redelivered', () => {
    const sim = lab({ partitions: '1', broken: 'ack-before-process' });
    sim.runUntilSync(200);
    act(sim, 'c1', 'crash-before-processing');
    publish(sim, 'order-7');
    sim.runUntilSync(1_000);
    sim.actSync({ type: 'restart', node: 'c1' });
    sim.runUntilSync(3_000);
    expect(summary(sim).ackMode).toBe('after-processing');
    expect(violation(sim, noLostMessage.id)).toMatch(/^p1:1 \(key order-7\) was lost/);
  });

  it('an armed crash can be cancelled', () => {
    const sim = lab({ partitions: '1' });
    sim.runUntilSync(200);
    act(sim, 'c1', 'crash-after-processing');
    act(sim, 'c1', 'disarm');
    publish(sim, 'order-7');
    sim.runUntilSync(2_000);
    expect(sim.frame(0).nodes.find((n) => n.id === 'c1')?.status).toBe('up');
    expect(view<StoreView>(sim, 'db').applied).toBe(1);
  });
});

describe('queue: ordering, retries, poison, backlog, fan-out', () => {
  it('round-robin partitions reorder one key across two consumers; partitioning by key keeps its order', () => {
    for (const partitionByKey of ['0', '1']) {
      const sim = lab({ partitionByKey }, 2);
      sim.runUntilSync(200);
      act(sim, 'c1', 'slow-down');
      publish(sim, 'order-7', 4);
      sim.runUntilSync(8_000);
      const s = summary(sim);
      expect(view<StoreView>(sim, 'db').applied).toBe(4);
      const applied = logs(sim, 'db').map((t) => /applied (p1:\d)/.exec(t)?.[1]);
      if (partitionByKey === '0') {
        expect(s.totals.reordered).toBeGreaterThan(0);
        expect(s.anomalies[0]).toMatchObject({
          kind: 'reordered',
          msg: 'p1:1',
          key: 'order-7',
          causes: [{ kind: 'across-partitions', partitions: [0, 1] }],
        });
        expect(violation(sim, perKeyOrder.id)).toBe(
          'p1:1 (key order-7) took effect after a later message of its key: in different partitions (0 and 1)',
        );
      } else {
        expect(applied).toEqual(['p1:1', 'p1:2', 'p1:3', 'p1:4']);
        expect(s.totals.reordered).toBe(0);
        expect(violation(sim, perKeyOrder.id)).toBeNull();
      }
    }
  });

  it('a lost confirm makes the producer publish again: a duplicate in the log, caused by the retry', () => {
    const sim = lab({ partitions: '1' });
    sim.runUntilSync(200);
    publish(sim, 'order-7');
    // Drop the broker's confirm on its way back.
    while (!sim.frame(0).inFlight.some((m) => (m.payload as { type: string }).type === 'Confirm'))
      sim.stepSync();
    const confirm = sim
      .frame(0)
      .inFlight.find((m) => (m.payload as { type: string }).type === 'Confirm');
    sim.actSync({ type: 'drop-message', msg: confirm?.id ?? -1 });
    sim.runUntilSync(3_000);
    expect(logs(sim, 'p1')).toContain('no confirm for p1:1: publishing it again (attempt 2)');
    expect(logs(sim, 'broker')).toContain(
      'appended p1:1 (key order-7) to partition 0 at offset 1 (attempt 2)',
    );
    const s = summary(sim);
    expect(s.anomalies).toEqual([
      expect.objectContaining({
        kind: 'duplicated',
        msg: 'p1:1',
        causes: [{ kind: 'producer-retry', attempt: 2 }],
      }),
    ]);
  });

  it('a poison message goes to the dead-letter queue after the set number of deliveries, and is accounted for', () => {
    const sim = lab({ partitions: '1', maxDeliveries: '3' });
    sim.runUntilSync(200);
    publish(sim, 'order-7', 1, true);
    publish(sim, 'order-8');
    sim.runUntilSync(3_000);
    const s = summary(sim);
    expect(s.deadLetters).toEqual([
      { group: 'workers', msg: 'p1:1', key: 'order-7', deliveries: 3 },
    ]);
    expect(s.partitions[0]).toMatchObject({
      deadLettered: 1,
      redeliveries: 2,
      depth: 0,
      unacked: 0,
    });
    expect(logs(sim, 'broker')).toContain('moved p1:1 to the dead-letter queue after 3 deliveries');
    expect(
      logs(sim, 'c1').filter((t) => t === 'processing p1:1 failed: a poison message'),
    ).toHaveLength(3);
    // The healthy message behind it is processed; nothing is lost or pending.
    expect(view<StoreView>(sim, 'db').applied).toBe(1);
    expect(s.unprocessed).toBe(0);
    expect(violation(sim, noLostMessage.id)).toBeNull();
  });

  it('a slow consumer’s backlog grows; consumers joining the group drain it (its in-flight message moves and is redelivered)', () => {
    const sim = lab({ rate: '2', partitions: '4', standby: '3', partitionByKey: '0' }, 4);
    act(sim, 'c1', 'slow-down');
    const depth = () => summary(sim).partitions.reduce((n, p) => n + p.depth, 0);
    const seen: number[] = [];
    for (let t = 1_000; t <= 5_000; t += 1_000) {
      sim.runUntilSync(t);
      seen.push(depth());
    }
    expect(seen[4]).toBeGreaterThanOrEqual(4);
    expect(seen[4]).toBeGreaterThan(seen[1] ?? 0);
    for (const c of ['c2', 'c3', 'c4']) act(sim, c, 'join-group');
    sim.runUntilSync(8_000);
    const s = summary(sim);
    expect(depth()).toBe(0);
    expect(s.groups[0]?.members.map((m) => m.partitions)).toEqual([[0], [1], [2], [3]]);
    expect(s.partitions.reduce((n, p) => n + p.redeliveries, 0)).toBeGreaterThan(0);
    // The chart's series rose and fell back: its peak is the backlog before the others joined.
    const total = (i: number) => s.partitions.reduce((n, p) => n + (p.depthSeries[i] ?? 0), 0);
    const series = Array.from({ length: s.partitions[0]?.depthSeries.length ?? 0 }, (_, i) =>
      total(i),
    );
    expect(Math.max(...series)).toBeGreaterThanOrEqual(4);
    expect(series.at(-1)).toBe(0);
    expect(s.depthEveryMs).toBe(250);
  });

  it('publish/subscribe: every subscriber processes every message; a work queue splits them', () => {
    for (const delivery of ['pubsub', 'queue']) {
      const sim = lab({ delivery }, 3);
      sim.runUntilSync(200);
      act(sim, 'p1', 'publish', { key: 'order-1', count: 2 });
      act(sim, 'p1', 'publish', { key: 'order-2', count: 2 });
      act(sim, 'p1', 'publish', { key: 'order-3', count: 1 });
      sim.runUntilSync(4_000);
      const s = summary(sim);
      const done = ['c1', 'c2', 'c3'].map((c) => view<ConsumerView>(sim, c).processed);
      if (delivery === 'pubsub') {
        expect(s.groups.map((g) => g.group)).toEqual(['sub-c1', 'sub-c2', 'sub-c3']);
        expect(done).toEqual([5, 5, 5]);
        expect(s.processed).toBe(15);
      } else {
        expect(s.groups.map((g) => g.group)).toEqual(['workers']);
        expect(done.reduce((a, b) => a + b, 0)).toBe(5);
        expect(s.processed).toBe(5);
      }
      expect(s.totals).toMatchObject({ published: 5, lost: 0, duplicated: 0, reordered: 0 });
    }
  });

  it('runs the same step by step and fast-forwarded, with crash points and rebalances', () => {
    const run = (forward: boolean) => {
      const sim = lab({ rate: '3' }, 3, 11);
      const go = (t: number) => (forward ? sim.fastForwardSync(t) : sim.runUntilSync(t));
      go(500);
      act(sim, 'c1', 'crash-after-processing');
      act(sim, 'c2', 'leave-group');
      go(1_500);
      sim.actSync({ type: 'restart', node: 'c1' });
      act(sim, 'c2', 'join-group');
      go(3_000);
      return sim.traceHash();
    };
    expect(run(true)).toBe(run(false));
  });
});

describe('queue: parts', () => {
  it('the range assignor leaves members beyond the partition count idle; a key always maps to one partition', () => {
    expect(assignPartitions(['c2', 'c1', 'c3'], 2)).toEqual({ c1: [0], c2: [1], c3: [] });
    expect(assignPartitions(['c1', 'c2'], 5)).toEqual({ c1: [0, 1, 2], c2: [3, 4] });
    expect(assignPartitions([], 3)).toEqual({});
    const p = partitionOfKey('order-7', 4);
    expect(p).toBeGreaterThanOrEqual(0);
    expect(p).toBeLessThan(4);
    expect(partitionOfKey('order-7', 4)).toBe(p);
  });

  it('every action a learner uses has a label and a description; bad publish arguments are refused in words', () => {
    for (const a of [...CONSUMER_ACTIONS, ...PRODUCER_ACTIONS]) {
      expect(a.label.length).toBeGreaterThan(2);
      expect(a.description.length).toBeGreaterThan(20);
    }
    expect(readPublishArgs({ key: 'order-7', count: 3 })).toEqual({
      key: 'order-7',
      count: 3,
      poison: false,
    });
    expect(readPublishArgs({ key: '', count: 1 })).toBe('needs a key of 1 to 40 characters');
    expect(readPublishArgs({ key: 'k', count: 0 })).toBe(
      'count must be a whole number from 1 to 50',
    );
    expect(readPublishArgs(null)).toBe('needs {key, count}');
    const sim = lab({});
    act(sim, 'p1', 'publish', { key: '', count: 1 });
    expect(logs(sim, 'p1')).toContain('publish refused: needs a key of 1 to 40 characters');
  });
});

describe('queue: settings', () => {
  it('warns when processing outlasts the visibility timeout; refuses bad values in words', () => {
    const read = (raw: Record<string, string>) => readSettings(queueEntry.settings, raw);
    expect(queueEntry.warnings?.(read({ processing: '3000' }).values)).toEqual([
      expect.objectContaining({ key: 'visibilityTimeout' }),
    ]);
    expect(queueEntry.warnings?.(read({}).values)).toEqual([]);
    expect(read({ partitions: '9' }).problems).toEqual([
      'Partitions must be a number from 1 to 8; using 2',
    ]);
    // A link's settings are untrusted: a bad ack mode falls back to after-processing.
    expect(read({ ackMode: 'sometimes' }).values.ackMode).toBe('after-processing');
  });
});

describe('queue: the checkers catch the broken variant', () => {
  it('"No acknowledged message is lost" catches ack-before-process through the seed runner; the same seed passes as designed', () => {
    const correct = suites[0] as SimulationSuite;
    const settings = { ...correct.settings, broken: 'ack-before-process' };
    const broken: SimulationSuite = {
      ...correct,
      name: 'queue, ack before process',
      ...fromLab(queueEntry, correct.nodes ?? 3, settings),
    };
    const caught = firstFailing(broken, 20);
    expect(caught?.seed).toBe(SEED_CAUGHT);
    expect(caught?.failure).toMatch(
      /^queue-no-loss: p\d:\d+ \(key order-\d\) was lost: c\d had acknowledged it before processing/,
    );
    expect(caught?.link).toMatch(
      /^#\/lab\/queue\?seed=\d+&nodes=3.*broken=ack-before-process.*&run=/,
    );
    expect(runSeed(correct, caught?.seed ?? 0).failure).toBeNull();
  });
});

/** The first seed on which the broken variant fails (found when the test was written). */
const SEED_CAUGHT = 2;

describe('queue: settings spelled as a link spells them', () => {
  it('a boolean setting given as "1"/"0" (a lesson’s settings, as written) builds the same lab as true/false', () => {
    const options = (settings: Record<string, unknown>) =>
      queueEntry.build({ nodes: 2, settings: settings as never }).nodes.map((n) => n.options);
    for (const [on, off] of [
      ['1', '0'],
      ['true', 'false'],
    ] as const) {
      expect(options({ idempotent: on, partitionByKey: off })).toEqual(
        options({ idempotent: true, partitionByKey: false }),
      );
      expect(options({ idempotent: off, partitionByKey: on })).toEqual(
        options({ idempotent: false, partitionByKey: true }),
      );
    }
    // Anything else keeps the default (idempotent off, partition by key on).
    expect(options({ idempotent: 'yes', partitionByKey: 'maybe' })).toEqual(options({}));
  });
});
