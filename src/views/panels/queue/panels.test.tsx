/**
 * The broker panel and the delivery checker as the browser receives them, from a run with a
 * crash after processing and before the ack: the redelivery in the partition's row, the
 * duplicate under its key with its cause as a button, the figures by test id.
 */
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { readSettings } from '../../../engine/scenarios/settings';
import { startInProcess } from '../../../engine/testing/run';
import { queueEntry } from '../../../engine/protocols/queue/scenarios';
import { BrokerQueuesBody } from './BrokerQueues';
import { DeliveryCheckerBody } from './DeliveryChecker';
import { brokerSummaryOf, consumersOf } from './queue-view';

function crashedRun() {
  const values = readSettings(queueEntry.settings, { rate: '0', partitions: '1' });
  const sim = startInProcess(queueEntry.build({ nodes: 2, settings: values.values }), 3);
  sim.runUntilSync(200);
  sim.actSync({ type: 'protocol', node: 'c1', action: { id: 'crash-after-processing' } });
  sim.actSync({
    type: 'protocol',
    node: 'p1',
    action: { id: 'publish', args: { key: 'order-7', count: 1 } },
  });
  sim.runUntilSync(4_000);
  const summary = brokerSummaryOf(sim.frame(0).checks);
  if (!summary) throw new Error('no summary');
  return { summary, consumers: consumersOf(sim.frame(0).nodes) };
}

describe('queue panels', () => {
  const { summary, consumers } = crashedRun();

  it('the broker panel shows the redelivery, the generation and the empty dead-letter queue', () => {
    const html = renderToStaticMarkup(<BrokerQueuesBody summary={summary} consumers={consumers} />);
    expect(html).toContain('data-testid="broker-queues"');
    expect(html).toMatch(
      /data-testid="queue-row-workers-0" data-depth="0" data-unacked="0" data-redeliveries="1"/,
    );
    expect(html).toContain('Group workers, generation 3');
    // c1 crashed and its session ended: c2, idle before, took the partition over.
    expect(html).toContain('c2: partition 0');
    expect(html).toContain('c1: outside the group (crashed)');
    expect(html).toContain('role="img" aria-label="Partition 0 waiting over the last');
    expect(html).toContain('Empty: no message has failed 3 deliveries.');
  });

  it('the checker lists the duplicate under its key with its causes as buttons, and the figures', () => {
    const html = renderToStaticMarkup(<DeliveryCheckerBody summary={summary} />);
    expect(html).toContain(
      'data-testid="queue-figure-duplicated" data-value="1" class="queue-figure bad"',
    );
    expect(html).toContain('data-testid="queue-figure-suppressed" data-value="0"');
    expect(html).toContain('data-testid="queue-key-order-7"');
    expect(html).toContain('Key order-7: 1 duplicated');
    expect(html).toMatch(
      /<button type="button" class="link-button queue-cause" data-cause="crash-before-ack" aria-label="c1 crashed before its ack, at [\d,]+ ms: go there and select c1">/,
    );
    expect(html).toContain('data-cause="rebalance"');
  });
});
