import { describe, expect, it } from 'vitest';
import { readYourWrites, monotonicReads } from './causal';
import { Monitor } from './monitor';

describe('Monitor', () => {
  it('watches and lists an invariant named by two protocols once', () => {
    const monitor = new Monitor([readYourWrites, monotonicReads, readYourWrites]);
    expect(monitor.status().map((s) => s.id)).toEqual(['read-your-writes', 'monotonic-reads']);
    expect(monitor.snapshot().memories).toHaveLength(2);
  });
});
