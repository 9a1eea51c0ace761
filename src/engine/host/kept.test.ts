import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KeptReceiver, KeptSender, type Kept } from './kept';

/** What crosses to the engine: a structured clone, as postMessage makes it. */
const across = (k: Kept): Kept => structuredClone(k);

describe('kept values across the worker boundary', () => {
  it('arrive equal to what was sent, whatever the sequence', () => {
    fc.assert(
      fc.property(fc.array(fc.jsonValue(), { minLength: 1, maxLength: 12 }), (values) => {
        const sender = new KeptSender();
        const receiver = new KeptReceiver();
        for (const v of values) {
          expect(receiver.receive(across(sender.send(v)))).toStrictEqual(structuredClone(v));
        }
      }),
    );
  });

  it('arrive equal as a log grows, shrinks and changes, with small changes on the wire', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.record({ append: fc.jsonValue() }),
            fc.record({ cut: fc.nat(10) }),
            fc.record({ term: fc.nat(5) }),
          ),
          { maxLength: 30 },
        ),
        (ops) => {
          const sender = new KeptSender();
          const receiver = new KeptReceiver();
          const state: { term: number; log: unknown[] } = { term: 0, log: [] };
          for (const op of ops) {
            if ('append' in op) state.log.push({ term: state.term, value: op.append });
            else if ('cut' in op) state.log.length = Math.min(state.log.length, op.cut);
            else state.term = op.term;
            // The sender must copy: the state goes on changing after it is sent.
            expect(receiver.receive(across(sender.send(state)))).toStrictEqual(
              structuredClone(state),
            );
          }
        },
      ),
    );
  });

  it('sends an unchanged value as "the same", and an appended entry alone', () => {
    const sender = new KeptSender();
    const receiver = new KeptReceiver();
    const log = Array.from({ length: 500 }, (_, i) => ({ term: 1, value: `v${i}` }));
    const first = receiver.receive(across(sender.send({ term: 1, log })));
    const same = sender.send({ term: 1, log });
    expect(same.change).toBe(0);
    expect(receiver.receive(across(same))).toBe(first);
    log.push({ term: 2, value: 'new' });
    const grown = sender.send({ term: 1, log });
    expect(JSON.stringify(grown).length).toBeLessThan(100);
    const value = receiver.receive(across(grown)) as { log: unknown[] };
    expect(value.log).toHaveLength(501);
    expect(value.log[500]).toEqual({ term: 2, value: 'new' });
  });

  it('refuses a value out of step', () => {
    const sender = new KeptSender();
    const receiver = new KeptReceiver();
    sender.send(1);
    expect(() => receiver.receive(sender.send(2))).toThrow(/out of step/);
  });
});
