import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { before, EventQueue, type Scheduled } from './event-queue';

interface Item extends Scheduled {
  readonly id: number;
}

const byTimeSeq = (a: Item, b: Item) => a.time - b.time || a.seq - b.seq;

describe('the event queue', () => {
  it('pops in (time, seq) order for any interleaving of pushes and pops', () => {
    // Ops: a push at a (coarse, often tied) time, or a pop.
    const op = fc.oneof(
      fc.record({ push: fc.integer({ min: 0, max: 20 }) }),
      fc.constant({ pop: true }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 300 }), (ops) => {
        const queue = new EventQueue<Item>();
        let model: Item[] = [];
        let seq = 0;
        for (const o of ops) {
          if ('push' in o) {
            const item = { time: o.push, seq: seq++, id: seq };
            queue.push(item);
            model.push(item);
            model.sort(byTimeSeq);
          } else {
            const expected = model[0];
            model = model.slice(1);
            expect(queue.pop()).toEqual(expected);
          }
          expect(queue.size).toBe(model.length);
          expect(queue.peek()).toEqual(model[0]);
        }
      }),
    );
  });

  it('round-trips through items() and reset()', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { maxLength: 100 }),
        (times) => {
          const queue = new EventQueue<Item>();
          times.forEach((time, seq) => queue.push({ time, seq, id: seq }));
          const copy = new EventQueue<Item>();
          copy.reset(structuredClone([...queue.items()]));
          const drain = (q: EventQueue<Item>) => {
            const out: Item[] = [];
            for (let x = q.pop(); x; x = q.pop()) out.push(x);
            return out;
          };
          expect(drain(copy)).toEqual(drain(queue));
        },
      ),
    );
  });

  it('breaks time ties by seq', () => {
    expect(before({ time: 1, seq: 2 }, { time: 1, seq: 3 })).toBe(true);
    expect(before({ time: 1, seq: 3 }, { time: 1, seq: 2 })).toBe(false);
    expect(before({ time: 0.5, seq: 9 }, { time: 1, seq: 0 })).toBe(true);
  });
});
