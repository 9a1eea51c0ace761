import { describe, expect, it } from 'vitest';
import { readYourWrites, monotonicReads } from './causal';
import type { Invariant } from './invariant';
import { Monitor } from './monitor';

describe('Monitor', () => {
  it('watches and lists an invariant named by two protocols once', () => {
    const monitor = new Monitor([readYourWrites, monotonicReads, readYourWrites]);
    expect(monitor.status().map((s) => s.id)).toEqual(['read-your-writes', 'monotonic-reads']);
    expect(monitor.snapshot().memories).toHaveLength(2);
  });

  it('files a violation under the invariant that found it, so its status shows it', () => {
    // Paxos's checkers once named their violations by title ("Agreement"): the lab said "holds".
    const misnamed: Invariant<null> = {
      id: 'one-value',
      title: 'One value',
      description: 'never two',
      init: () => null,
      check: (_m, o) => ({
        invariant: 'One value',
        message: 'two',
        time: o.time,
        events: [o.cause],
      }),
    };
    const monitor = new Monitor([misnamed]);
    monitor.observe({ node: 'n1', time: 5, cause: 3, incarnation: 0, data: null });
    expect(monitor.status()[0]?.violation).toMatchObject({
      invariant: 'one-value',
      message: 'two',
    });
    expect(monitor.violations[0]?.invariant).toBe('one-value');
  });
});
