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

  it('files a verdict under the invariant that found it, whatever name the checker wrote', () => {
    // Paxos and ping once wrote their titles here, so the lab's panel stayed green while the
    // seed runner (reading the raw list) failed: found by a newcomer trial (issue 14).
    const misnamed: Invariant<null> = {
      id: 'agreement',
      title: 'Agreement',
      description: 'at most one value',
      init: () => null,
      check: (_, o) => ({
        invariant: 'Agreement',
        message: 'two values',
        time: o.time,
        events: [o.cause],
      }),
    };
    const monitor = new Monitor([misnamed]);
    monitor.observe({ node: 'n1', time: 5, cause: 3, incarnation: 0, data: null });
    expect(monitor.status()[0]?.violation).toEqual({
      invariant: 'agreement',
      message: 'two values',
      time: 5,
      events: [3],
    });
  });
});

describe('Monitor verdicts', () => {
  it('shows a violation against the invariant that found it, whatever name it gives itself', () => {
    // Paxos's Agreement names itself "Agreement" in its violations; its id is paxos-agreement.
    const inv = {
      id: 'paxos-agreement',
      title: 'Agreement',
      description: 'at most one value',
      init: () => null,
      check: () => ({ invariant: 'Agreement', message: 'two values chosen', time: 5, events: [1] }),
    };
    const monitor = new Monitor([inv]);
    monitor.observe({ node: 'n1', time: 5, cause: 1, incarnation: 0, data: null });
    expect(monitor.status()[0]?.violation?.message).toBe('two values chosen');
    // …and a checkpoint keeps which invariant found it.
    const again = new Monitor([inv]);
    again.restore(monitor.snapshot());
    expect(again.status()[0]?.violation?.message).toBe('two values chosen');
  });
});
