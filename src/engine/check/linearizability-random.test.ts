/**
 * The linearizability checker against a brute force on random small histories, and on long
 * runs of a simulated register.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { HistoryOp, Json } from '../protocol';
import { operationsOf, type Operation, type RecordedOp } from './history';
import {
  checkLinearizability,
  kvModel,
  registerModel,
  type KeyResult,
  type Model,
} from './linearizability';
import { bruteForce } from './brute-force';

// ---------------------------------------------------------------------------------------
// Against a brute force

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
