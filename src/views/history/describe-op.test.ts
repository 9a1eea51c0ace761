import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RecordedOp } from '../../engine/check/history';
import { operationsOf } from '../../engine/check/history';
import type { Json } from '../../engine/protocol';
import { judgeHistory } from '../../state/history-judge';
import { describeOp } from './describe-op';

const json: fc.Arbitrary<Json> = fc.oneof(
  fc.constant(null),
  fc.integer(),
  fc.string({ maxLength: 4 }),
  fc.array(fc.string({ maxLength: 2 }), { maxLength: 3 }),
);

/** Invoke/complete pairs of any kind of operation, as a client might record them. */
const recorded: fc.Arbitrary<RecordedOp[]> = fc
  .array(
    fc.record({
      fn: fc.constantFrom('read', 'write', 'cas', 'append', 'add', 'incr', 'txn', ''),
      key: fc.constantFrom('x', 'y', 'list'),
      input: json,
      output: json,
      phase: fc.constantFrom('ok', 'fail', 'info', null),
      callMs: fc.integer({ min: 0, max: 50 }),
      lengthMs: fc.integer({ min: 0, max: 20 }),
    }),
    { maxLength: 12 },
  )
  .map((raws) =>
    raws
      .flatMap((r, i): RecordedOp[] => {
        const opId = `c:${i}`;
        const client = `c${i % 3}`;
        const invoke: RecordedOp = {
          time: r.callMs,
          client,
          op: { phase: 'invoke', opId, fn: r.fn, key: r.key, value: r.input },
        };
        if (r.phase === null) return [invoke];
        return [
          invoke,
          {
            time: r.callMs + r.lengthMs,
            client,
            op: { phase: r.phase, opId, fn: r.fn, key: r.key, value: r.output },
          },
        ];
      })
      .sort((a, b) => a.time - b.time),
  );

describe('the history panel on any history', () => {
  it('names every operation and gets a verdict for every history, never an exception', () => {
    let clock = 0;
    fc.assert(
      fc.property(recorded, (history) => {
        for (const op of operationsOf(history)) expect(describeOp(op)).toContain(op.key);
        const j = judgeHistory(history, () => clock++, 1000);
        expect(['linearizable', 'not-linearizable', 'unknown']).toContain(j.verdict);
      }),
      { numRuns: 300 },
    );
  });

  it('says what an append, an add and a cas did', () => {
    const at = (fn: string, input: Json) =>
      operationsOf([
        { time: 0, client: 'c1', op: { phase: 'invoke', opId: '1', fn, key: 'k', value: input } },
        { time: 1, client: 'c1', op: { phase: 'ok', opId: '1', fn, key: 'k' } },
      ])[0];
    const describeAt = (fn: string, input: Json) => {
      const op = at(fn, input);
      if (!op) throw new Error('no operation');
      return describeOp(op);
    };
    expect(describeAt('append', 'a')).toBe('append k=a');
    expect(describeAt('add', 2)).toBe('add k=2');
    expect(describeAt('cas', ['1', '2'])).toBe('cas k 1→2');
    // An append history is judged by the list model: a read of the list in order.
    const history: RecordedOp[] = [
      {
        time: 0,
        client: 'c1',
        op: { phase: 'invoke', opId: '1', fn: 'append', key: 'k', value: 'a' },
      },
      { time: 1, client: 'c1', op: { phase: 'ok', opId: '1', fn: 'append', key: 'k' } },
      { time: 2, client: 'c1', op: { phase: 'invoke', opId: '2', fn: 'read', key: 'k' } },
      { time: 3, client: 'c1', op: { phase: 'ok', opId: '2', fn: 'read', key: 'k', value: [] } },
    ];
    expect(judgeHistory(history, () => 0).verdict).toBe('not-linearizable');
  });
});
