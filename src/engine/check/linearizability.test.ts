/**
 * The linearizability checker on hand-made histories (the classic ones), against a brute
 * force on random small histories, and on long runs of a simulated register. Also the
 * history reader (history.ts) that feeds it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { HistoryOp, Json } from '../protocol';
import type { TraceEntry } from '../sim/trace';
import { operationsOf, recordedOpsOf, type Operation, type RecordedOp } from './history';
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

  it('refuses what the register model does not know', () => {
    expect(() => verdictOf(history({ ...read('1', 0, 1), fn: 'append' }))).toThrow(
      /cannot check 'append'/,
    );
    expect(() => verdictOf(history({ ...write('1', 2, 1) }))).toThrow(/before its call/);
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

// ---------------------------------------------------------------------------------------
// The history reader

function at(
  time: number,
  client: string,
  phase: HistoryOp['phase'],
  opId: string,
  fn: string,
  value?: Json,
  key = 'x',
): RecordedOp {
  return { time, client, op: { phase, opId, fn, key, ...(value === undefined ? {} : { value }) } };
}

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

// ---------------------------------------------------------------------------------------
// Against a brute force

/**
 * Try every order: each step, any operation not yet placed whose call no unplaced operation's
 * return strictly precedes; done when every ok operation is placed (info ones may never be).
 */
function bruteForce<S>(model: Model<S>, ops: readonly Operation[]): boolean {
  const placed = ops.map(() => false);
  const search = (state: S, okLeft: number): boolean => {
    if (okLeft === 0) return true;
    for (const [i, op] of ops.entries()) {
      if (placed[i]) continue;
      if (ops.some((q, j) => !placed[j] && q.returnMs < op.callMs)) continue;
      const { ok, next } = model.step(state, op);
      if (!ok) continue;
      placed[i] = true;
      if (search(next, okLeft - (op.outcome === 'ok' ? 1 : 0))) return true;
      placed[i] = false;
    }
    return false;
  };
  return search(model.init(), ops.filter((op) => op.outcome === 'ok').length);
}

/** A map of registers, checked whole (no partition): what kvModel must agree with. */
const wholeMap: Model<Record<string, Json>> = {
  id: 'whole-map',
  init: () => ({}),
  step(state, op) {
    const register = registerModel();
    const { ok, next } = register.step(state[op.key] ?? null, op);
    return { ok, next: ok ? { ...state, [op.key]: next } : state };
  },
};

/** The witness must replay under the model and respect real time. */
function assertWitness<S>(model: Model<S>, ops: readonly Operation[], result: KeyResult[]): void {
  for (const k of result) {
    if (k.verdict !== 'linearizable') throw new Error(`key ${k.key} is ${k.verdict}`);
    const byId = new Map(ops.map((op) => [op.id, op]));
    const order = k.linearization.map((id) => {
      const op = byId.get(id);
      if (!op) throw new Error(`unknown id ${id} in the witness`);
      return op;
    });
    let state = model.init();
    const refused = order.filter((op) => {
      const { ok, next } = model.step(state, op);
      state = next;
      return !ok;
    });
    expect(refused).toEqual([]);
    // Nothing placed later may have returned before an earlier one was called.
    let earliestReturnAfter = Infinity;
    const outOfOrder: number[] = [];
    for (let i = order.length - 1; i >= 0; i--) {
      const op = order[i];
      if (!op) continue;
      if (earliestReturnAfter < op.callMs) outOfOrder.push(op.id);
      earliestReturnAfter = Math.min(earliestReturnAfter, op.returnMs);
    }
    expect(outOfOrder).toEqual([]);
    const placed = new Set(k.linearization);
    const missing = ops.filter(
      (op) => op.key === k.key && op.outcome === 'ok' && !placed.has(op.id),
    );
    expect(missing).toEqual([]);
  }
}

const arbitraryOp = (keys: readonly string[]) =>
  fc.record({
    client: fc.integer({ min: 0, max: 2 }),
    fn: fc.constantFrom('read', 'write', 'cas'),
    key: fc.constantFrom(...keys),
    a: fc.constantFrom<Json>(null, '0', '1'),
    b: fc.constantFrom<Json>('0', '1', '2'),
    gapMs: fc.integer({ min: 0, max: 2 }),
    durationMs: fc.integer({ min: 0, max: 4 }),
    isInfo: fc.boolean().chain((coin) => (coin ? fc.boolean() : fc.constant(false))),
  });

/** Each client does one thing at a time; clients overlap freely; times collide often. */
function arbitraryHistory(keys: readonly string[], maxOps: number) {
  return fc.array(arbitraryOp(keys), { minLength: 1, maxLength: maxOps }).map((raw) => {
    const clock = [0, 0, 0];
    const ops: Operation[] = raw.map((r, id) => {
      const callMs = (clock[r.client] ?? 0) + r.gapMs;
      const returnMs = callMs + r.durationMs;
      clock[r.client] = returnMs;
      const input: Json = r.fn === 'read' ? null : r.fn === 'write' ? r.b : [r.a, r.b];
      const op: Operation = {
        id,
        client: `c${r.client}`,
        opId: `op${id}`,
        fn: r.fn,
        key: r.key,
        input,
        output: r.fn === 'read' ? r.a : null,
        outcome: 'ok',
        callMs,
        returnMs,
      };
      return r.isInfo ? { ...op, outcome: 'info', output: undefined, returnMs: Infinity } : op;
    });
    return ops;
  });
}

describe('linearizability against a brute force', () => {
  it('agrees on random small histories of one register', () => {
    const seen = { linearizable: 0, 'not-linearizable': 0, unknown: 0 };
    fc.assert(
      fc.property(arbitraryHistory(['x'], 7), (ops) => {
        const model = registerModel();
        const result = checkLinearizability(model, ops);
        seen[result.verdict]++;
        expect(result.verdict).toBe(bruteForce(model, ops) ? 'linearizable' : 'not-linearizable');
        if (result.verdict === 'linearizable') assertWitness(model, ops, [...result.keys]);
      }),
      { numRuns: 3000 },
    );
    // Both answers were exercised, not just the easy one.
    expect(seen.linearizable).toBeGreaterThan(300);
    expect(seen['not-linearizable']).toBeGreaterThan(300);
  });

  it('agrees on random small histories of two keys, checked apart', () => {
    fc.assert(
      fc.property(arbitraryHistory(['x', 'y'], 8), (ops) => {
        const result = checkLinearizability(kvModel(), ops);
        expect(result.verdict).toBe(
          bruteForce(wholeMap, ops) ? 'linearizable' : 'not-linearizable',
        );
        if (result.verdict === 'linearizable')
          assertWitness(registerModel(), ops, [...result.keys]);
      }),
      { numRuns: 1500 },
    );
  });
});

// ---------------------------------------------------------------------------------------
// Long runs of a simulated register

/** mulberry32: a seeded stream, so every run of this test sees the same history. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface RunShape {
  readonly seed: number;
  readonly clients: number;
  readonly count: number;
  /** How many distinct values writes draw from; 'unique' = each write its own (as clients do). */
  readonly values: number | 'unique';
  /** The share of operations that end in info (the rest of the 8% fail). */
  readonly infoShare: number;
}

/**
 * A correct register, recorded as the engine records it: each operation takes effect at a
 * random instant inside its interval; 8% end in fail (no effect) or info (effect or not, by
 * a coin). Each client does one thing at a time, with short pauses, so about all overlap.
 */
function simulatedRegister({ seed, clients, count, values, infoShare }: RunShape): RecordedOp[] {
  const random = seeded(seed);
  const pick = (n: number) => Math.floor(random() * n);
  type Planned = {
    client: string;
    opId: string;
    fn: 'read' | 'write';
    value: string;
    callMs: number;
    returnMs: number;
    atMs: number;
    outcome: 'ok' | 'fail' | 'info';
    takesEffect: boolean;
    seen?: string | null;
  };
  const planned: Planned[] = [];
  const clock = Array.from({ length: clients }, () => 0);
  for (let i = 0; i < count; i++) {
    const c = pick(clients);
    const callMs = (clock[c] ?? 0) + pick(4);
    const returnMs = callMs + 1 + pick(12);
    clock[c] = returnMs;
    const roll = random();
    const outcome = roll < infoShare ? 'info' : roll < 0.08 ? 'fail' : 'ok';
    planned.push({
      client: `c${c}`,
      opId: `c${c}:${i}`,
      fn: random() < 0.5 ? 'read' : 'write',
      value: values === 'unique' ? `c${c}-${i}` : String(pick(values)),
      callMs,
      returnMs,
      atMs: callMs + random() * (returnMs - callMs),
      outcome,
      takesEffect: outcome === 'ok' || (outcome === 'info' && random() < 0.5),
    });
  }
  let register: string | null = null;
  for (const p of [...planned].sort((a, b) => a.atMs - b.atMs)) {
    if (!p.takesEffect) continue;
    if (p.fn === 'write') register = p.value;
    else p.seen = register;
  }
  const events: { time: number; order: number; record: RecordedOp }[] = [];
  planned.forEach((p, n) => {
    const invoke: HistoryOp = {
      phase: 'invoke',
      opId: p.opId,
      fn: p.fn,
      key: 'x',
      ...(p.fn === 'write' ? { value: p.value } : {}),
    };
    const done: HistoryOp = {
      phase: p.outcome,
      opId: p.opId,
      fn: p.fn,
      key: 'x',
      ...(p.fn === 'read' && p.outcome === 'ok' ? { value: p.seen ?? null } : {}),
    };
    events.push({
      time: p.callMs,
      order: 2 * n,
      record: { time: p.callMs, client: p.client, op: invoke },
    });
    events.push({
      time: p.returnMs,
      order: 2 * n + 1,
      record: { time: p.returnMs, client: p.client, op: done },
    });
  });
  return events.sort((a, b) => a.time - b.time || a.order - b.order).map((e) => e.record);
}

describe('linearizability on long runs', () => {
  it('finds 2,000 operations of a correct register under 5 clients linearizable', () => {
    for (const seed of [1, 2, 3]) {
      const ops = operationsOf(
        simulatedRegister({ seed, clients: 5, count: 2000, values: 'unique', infoShare: 0.04 }),
      );
      const result = checkLinearizability(registerModel(), ops, { maxConfigurations: 5_000_000 });
      expect(result.verdict, `seed ${seed}`).toBe('linearizable');
      assertWitness(registerModel(), ops, [...result.keys]);
    }
  });

  it('also when few values make every read ambiguous (no info operations)', () => {
    for (const seed of [4, 5]) {
      const ops = operationsOf(
        simulatedRegister({ seed, clients: 5, count: 2000, values: 3, infoShare: 0 }),
      );
      const result = checkLinearizability(registerModel(), ops, { maxConfigurations: 5_000_000 });
      expect(result.verdict, `seed ${seed}`).toBe('linearizable');
    }
  });

  it('catches one read that returns what was never there, and points at it', () => {
    const recorded = simulatedRegister({
      seed: 7,
      clients: 5,
      count: 2000,
      values: 'unique',
      infoShare: 0.04,
    });
    const victim = recorded.findIndex(
      (r, i) => i > 1500 && r.op.phase === 'ok' && r.op.fn === 'read',
    );
    const broken = recorded.map((r, i) =>
      i === victim ? { ...r, op: { ...r.op, value: 'never' } } : r,
    );
    const ops = operationsOf(broken);
    const result = checkLinearizability(registerModel(), ops, { maxConfigurations: 5_000_000 });
    expect(result.verdict).toBe('not-linearizable');
    const bad = ops.find((op) => op.output === 'never');
    const [k] = result.keys;
    if (!bad || !k || k.verdict === 'linearizable') throw new Error('expected a violation');
    expect(k.unplaceable).toContain(bad.id);
    expect(k.overdue).toBe(bad.id);
  });
});
