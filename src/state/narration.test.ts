import { describe, expect, it } from 'vitest';
import { startInProcess } from '../engine/testing/run';
import { argsInWords, narrate } from './narration';
import { exampleCluster } from '../engine/testing/example-cluster';

describe('narration in words', () => {
  it('says link settings in words, never as JSON', () => {
    const sim = startInProcess(exampleCluster({ nodes: 3 }), 1);
    sim.runUntilSync(50);
    sim.actSync({ type: 'link', from: 'n1', to: 'n2', config: { jitterMs: 200 } });
    sim.actSync({
      type: 'link-defaults',
      config: { loss: 0.1, latencyMs: 40, ordering: 'fifo', bandwidthBytesPerMs: null },
    });
    const lines = sim.trace.filter((e) => e.k === 'net').map(narrate);
    expect(lines).toEqual([
      'Network: link n1 → n2: jitter 200 ms',
      'Network: all links: latency 40 ms, bandwidth unlimited, loss 10%, in send order (FIFO)',
    ]);
    for (const line of sim.trace.map(narrate)) expect(line).not.toMatch(/[{}"]/);
  });

  it('says a protocol action and its arguments in words', () => {
    expect(
      narrate({
        i: 1,
        t: 5,
        k: 'action',
        node: 'c1',
        action: { id: 'client-request', args: { key: 'x', value: 3 } },
      }),
    ).toBe('c1: client request (key x, value 3)');
    expect(argsInWords(undefined)).toBe('');
    expect(argsInWords({ nested: { a: 1 }, on: true })).toBe('on true');
  });
});
