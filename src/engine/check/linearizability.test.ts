/**
 * The linearizability checker on hand-made histories (the classic ones). Against a brute
 * force and on long runs: linearizability-random.test.ts; the history reader: history.test.ts.
 */
import { describe, expect, it } from 'vitest';
import type { Json } from '../protocol';
import { operationsOf, type Operation, type RecordedOp } from './history';
import { at } from './history.testkit';
import {
  checkLinearizability,
  kvModel,
  registerModel,
  type KeyResult,
  type Model,
} from './linearizability';

// ---------------------------------------------------------------------------------------
// Hand-made histories: times are small integers, values short strings.

type Spec = Omit<Operation, 'id' | 'client' | 'opId'> & { client?: string };

const read = (output: Json, callMs: number, returnMs: number, key = 'x'): Spec => ({
  fn: 'read',
  key,
  input: null,
  output,
  outcome: 'ok',
  callMs,
  returnMs,
});
const write = (value: Json, callMs: number, returnMs: number, key = 'x'): Spec => ({
  fn: 'write',
  key,
  input: value,
  output: null,
  outcome: 'ok',
  callMs,
  returnMs,
});
const cas = (expected: Json, next: Json, callMs: number, returnMs: number, key = 'x'): Spec => ({
  fn: 'cas',
  key,
  input: [expected, next],
  output: null,
  outcome: 'ok',
  callMs,
  returnMs,
});
/** The client crashed (or timed out) waiting: it may or may not have happened. */
const info = (spec: Spec): Spec => ({
  ...spec,
  outcome: 'info',
  output: undefined,
  returnMs: Infinity,
});

function history(...specs: Spec[]): Operation[] {
  return specs.map((s, id) => ({ ...s, id, client: s.client ?? `c${id}`, opId: `op${id}` }));
}

const verdictOf = (ops: Operation[], model: Model<Json> = registerModel()) =>
  checkLinearizability(model, ops).verdict;

function onlyKey(ops: Operation[]): KeyResult {
  const result = checkLinearizability(registerModel(), ops);
  expect(result.keys).toHaveLength(1);
  const [k] = result.keys;
  if (!k) throw new Error('no key');
  return k;
}

describe('linearizability on classic histories', () => {
  it('(1) a read after a completed write sees it', () => {
    expect(verdictOf(history(write('1', 0, 1), read('1', 2, 3)))).toBe('linearizable');
    expect(verdictOf(history(write('1', 0, 1), read(null, 2, 3)))).toBe('not-linearizable');
  });

  it('an empty history, and reads of nil with no writes, are linearizable', () => {
    expect(verdictOf([])).toBe('linearizable');
    expect(verdictOf(history(read(null, 0, 1), read(null, 0, 2)))).toBe('linearizable');
  });

  it('(2) a read of a value never written is not linearizable', () => {
    const ops = history(write('1', 0, 5), read('3', 1, 2));
    const k = onlyKey(ops);
    expect(k.verdict).toBe('not-linearizable');
    if (k.verdict === 'linearizable') return;
    expect(k.overdue).toBe(1);
    expect(k.unplaceable).toContain(1);
  });

  it('(3) a stale read after two completed writes is not linearizable', () => {
    const ops = history(write('1', 0, 1), write('2', 2, 3), read('1', 4, 5));
    const k = onlyKey(ops);
    expect(k.verdict).toBe('not-linearizable');
    if (k.verdict === 'linearizable') return;
    expect(k.longestPrefix).toEqual([0, 1]);
    expect(k.unplaceable).toEqual([2]);
    expect(k.overdue).toBe(2);
    expect(k.reason).toBe(
      'key x: after 2 operations in order, operation 2 cannot take effect next',
    );
  });

  it('(4) a read concurrent with a write may see the old value or the new', () => {
    const around = (seen: Json) => history(write('1', 0, 1), write('2', 2, 10), read(seen, 3, 4));
    expect(verdictOf(around('1'))).toBe('linearizable');
    expect(verdictOf(around('2'))).toBe('linearizable');
    // But not a value the completed first write had already replaced.
    expect(verdictOf(around(null))).toBe('not-linearizable');
  });

  it('(5) new-old inversion: once a read saw the new value, a later read may not see the old', () => {
    const inversion = history(
      write('1', 0, 1),
      write('2', 2, 20), // still in flight throughout
      read('2', 3, 5),
      read('1', 6, 8), // invoked after the read above returned
    );
    const k = onlyKey(inversion);
    expect(k.verdict).toBe('not-linearizable');
    if (k.verdict === 'linearizable') return;
    expect(k.longestPrefix).toEqual([0, 1, 2]);
    expect(k.unplaceable).toEqual([3]);
    // Old then new is fine; so are the two reads overlapping each other.
    expect(
      verdictOf(history(write('1', 0, 1), write('2', 2, 20), read('1', 3, 5), read('2', 6, 8))),
    ).toBe('linearizable');
    expect(
      verdictOf(history(write('1', 0, 1), write('2', 2, 20), read('2', 3, 7), read('1', 6, 8))),
    ).toBe('linearizable');
  });

  it('(6) a crashed (info) write may have happened, or not, at any time after its call', () => {
    const after = (seen: Json) =>
      history(write('1', 0, 1), info(write('2', 2, 3)), read(seen, 5, 6));
    expect(verdictOf(after('1'))).toBe('linearizable');
    expect(verdictOf(after('2'))).toBe('linearizable');
    // Long after, still possible: it never returned.
    expect(
      verdictOf(
        history(write('1', 0, 1), info(write('2', 2, 3)), read('1', 50, 51), read('2', 90, 91)),
      ),
    ).toBe('linearizable');
    // But it happens once: seen, then unseen, is an inversion.
    expect(
      verdictOf(
        history(write('1', 0, 1), info(write('2', 2, 3)), read('2', 5, 6), read('1', 7, 8)),
      ),
    ).toBe('not-linearizable');
    // And not before its call.
    expect(verdictOf(history(write('1', 0, 1), read('2', 2, 3), info(write('2', 4, 5))))).toBe(
      'not-linearizable',
    );
  });

  it('(7) a failed write did not happen', () => {
    const run = (seen: string | null): RecordedOp[] => [
      at(0, 'c1', 'invoke', 'w1', 'write', '1'),
      at(1, 'c1', 'ok', 'w1', 'write'),
      at(2, 'c2', 'invoke', 'w2', 'write', '2'),
      at(3, 'c2', 'fail', 'w2', 'write'),
      at(4, 'c1', 'invoke', 'r1', 'read'),
      at(5, 'c1', 'ok', 'r1', 'read', seen),
    ];
    expect(verdictOf(operationsOf(run('1')))).toBe('linearizable');
    expect(verdictOf(operationsOf(run('2')))).toBe('not-linearizable');
  });

  it('(8) compare-and-set', () => {
    // Sequential: 0 → 1 by cas, read 1.
    expect(verdictOf(history(write('0', 0, 1), cas('0', '1', 2, 3), read('1', 4, 5)))).toBe(
      'linearizable',
    );
    // A cas cannot succeed twice from the same value in a row.
    expect(verdictOf(history(write('0', 0, 1), cas('0', '1', 2, 3), cas('0', '2', 4, 5)))).toBe(
      'not-linearizable',
    );
    // Nor can two concurrent ones both swap 0 out.
    expect(verdictOf(history(write('0', 0, 1), cas('0', '1', 2, 6), cas('0', '2', 3, 7)))).toBe(
      'not-linearizable',
    );
    // Chained concurrent swaps can: 0 → 1 → 2, whichever was invoked first.
    expect(
      verdictOf(
        history(write('0', 0, 1), cas('1', '2', 2, 6), cas('0', '1', 3, 7), read('2', 8, 9)),
      ),
    ).toBe('linearizable');
    // A cas that never answered may have swapped, or not.
    const crashed = (seen: Json) =>
      history(write('0', 0, 1), info(cas('0', '1', 2, 3)), read(seen, 4, 5));
    expect(verdictOf(crashed('0'))).toBe('linearizable');
    expect(verdictOf(crashed('1'))).toBe('linearizable');
    // But it could not have swapped from a value the register did not hold.
    expect(verdictOf(history(write('5', 0, 1), info(cas('0', '1', 2, 3)), read('1', 4, 5)))).toBe(
      'not-linearizable',
    );
  });

  it('(9) keys are checked apart, and a violation is pinned to its key', () => {
    const ops = history(
      write('1', 0, 1, 'x'),
      write('a', 0, 2, 'y'),
      read('1', 2, 3, 'x'),
      write('b', 3, 4, 'y'),
      read('a', 5, 6, 'y'), // stale: b replaced a before this read began
      read('1', 5, 7, 'x'),
    );
    const result = checkLinearizability(kvModel(), ops);
    expect(result.verdict).toBe('not-linearizable');
    expect(result.reason).toMatch(/^key y: /);
    expect(result.keys.map((k) => [k.key, k.verdict])).toEqual([
      ['x', 'linearizable'],
      ['y', 'not-linearizable'],
    ]);
    const y = result.keys[1];
    expect(y?.operations).toEqual([1, 3, 4]);
    if (!y || y.verdict === 'linearizable') throw new Error('expected a violation on y');
    expect(y.unplaceable).toEqual([4]);
    const x = result.keys[0];
    if (!x || x.verdict !== 'linearizable') throw new Error('expected x linearizable');
    expect(x.linearization).toEqual([0, 2, 5]);
    // The same history as one register is (rightly) a different question.
    expect(verdictOf(ops)).toBe('not-linearizable');
  });

  it('(10) gives up honestly: unknown when the budget runs out', () => {
    const ops = concurrentMess(12);
    const result = checkLinearizability(registerModel(), ops, { maxConfigurations: 50 });
    expect(result.verdict).toBe('unknown');
    expect(result.reason).toBe('ran out of time after 50 configurations');
    expect(result.configurations).toBe(50);
    // With room to finish, it does (the mess is not linearizable).
    expect(verdictOf(ops)).toBe('not-linearizable');
  });

  it("stops on the caller's deadline, and checks no more keys after it", () => {
    let asked = 0;
    const ops = [...concurrentMess(12, 'x'), ...concurrentMess(12, 'y')].map((op, id) => ({
      ...op,
      id,
    }));
    const result = checkLinearizability(kvModel(), ops, { isTimeUp: () => ++asked >= 2 });
    expect(result.verdict).toBe('unknown');
    expect(result.reason).toMatch(/^ran out of time after \d+ configurations$/);
    expect(result.keys.map((k) => k.verdict)).toEqual(['unknown', 'unknown']);
    // Asked before the first configuration and after 1,024: the second answer stops it.
    expect(result.keys.map((k) => k.configurations)).toEqual([1024, 0]);
    expect(result.keys[0]?.verdict === 'unknown' && result.keys[0].reason).toBe(
      'ran out of time after 1024 configurations (deadline)',
    );
    expect(asked).toBe(2);
  });

  it('takes operations that touch in time as concurrent', () => {
    // The read is called at the instant the write returns: it may precede the write.
    expect(verdictOf(history(write('1', 0, 5), read(null, 5, 6)))).toBe('linearizable');
    expect(verdictOf(history(write('1', 0, 4), read(null, 5, 6)))).toBe('not-linearizable');
  });

  it('leaves out reads that never answered and crashed writes nobody saw', () => {
    const ops = history(
      write('1', 0, 1),
      info(read(null, 2, 3)),
      info(write('9', 2, 3)),
      read('1', 4, 5),
    );
    expect(onlyKey(ops).operations).toEqual([0, 3]);
  });

  it('a crashed write that was seen happened once, before the read that saw it', () => {
    const ops = history(
      write('1', 0, 1),
      info(write('2', 2, 3)),
      read('2', 5, 6),
      write('3', 7, 8),
      read('2', 9, 10), // it cannot take effect a second time
    );
    expect(verdictOf(ops)).toBe('not-linearizable');
  });

  it('crashed writes stop costing once nothing can see them, so a late violation stays cheap', () => {
    // Per block: a write of b<i>, a crashed write of the same value, a read of it. The
    // crashed one may never have happened, and might have happened any time later, but
    // after the read nothing can tell: left open, each would double the search to the end.
    const specs: Spec[] = [];
    for (let i = 0; i < 40; i++) {
      const t = 10 * i;
      specs.push(
        write(`b${i}`, t, t + 1),
        info(write(`b${i}`, t + 2, t + 3)),
        read(`b${i}`, t + 3, t + 4),
      );
    }
    specs.push(read('never', 1000, 1001));
    const result = checkLinearizability(registerModel(), history(...specs));
    expect(result.verdict).toBe('not-linearizable');
    expect(result.configurations).toBeLessThan(1000);
  });

  it('answers unknown, never throws, for what the register model does not know', () => {
    const append = checkLinearizability(
      registerModel(),
      history({ ...read('1', 0, 1), fn: 'append' }),
    );
    expect(append.verdict).toBe('unknown');
    expect(append.reason).toMatch(/cannot check: .*cannot check 'append'/);
    const backwards = checkLinearizability(registerModel(), history(write('1', 2, 1)));
    expect(backwards.verdict).toBe('unknown');
    expect(backwards.reason).toMatch(/before its call/);
  });
});

/**
 * Many overlapping writes of distinct values and reads that contradict each other:
 * not linearizable, but only after trying a great many orders.
 */
function concurrentMess(n: number, key = 'x'): Operation[] {
  const specs: Spec[] = [];
  for (let i = 0; i < n; i++) {
    specs.push(
      i % 3 === 2 ? read(String(n - i), i, 100 + i, key) : write(String(i), i, 100 + i, key),
    );
  }
  // Seen in an order no interleaving can give: each value read after a later one was.
  specs.push(read('0', 200, 201, key), read('1', 202, 203, key), read('0', 204, 205, key));
  return history(...specs);
}
