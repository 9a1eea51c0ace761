/** The history reader (history.ts): Jepsen-style invoke/complete records into operations. */
import { describe, expect, it } from 'vitest';
import type { TraceEntry } from '../sim/trace';
import { operationsOf, recordedOpsOf } from './history';
import { at } from './history.testkit';

describe('operationsOf', () => {
  it('pairs invokes with completions; fail is dropped; info and unfinished never return', () => {
    const ops = operationsOf([
      at(0, 'c1', 'invoke', 'c1:1', 'write', 'a'),
      at(0, 'c2', 'invoke', 'c2:1', 'read'),
      at(1, 'c1', 'ok', 'c1:1', 'write', 'a'),
      at(2, 'c2', 'ok', 'c2:1', 'read', null),
      at(3, 'c1', 'invoke', 'c1:2', 'write', 'b'),
      at(4, 'c1', 'fail', 'c1:2', 'write'),
      at(5, 'c1', 'invoke', 'c1:3', 'write', 'c'),
      at(6, 'c1', 'info', 'c1:3', 'write'),
      at(7, 'c2', 'invoke', 'c2:2', 'read'),
      at(8, 'c3', 'ok', 'c3:9', 'read', 'z'), // completes nothing: ignored
    ]);
    expect(ops).toEqual([
      {
        id: 0,
        client: 'c1',
        opId: 'c1:1',
        fn: 'write',
        key: 'x',
        input: 'a',
        output: 'a',
        outcome: 'ok',
        callMs: 0,
        returnMs: 1,
      },
      {
        id: 1,
        client: 'c2',
        opId: 'c2:1',
        fn: 'read',
        key: 'x',
        input: null,
        output: null,
        outcome: 'ok',
        callMs: 0,
        returnMs: 2,
      },
      {
        id: 2,
        client: 'c1',
        opId: 'c1:3',
        fn: 'write',
        key: 'x',
        input: 'c',
        output: undefined,
        outcome: 'info',
        callMs: 5,
        returnMs: Infinity,
      },
      {
        id: 3,
        client: 'c2',
        opId: 'c2:2',
        fn: 'read',
        key: 'x',
        input: null,
        output: undefined,
        outcome: 'info',
        callMs: 7,
        returnMs: Infinity,
      },
    ]);
  });

  it('a client that restarts and reuses an id leaves the earlier operation unresolved', () => {
    const ops = operationsOf([
      at(0, 'c1', 'invoke', 'c1:1', 'write', 'a'),
      at(5, 'c1', 'invoke', 'c1:1', 'write', 'b'),
      at(6, 'c1', 'ok', 'c1:1', 'write'),
    ]);
    expect(ops.map((o) => [o.input, o.outcome, o.callMs, o.returnMs])).toEqual([
      ['a', 'info', 0, Infinity],
      ['b', 'ok', 5, 6],
    ]);
  });

  it('reads the trace, keeping entry indices', () => {
    const trace: TraceEntry[] = [
      { i: 0, t: 0, k: 'boot', node: 'c1', incarnation: 1, recovered: false },
      {
        i: 1,
        t: 3,
        k: 'op',
        node: 'c1',
        op: { phase: 'invoke', opId: 'c1:1', fn: 'read', key: 'k' },
        cause: 0,
      },
      {
        i: 2,
        t: 9,
        k: 'op',
        node: 'c1',
        op: { phase: 'ok', opId: 'c1:1', fn: 'read', key: 'k', value: 'v' },
        cause: 1,
      },
    ];
    const [op] = operationsOf(recordedOpsOf(trace));
    expect(op).toMatchObject({
      key: 'k',
      output: 'v',
      callMs: 3,
      returnMs: 9,
      callEntry: 1,
      returnEntry: 2,
    });
  });
});
