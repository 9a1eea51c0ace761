/**
 * The list-append and counter models, the kv model's choice between them, and the checker's
 * promise to answer rather than throw: a fair budget across keys, a memo that may fill up,
 * operations no model knows.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Json } from '../protocol';
import type { Operation } from './history';
import {
  appendModel,
  checkLinearizability,
  counterModel,
  kvModel,
  type Model,
} from './linearizability';
import { bruteForce } from './brute-force';
import { registerIncrModel } from './models';

type Kind = 'append' | 'counter';

interface Raw {
  readonly isRead: boolean;
  readonly callMs: number;
  readonly lengthMs: number;
  readonly at: number;
  readonly amount: number;
}

/** A raw operation: when it is called, how long it takes, where in between it takes effect. */
const rawOp: fc.Arbitrary<Raw> = fc.record({
  isRead: fc.boolean(),
  callMs: fc.integer({ min: 0, max: 40 }),
  lengthMs: fc.integer({ min: 0, max: 15 }),
  at: fc.double({ min: 0, max: 1, noNaN: true }),
  amount: fc.integer({ min: 1, max: 3 }),
});

/**
 * A history of one object that really ran: each operation takes effect at a point inside its
 * interval, in that order, on one copy; reads answer what the copy held then.
 */
function realHistory(kind: Kind, raws: readonly Raw[], key = 'k'): Operation[] {
  const ops = raws.map((r, i) => ({
    r,
    i,
    effect: r.callMs + r.at * r.lengthMs,
  }));
  const outputs = new Map<number, Json>();
  let list: Json[] = [];
  let count = 0;
  for (const { r, i } of [...ops].sort((a, b) => a.effect - b.effect || a.i - b.i)) {
    if (r.isRead) outputs.set(i, kind === 'append' ? [...list] : count);
    else if (kind === 'append') list = [...list, `v${i}`];
    else count += r.amount;
  }
  return ops.map(({ r, i }) => ({
    id: i,
    client: `c${i}`,
    opId: `op${i}`,
    fn: r.isRead ? 'read' : kind === 'append' ? 'append' : 'add',
    key,
    input: r.isRead ? null : kind === 'append' ? `v${i}` : r.amount,
    output: r.isRead ? (outputs.get(i) ?? null) : null,
    outcome: 'ok' as const,
    callMs: r.callMs,
    returnMs: r.callMs + r.lengthMs,
  }));
}

/** Spoil the first read: it sees an item never appended, or a count never reached. */
function broken(kind: Kind, ops: Operation[]): Operation[] {
  const i = ops.findIndex((op) => op.fn === 'read');
  return ops.map((op, j) =>
    j !== i ? op : { ...op, output: kind === 'append' ? ['never appended'] : -1 },
  );
}

const modelOf = (kind: Kind) =>
  (kind === 'append' ? appendModel() : counterModel()) as unknown as Model<Json>;

describe.each<Kind>(['append', 'counter'])('the %s model', (kind) => {
  it('finds every history that really ran linearizable, through the kv model too', () => {
    fc.assert(
      fc.property(fc.array(rawOp, { minLength: 1, maxLength: 14 }), (raws) => {
        const ops = realHistory(kind, raws);
        expect(checkLinearizability(modelOf(kind), ops).verdict).toBe('linearizable');
        expect(checkLinearizability(kvModel(), ops).verdict).toBe('linearizable');
      }),
      { numRuns: 150 },
    );
  });

  it('catches a deliberately broken history: a read of what never was', () => {
    fc.assert(
      fc.property(
        fc.array(rawOp, { minLength: 1, maxLength: 14 }).filter((r) => r.some((o) => o.isRead)),
        (raws) => {
          const ops = broken(kind, realHistory(kind, raws));
          const result = checkLinearizability(kvModel(), ops);
          expect(result.verdict).toBe('not-linearizable');
          const [k] = result.keys;
          const spoiled = ops.find((op) => op.fn === 'read');
          if (k?.verdict !== 'not-linearizable' || !spoiled)
            throw new Error('expected a violation');
          expect(k.unplaceable).toContain(spoiled.id);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('agrees with a brute force on random small histories (answers made up)', () => {
    const answer: fc.Arbitrary<Json> =
      kind === 'append'
        ? fc.array(fc.constantFrom('v0', 'v1', 'v2', 'v3'), { maxLength: 3 })
        : fc.integer({ min: 0, max: 6 });
    fc.assert(
      fc.property(fc.array(fc.tuple(rawOp, answer), { minLength: 1, maxLength: 6 }), (pairs) => {
        const ops = realHistory(
          kind,
          pairs.map(([r]) => r),
        ).map((op, i) => (op.fn === 'read' ? { ...op, output: pairs[i]?.[1] ?? null } : op));
        const expected = bruteForce(modelOf(kind), ops) ? 'linearizable' : 'not-linearizable';
        expect(checkLinearizability(kvModel(), ops).verdict).toBe(expected);
      }),
      { numRuns: 300 },
    );
  });
});

const op = (
  id: number,
  fn: string,
  input: Json,
  output: Json,
  callMs: number,
  returnMs: number,
  key = 'x',
): Operation => ({
  id,
  client: `c${id}`,
  opId: `op${id}`,
  fn,
  key,
  input,
  output,
  outcome: 'ok',
  callMs,
  returnMs,
});

/**
 * A key that is very expensive to decide: many overlapping writes of distinct values, and
 * reads that contradict each other only at the end.
 */
function pathological(n: number, key: string, firstId: number): Operation[] {
  const ops: Operation[] = [];
  for (let i = 0; i < n; i++)
    ops.push(
      i % 3 === 2
        ? op(firstId + i, 'read', null, String(n - i), i, 100 + i, key)
        : op(firstId + i, 'write', String(i), null, i, 100 + i, key),
    );
  const id = firstId + n;
  ops.push(
    op(id, 'read', null, '0', 200, 201, key),
    op(id + 1, 'read', null, '1', 202, 203, key),
    op(id + 2, 'read', null, '0', 204, 205, key),
  );
  return ops;
}

describe('the register-incr model (SET, GET and INCR on one key, as the Raft store does)', () => {
  it('orders a write, an INCR and reads of text values', () => {
    const ops = [
      op(0, 'write', '41', null, 0, 1),
      op(1, 'incr', null, '42', 2, 5),
      op(2, 'read', null, '42', 6, 7),
      op(3, 'incr', null, '1', 8, 9, 'y'), // nil counts as 0
      op(4, 'write', 'c1.3', null, 10, 11),
      op(5, 'incr', null, '1', 12, 13), // so does what is not a whole number
    ];
    expect(checkLinearizability(kvModel(), ops).verdict).toBe('linearizable');
    expect(
      bruteForce(
        registerIncrModel(),
        ops.filter((o) => o.key === 'x'),
      ),
    ).toBe(true);
  });

  it('catches one INCR applied twice: its answer fits no order', () => {
    const ops = [op(0, 'incr', null, '2', 0, 5), op(1, 'read', null, '2', 6, 7)];
    const result = checkLinearizability(kvModel(), ops);
    expect(result.verdict).toBe('not-linearizable');
    expect(bruteForce(registerIncrModel(), ops)).toBe(false);
  });
});

describe('the checker answers, never throws', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('shares the budget fairly: a hard key does not hide a plain violation after it', () => {
    const hard = pathological(16, 'hard', 0);
    // y: 1 written and acknowledged, then read as nil: plainly not linearizable.
    const plain = [op(100, 'write', '1', null, 0, 1, 'y'), op(101, 'read', null, null, 2, 3, 'y')];
    let asked = 0;
    // A deadline of about 40,000 configurations (asked once every 1,024).
    const result = checkLinearizability(kvModel(), [...hard, ...plain], {
      isTimeUp: () => ++asked > 40,
    });
    expect(result.verdict).toBe('not-linearizable');
    expect(result.reason).toMatch(/^key y: /);
    // The hard key alone is not decided within that deadline (it is what starved y before).
    asked = 0;
    expect(checkLinearizability(kvModel(), hard, { isTimeUp: () => ++asked > 40 }).verdict).toBe(
      'unknown',
    );
  });

  it('stops at the first violation', () => {
    const bad = [op(0, 'write', '1', null, 0, 1, 'a'), op(1, 'read', null, '2', 2, 3, 'a')];
    const result = checkLinearizability(kvModel(), [...bad, ...pathological(16, 'b', 10)]);
    expect(result.verdict).toBe('not-linearizable');
    expect(result.keys.map((k) => [k.key, k.verdict])).toEqual([
      ['a', 'not-linearizable'],
      ['b', 'unknown'],
    ]);
    expect(result.configurations).toBeLessThan(100);
  });

  it('says unknown when its memo is full, by its own limit or the Set’s', () => {
    const ops = pathological(12, 'x', 0);
    const limited = checkLinearizability(kvModel(), ops, { maxMemo: 10 });
    expect(limited.verdict).toBe('unknown');
    expect(limited.reason).toMatch(/ran out of memory after \d+ configurations \(10 remembered\)/);
    // A Set that refuses to grow throws a RangeError (beyond 2^24 entries): caught.
    const add = Set.prototype.add;
    let added = 0;
    const spy = vi.spyOn(Set.prototype, 'add').mockImplementation(function (this: Set<unknown>, v) {
      if (++added > 50) throw new RangeError('Set maximum size exceeded');
      return add.call(this, v);
    });
    let result: ReturnType<typeof checkLinearizability> | null = null;
    let thrown: unknown = null;
    try {
      result = checkLinearizability(kvModel(), ops, { maxConfigurations: 50_000_000 });
    } catch (err) {
      thrown = err;
    } finally {
      spy.mockRestore();
    }
    expect(thrown).toBeNull();
    expect(result).toMatchObject({ verdict: 'unknown', reason: expect.stringMatching(/memory/) });
  });

  it('gives unknown for an operation no model knows, and for mixed kinds on one key', () => {
    const weird = checkLinearizability(kvModel(), [op(0, 'frobnicate', 1, null, 0, 1)]);
    expect(weird.verdict).toBe('unknown');
    expect(weird.reason).toMatch(/cannot check 'frobnicate'/);
    const mixed = checkLinearizability(kvModel(), [
      op(0, 'append', 'a', null, 0, 1),
      op(1, 'write', 'b', null, 2, 3),
    ]);
    expect(mixed.verdict).toBe('unknown');
    // Other keys are still judged: a violation elsewhere is still found.
    const withBad = checkLinearizability(kvModel(), [
      op(0, 'frobnicate', 1, null, 0, 1, 'x'),
      op(1, 'write', '1', null, 0, 1, 'y'),
      op(2, 'read', null, null, 2, 3, 'y'),
    ]);
    expect(withBad.verdict).toBe('not-linearizable');
  });

  it('never throws on any operation kind or shape', () => {
    const anyOp = fc.record({
      fn: fc.constantFrom('read', 'write', 'cas', 'append', 'add', 'incr', 'delete', ''),
      key: fc.constantFrom('x', 'y'),
      input: fc.oneof(fc.constant(null), fc.integer(), fc.string(), fc.array(fc.integer())),
      output: fc.oneof(fc.constant(null), fc.integer(), fc.string(), fc.array(fc.string())),
      callMs: fc.integer({ min: 0, max: 20 }),
      returnMs: fc.oneof(fc.integer({ min: -5, max: 30 }), fc.constant(Infinity)),
    });
    fc.assert(
      fc.property(fc.array(anyOp, { maxLength: 10 }), (raws) => {
        const ops: Operation[] = raws.map((r, id) => ({
          ...r,
          id,
          client: `c${id}`,
          opId: `op${id}`,
          outcome: r.returnMs === Infinity ? 'info' : 'ok',
          output: r.returnMs === Infinity ? undefined : r.output,
        }));
        const result = checkLinearizability(kvModel(), ops, { maxConfigurations: 2000 });
        expect(['linearizable', 'not-linearizable', 'unknown']).toContain(result.verdict);
      }),
      { numRuns: 300 },
    );
  });
});
