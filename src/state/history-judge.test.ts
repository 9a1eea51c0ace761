/**
 * The verdict's words: an 'unknown' says why — out of time, or operations no model knows (an
 * RPC client's withdraw) — so the History panel never calls the second a timeout.
 */
import { describe, expect, it } from 'vitest';
import type { RecordedOp } from '../engine/check/history';
import { judgeHistory } from './history-judge';

const op = (time: number, phase: 'invoke' | 'ok', fn: string, value: number): RecordedOp => ({
  time,
  client: 'c1',
  op: { phase, opId: 'c1-1', fn, key: 'acct', value },
});

describe('judgeHistory', () => {
  it('says why a verdict is unknown when no model knows the operations', () => {
    const j = judgeHistory([op(0, 'invoke', 'withdraw', 10), op(5, 'ok', 'withdraw', 90)], () => 0);
    expect(j.verdict).toBe('unknown');
    expect(j.reason).toMatch(/withdraw/);
    expect(j.reason).not.toMatch(/time/);
  });

  it('gives no reason for a verdict it reached', () => {
    const j = judgeHistory([op(0, 'invoke', 'write', 1), op(5, 'ok', 'write', 1)], () => 0);
    expect(j.verdict).toBe('linearizable');
    expect(j.reason).toBeUndefined();
  });
});
