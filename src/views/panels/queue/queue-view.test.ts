/**
 * The broker panel's and the delivery checker's words from real runs of the lab's scenario: a
 * crash after processing and before the ack gives a redelivery and a duplicate whose cause
 * names the consumer and the moment; the idempotent consumer's dedup table suppresses it; a
 * slow consumer's backlog climbs on the shared sparkline scale; idle and absent consumers are
 * said as such; and every kind of cause links to a node and a time.
 */
import { describe, expect, it } from 'vitest';
import { readSettings } from '../../../engine/scenarios/settings';
import type { Simulation } from '../../../engine/sim/simulation';
import { startInProcess } from '../../../engine/testing/run';
import { BROKER_ID, queueEntry } from '../../../engine/protocols/queue/scenarios';
import type { DeliveryAnomaly, DeliveryCause } from '../../../engine/protocols/queue/summary';
import { sharedScale, sparkPaths, WINDOW_SAMPLES } from './depth-chart';
import {
  anomaliesByKey,
  backlogSentence,
  brokerSummaryOf,
  causeLink,
  consumersOf,
  depthWords,
  groupBlocks,
  producerOf,
  queueFigures,
} from './queue-view';

/** The lab as a link spells its settings; nobody publishes unless asked. */
function lab(settings: Record<string, string>, nodes = 1, seed = 3): Simulation {
  const values = readSettings(queueEntry.settings, { rate: '0', ...settings });
  expect(values.problems).toEqual([]);
  return startInProcess(queueEntry.build({ nodes, settings: values.values }), seed);
}
const act = (sim: Simulation, node: string, id: string, args?: Record<string, string | number>) =>
  sim.actSync({ type: 'protocol', node, action: args ? { id, args } : { id } });
const summary = (sim: Simulation) => {
  const s = brokerSummaryOf(sim.frame(0).checks);
  if (!s) throw new Error('no summary');
  return s;
};
const figure = (sim: Simulation, id: string) =>
  queueFigures(summary(sim)).find((f) => f.id === id)?.value;

/** c1 armed to crash after its next side effect; one message; c1 restarted after the crash. */
function crashAfterProcessing(idempotent: boolean): Simulation {
  const sim = lab({ partitions: '1', idempotent: idempotent ? '1' : '0' });
  sim.runUntilSync(200);
  act(sim, 'c1', 'crash-after-processing');
  act(sim, 'p1', 'publish', { key: 'order-7', count: 1 });
  sim.runUntilSync(1_000);
  sim.actSync({ type: 'restart', node: 'c1' });
  sim.runUntilSync(3_000);
  return sim;
}

describe('the broker panel and the delivery checker, from the queue lab', () => {
  it('a crash after processing, before the ack: one redelivery, one duplicate caused by c1’s crash', () => {
    const sim = crashAfterProcessing(false);
    const s = summary(sim);
    const [block] = groupBlocks(s, consumersOf(sim.frame(0).nodes));
    expect(block?.group).toBe('workers');
    expect(block?.rows[0]?.redeliveries).toBe(1);
    expect(block?.holders.map((h) => h.text)).toEqual(['c1: partition 0']);
    expect(backlogSentence(s)).toBe(
      '0 messages waiting, 0 unacknowledged, 1 redelivery, 0 dead-lettered.',
    );
    expect(figure(sim, 'duplicated')).toBe(1);
    expect(figure(sim, 'processed')).toBe(2);
    expect(figure(sim, 'suppressed')).toBe(0);
    expect(queueFigures(s).find((f) => f.id === 'suppressed')?.note).toBe(
      'no dedup table: the consumer is not idempotent',
    );
    const keys = anomaliesByKey(s.anomalies, BROKER_ID);
    expect(keys.map((k) => [k.key, k.counts])).toEqual([['order-7', '1 duplicated']]);
    const item = keys[0]?.items[0];
    expect(item?.text).toMatch(/^p1:1 took effect twice \(found at [\d,]+ ms\)$/);
    const crash = item?.causes.find((c) => c.kind === 'crash-before-ack');
    expect(crash?.node).toBe('c1');
    expect(crash?.text).toMatch(/^c1 crashed before its ack, at [\d,]+ ms$/);
    expect(crash?.label).toMatch(/: go there and select c1$/);
    // The crash comes before the duplicate is found: the link goes back to it.
    expect(crash?.at).toBeLessThan(item?.at ?? 0);
  });

  it('with the idempotent consumer, the redelivery’s side effect is suppressed: nothing duplicated', () => {
    const sim = crashAfterProcessing(true);
    expect(summary(sim).partitions[0]?.redeliveries).toBe(1);
    expect(figure(sim, 'processed')).toBe(1);
    expect(figure(sim, 'suppressed')).toBe(1);
    expect(figure(sim, 'duplicated')).toBe(0);
    expect(queueFigures(summary(sim)).find((f) => f.id === 'suppressed')?.note).toBeNull();
    expect(anomaliesByKey(summary(sim).anomalies, BROKER_ID)).toEqual([]);
  });

  it('a slow consumer’s backlog climbs on the shared scale and is said in words', () => {
    const sim = lab({ rate: '4', partitions: '2', processing: '400' }, 2);
    sim.runUntilSync(200);
    act(sim, 'c1', 'slow-down');
    sim.runUntilSync(6_000);
    const s = summary(sim);
    const slow = s.partitions.find((r) => r.consumer === 'c1');
    expect(slow?.depth).toBeGreaterThanOrEqual(4);
    const scale = sharedScale(s.partitions.map((r) => r.depthSeries));
    expect(scale.maxDepth).toBeGreaterThanOrEqual(slow?.depth ?? 0);
    expect(scale.samples).toBe(Math.min(WINDOW_SAMPLES, slow?.depthSeries.length ?? 0));
    const paths = sparkPaths(slow?.depthSeries ?? [], scale);
    expect(paths.line).toMatch(/^M/);
    expect(paths.area).toMatch(/Z$/);
    if (!slow) throw new Error('no partition read by c1');
    expect(depthWords(slow, s.depthEveryMs, WINDOW_SAMPLES)).toMatch(
      /^over the last [\d.]+ s: from 0 to \d+ waiting, at most \d+$/,
    );
    expect(backlogSentence(s)).toContain(`the deepest is partition ${slow?.partition}`);
    expect(backlogSentence(s)).toContain('read by c1');
    const c1 = groupBlocks(s, consumersOf(sim.frame(0).nodes))[0]?.holders.find(
      (h) => h.consumer === 'c1',
    );
    expect(c1?.text).toContain('(slowed down)');
  });

  it('says an idle member (more consumers than partitions) and one outside its group', () => {
    const sim = lab({ partitions: '1', standby: '1' }, 3);
    sim.runUntilSync(1_000);
    const [block] = groupBlocks(summary(sim), consumersOf(sim.frame(0).nodes));
    expect(block?.holders.map((h) => h.text)).toEqual([
      'c1: partition 0',
      'c2: idle, no partition to read',
      'c3: outside the group',
    ]);
    expect(block?.generation).toBeGreaterThan(0);
  });

  it('keeps a consumer that is down (no view model) in sight under its group, as crashed', () => {
    const sim = lab({ partitions: '1' }, 2);
    sim.runUntilSync(1_000);
    const consumers = consumersOf(sim.frame(0).nodes).map((c) =>
      c.id === 'c2' ? { ...c, group: '', status: 'crashed' } : c,
    );
    const [block] = groupBlocks(
      summary(sim),
      consumers.filter((c) => c.id === 'c2'),
    );
    expect(block?.holders.map((h) => h.text)).toContain('c2: idle, no partition to read (crashed)');
    const gone = { ...summary(sim), groups: [{ group: 'workers', generation: 3, members: [] }] };
    expect(groupBlocks(gone, consumers)[0]?.holders.map((h) => h.text)).toContain(
      'c2: outside the group (crashed)',
    );
  });

  it('a rebalance cause carries when the broker moved the message, and its link goes there', () => {
    const sim = lab({ partitions: '1' }, 2);
    sim.runUntilSync(200);
    act(sim, 'c1', 'crash-after-processing');
    act(sim, 'p1', 'publish', { key: 'order-7', count: 1 });
    sim.runUntilSync(4_000);
    const [a] = summary(sim).anomalies;
    const rebalance = a?.causes.find((c) => c.kind === 'rebalance');
    expect(rebalance && 'at' in rebalance ? rebalance.at : null).toBeGreaterThan(0);
    const link = anomaliesByKey(summary(sim).anomalies, BROKER_ID)[0]?.items[0]?.causes.find(
      (c) => c.kind === 'rebalance',
    );
    // After c1's crash (its session had to end first), before the duplicate was found.
    const crashAt = a?.causes.find((c) => c.kind === 'crash-before-ack');
    expect(link?.at).toBeGreaterThan(crashAt && 'at' in crashAt ? crashAt.at : Infinity);
    expect(link?.at).toBeLessThan(a?.at ?? 0);
    expect(link?.node).toBe(BROKER_ID);
  });

  it('links every kind of cause to the node it names and a moment', () => {
    const a: DeliveryAnomaly = { kind: 'duplicated', msg: 'p2:5', key: 'k', at: 900, causes: [] };
    const cases: [DeliveryCause, string | null, number][] = [
      [{ kind: 'crash-before-ack', consumer: 'c2', at: 400 }, 'c2', 400],
      [{ kind: 'ack-before-process', consumer: 'c1', at: 300 }, 'c1', 300],
      [{ kind: 'visibility-timeout', delivery: 1, at: 700 }, BROKER_ID, 700],
      [{ kind: 'visibility-timeout', delivery: 1 }, BROKER_ID, 900],
      [{ kind: 'nack-requeue', delivery: 2, at: 650 }, BROKER_ID, 650],
      [{ kind: 'rebalance', generation: 3, at: 500 }, BROKER_ID, 500],
      [{ kind: 'broker-restart', delivery: 1, at: 450 }, BROKER_ID, 450],
      [{ kind: 'across-partitions', partitions: [0, 1] }, BROKER_ID, 900],
      [{ kind: 'dead-lettered', deliveries: 3 }, BROKER_ID, 900],
      [{ kind: 'producer-retry', attempt: 2 }, 'p2', 900],
      [{ kind: 'network-reorder' }, 'p2', 900],
      [{ kind: 'network-duplicate' }, null, 900],
    ];
    for (const [cause, node, at] of cases) {
      const link = causeLink(cause, a, BROKER_ID);
      expect([link.node, link.at], cause.kind).toEqual([node, at]);
      expect(link.label.startsWith(link.text)).toBe(true);
    }
    expect(producerOf('p1:12')).toBe('p1');
    expect(producerOf('odd')).toBeNull();
  });
});
