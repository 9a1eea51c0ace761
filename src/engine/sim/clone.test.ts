import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cloneData, cloneDataSharing } from './clone';

describe('cloneData', () => {
  it('gives what structuredClone gives for any JSON-like value, as a fresh copy', () => {
    fc.assert(
      fc.property(
        fc.jsonValue(),
        fc.anything({
          withBoxedValues: true,
          withMap: true,
          withSet: true,
          withNullPrototype: true,
          withSparseArray: true,
          withDate: true,
          withTypedArray: true,
          withBigInt: true,
          withObjectString: true,
        }),
        (json, anything) => {
          for (const v of [json, anything]) {
            const copy = cloneData(v);
            expect(copy).toStrictEqual(structuredClone(v));
            if (typeof v === 'object' && v !== null) expect(copy).not.toBe(v);
          }
        },
      ),
    );
  });

  it('keeps key order and undefined values, and copies every level', () => {
    const inner = { b: [1, { c: 'x' }] };
    const v = { z: 1, a: undefined, '2': true, m: inner };
    const copy = cloneData(v);
    expect(Object.keys(copy)).toEqual(Object.keys(structuredClone(v)));
    expect('a' in copy).toBe(true);
    expect(copy.m).not.toBe(inner);
    expect(copy.m.b[1]).not.toBe(inner.b[1]);
  });

  it('keeps sharing and cycles as structuredClone does', () => {
    const shared = { n: 1 };
    const copy = cloneData({ x: shared, y: [shared] });
    expect(copy.x).toBe(copy.y[0]);
    expect(copy.x).not.toBe(shared);
    const cyclic: { self?: unknown; many: object[] } = {
      many: Array.from({ length: 40 }, (_, i) => ({ i })),
    };
    cyclic.self = cyclic;
    const c = cloneData(cyclic);
    expect(c.self).toBe(c);
    expect(c.many).toHaveLength(40);
    // Sharing found past the short list of seen objects.
    const late = { late: true };
    const wide = Array.from({ length: 30 }, (_, i) => (i === 3 || i === 29 ? late : { i }));
    const w = cloneData(wide);
    expect(w[3]).toBe(w[29]);
  });

  it('hands what is not plain data to structuredClone: maps, dates, holes, class instances', () => {
    class Point {
      constructor(readonly x: number) {}
    }
    // eslint-disable-next-line no-sparse-arrays
    const holes = [1, , 3];
    const v = { m: new Map([[1, { a: 1 }]]), d: new Date(5), s: new Set([1]), holes };
    const copy = cloneData(v);
    expect(copy).toStrictEqual(structuredClone(v));
    expect(1 in copy.holes).toBe(false);
    expect(cloneData({ p: new Point(2) })).toStrictEqual(structuredClone({ p: new Point(2) }));
    expect(Object.getPrototypeOf(cloneData(Object.create(null) as object))).toBe(Object.prototype);
    const proto = JSON.parse('{"__proto__": {"a": 1}, "b": 2}') as object;
    expect(Object.keys(cloneData(proto))).toEqual(['__proto__', 'b']);
    expect(Object.getPrototypeOf(cloneData(proto))).toBe(Object.prototype);
  });

  it('copies only own keys even when Object.prototype has an enumerable one', () => {
    const proto = Object.prototype as Record<string, unknown>;
    proto.polluted = 1;
    try {
      const copy = cloneData({ a: { b: 1 } });
      expect(Object.hasOwn(copy, 'polluted')).toBe(false);
      expect(Object.hasOwn(copy.a, 'polluted')).toBe(false);
      const shared = cloneDataSharing(
        { a: { b: 1 } },
        cloneDataSharing({ a: { b: 1 } }, undefined),
      );
      expect(Object.hasOwn(shared.a, 'polluted')).toBe(false);
    } finally {
      delete proto.polluted;
    }
  });

  it("throws structuredClone's error for what cannot be copied, and recovers", () => {
    expect(() => cloneData({ f: () => 1 })).toThrow(DOMException);
    expect(() => cloneData({ s: Symbol('s') })).toThrow(DOMException);
    expect(cloneData({ ok: [1] })).toEqual({ ok: [1] });
  });

  describe('cloneDataSharing', () => {
    const objectsIn = (v: unknown, into = new Set<object>()): Set<object> => {
      if (typeof v === 'object' && v !== null && !into.has(v)) {
        into.add(v);
        for (const child of Object.values(v)) objectsIn(child, into);
      }
      return into;
    };

    it('gives what structuredClone gives, leaves the previous copy alone and shares nothing with the original', () => {
      fc.assert(
        fc.property(
          fc.array(fc.jsonValue(), { maxLength: 8 }),
          fc.jsonValue(),
          fc.jsonValue(),
          fc.nat(8),
          fc.anything({ withNullPrototype: true, withSparseArray: true, withBoxedValues: true }),
          (log, extra, meta, cut, odd) => {
            const first = { term: 1, log, meta: { meta }, odd };
            const previous = cloneDataSharing(first, undefined);
            const before = JSON.stringify(previous);
            const next = { term: 2, log: [...log.slice(0, cut), extra], meta: { meta }, odd };
            const copy = cloneDataSharing(next, previous);
            expect(copy).toStrictEqual(structuredClone(next));
            expect(JSON.stringify(copy)).toBe(JSON.stringify(next));
            expect(JSON.stringify(previous)).toBe(before);
            const originals = objectsIn(next);
            for (const o of objectsIn(copy)) expect(originals.has(o)).toBe(false);
            const again = cloneDataSharing(structuredClone(next), copy);
            expect(again).toStrictEqual(copy);
          },
        ),
      );
    });

    it('reuses what did not change', () => {
      const entries = Array.from({ length: 20 }, (_, i) => ({
        term: 1,
        command: { op: 'put', i },
      }));
      const previous = cloneDataSharing({ term: 1, log: entries }, undefined);
      const grown = cloneDataSharing(
        { term: 1, log: [...entries, { term: 2, command: { op: 'noop', i: 20 } }] },
        previous,
      );
      expect(grown.log).not.toBe(previous.log);
      expect(grown.log[5]).toBe(previous.log[5]);
      expect(grown.log[20]).toEqual({ term: 2, command: { op: 'noop', i: 20 } });
      expect(cloneDataSharing({ term: 1, log: entries }, previous)).toBe(previous);
      const bumped = cloneDataSharing({ term: 2, log: entries }, previous);
      expect(bumped.term).toBe(2);
      expect(bumped.log).toBe(previous.log);
    });

    it('tells apart what loose equality would not: key order, -0, a missing key', () => {
      type V = { a: number; b: number; c?: number | undefined };
      const previous = cloneDataSharing<V>({ a: 1, b: 0, c: undefined }, undefined);
      const reordered = cloneDataSharing<V>({ b: 0, a: 1, c: undefined }, previous);
      expect(Object.keys(reordered)).toEqual(['b', 'a', 'c']);
      expect(Object.is(cloneDataSharing<V>({ a: 1, b: -0, c: undefined }, previous).b, -0)).toBe(
        true,
      );
      expect('c' in cloneDataSharing<V>({ a: 1, b: 0 }, previous)).toBe(false);
    });

    it('shares only with copies it made itself, and keeps aliases as structuredClone does', () => {
      const made = cloneData({ log: [{ a: 1 }] });
      expect(cloneDataSharing({ log: [{ a: 1 }] }, made).log[0]).not.toBe(made.log[0]);
      const shared = { a: 1 };
      const previous = cloneDataSharing({ x: { a: 1 }, y: { a: 1 } }, undefined);
      const copy = cloneDataSharing({ x: shared, y: shared }, previous);
      expect(copy.x).toBe(copy.y);
      expect(copy.x).not.toBe(previous.x);
      // Past the short list of seen objects too, and after a comparison that failed half-way.
      const many = Array.from({ length: 40 }, (_, i) => ({ i }));
      type Wide = { many: { i: number }[]; tail: object };
      const base = cloneDataSharing<Wide>({ many, tail: { z: 1 } }, undefined);
      const alias = many[30] as { i: number };
      const aliased = cloneDataSharing<Wide>({ many, tail: alias }, base);
      expect(aliased.tail).toBe(aliased.many[30]);
      const fine = cloneDataSharing<Wide>(
        { many: [...many.slice(0, 39), { i: 99 }], tail: { z: 1 } },
        base,
      );
      expect(fine.many[3]).toBe(base.many[3]);
      expect(fine.tail).toBe(base.tail);
    });
  });
});
