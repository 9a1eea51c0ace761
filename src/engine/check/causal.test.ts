/** The causal checkers, on hand-made client histories. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Json } from '../protocol';
import { monotonicReads, noEffectBeforeCause, readYourWrites } from './causal';
import type { Observation, Violation } from './invariant';
import { clientHistory, type CompletedOpSummary, type OpSummary } from './stale-read';

const INVARIANTS = [readYourWrites, monotonicReads, noEffectBeforeCause];

/** Drives every causal invariant the way the engine does: one observation per handler call. */
function harness() {
  const watched = INVARIANTS.map((inv) => ({ inv, memory: inv.init() }));
  const violations: Violation[] = [];
  let cause = 0;
  let time = 0;
  const clients = new Map<
    string,
    {
      incarnation: number;
      seq: number;
      done: number;
      pending: OpSummary | null;
      last: CompletedOpSummary | null;
    }
  >();
  const observe = (node: string, data: Json | null, incarnation: number) => {
    const o: Observation = { node, time: (time += 10), cause: ++cause, incarnation, data };
    for (const { inv, memory } of watched) {
      const v = inv.check(memory, o);
      if (v) violations.push(v);
    }
  };
  const state = (node: string) => {
    let c = clients.get(node);
    if (!c) {
      c = { incarnation: 1, seq: 0, done: 0, pending: null, last: null };
      clients.set(node, c);
    }
    return c;
  };
  const publish = (node: string) => {
    const c = state(node);
    observe(node, clientHistory({ pending: c.pending, done: c.done, last: c.last }), c.incarnation);
  };
  const complete = (node: string, outcome: 'ok' | 'fail' | 'info', readValue: string | null) => {
    const c = state(node);
    const p = c.pending;
    if (!p) throw new Error(`${node} has nothing pending`);
    c.last = { ...p, value: p.fn === 'write' ? p.value : readValue, outcome };
    c.done++;
    c.pending = null;
    publish(node);
  };
  return {
    violations,
    messages: () => violations.map((v) => `${v.invariant}: ${v.message}`),
    write(node: string, key: string, value: string, outcome: 'ok' | 'fail' | 'info' = 'ok') {
      const c = state(node);
      c.pending = { id: `${node}:${++c.seq}`, fn: 'write', key, value };
      publish(node);
      complete(node, outcome, null);
    },
    read(node: string, key: string, value: string | null, outcome: 'ok' | 'fail' = 'ok') {
      const c = state(node);
      c.pending = { id: `${node}:${++c.seq}`, fn: 'read', key, value: null };
      publish(node);
      complete(node, outcome, value);
    },
    crash(node: string) {
      const c = state(node);
      observe(node, null, c.incarnation);
      clients.set(node, {
        incarnation: c.incarnation + 1,
        seq: 0,
        done: 0,
        pending: null,
        last: null,
      });
      publish(node);
    },
    other(node: string) {
      observe(node, { role: 'replica', applied: { n1: 1 } }, 1);
    },
  };
}

describe('read-your-writes and monotonic reads', () => {
  it('flags a read that misses the client’s own acknowledged write', () => {
    const h = harness();
    h.write('c1', 'x', 'a');
    h.read('c1', 'x', null);
    h.write('c1', 'x', 'b');
    h.read('c1', 'x', 'a');
    expect(h.messages()).toEqual([
      'read-your-writes: c1 read x = nil at 40 ms, after its own write of x = a had been acknowledged',
      'read-your-writes: c1 read x = a at 80 ms, after its own write of x = b had been acknowledged',
    ]);
    expect(h.violations[0]?.events).toEqual([2, 4]);
  });

  it('flags a read that goes back to a value, or to nil, after a newer one was read', () => {
    const h = harness();
    h.read('c2', 'x', 'a');
    h.read('c2', 'x', 'b');
    h.read('c2', 'x', 'a');
    h.read('c2', 'x', null);
    expect(h.messages()).toEqual([
      'monotonic-reads: c2 read x = a at 60 ms, after it had already read x = b',
      'monotonic-reads: c2 read x = nil at 80 ms, after it had already read x = b',
    ]);
  });

  it('accepts newer values, others’ writes, repeated reads and nil before anything', () => {
    const h = harness();
    h.read('c1', 'x', null);
    h.write('c1', 'x', 'a');
    h.read('c1', 'x', 'a');
    h.read('c1', 'x', 'b'); // someone else's, later in the store's order
    h.read('c1', 'x', 'b');
    h.write('c1', 'x', 'c');
    h.read('c1', 'x', 'd');
    h.read('c1', 'y', null); // another key
    expect(h.violations).toEqual([]);
  });

  it('ignores failed reads, writes of unknown outcome, other nodes, and a restarted client’s past', () => {
    const h = harness();
    h.write('c1', 'x', 'a', 'info');
    h.read('c1', 'x', null);
    h.write('c1', 'x', 'b');
    h.read('c1', 'x', null, 'fail');
    h.other('n1');
    h.crash('c1');
    h.read('c1', 'x', null); // a new session knows nothing
    expect(h.violations).toEqual([]);
  });
});

describe('no effect before cause', () => {
  it('flags a reader who sees the reply and then finds no post', () => {
    const h = harness();
    h.write('c1', 'post', 'hello');
    h.read('c2', 'post', 'hello');
    h.write('c2', 'reply', 'hi');
    h.read('c3', 'post', null); // before seeing the reply: fine
    h.read('c3', 'reply', 'hi');
    h.read('c3', 'post', null);
    expect(h.messages()).toEqual([
      'no-effect-before-cause: c3 read post = nil at 120 ms, but it had seen reply = hi, written by a client that had seen post = hello: the effect was visible before its cause',
    ]);
  });

  it('follows dependencies transitively, and only what the writer had seen when it wrote', () => {
    const h = harness();
    h.write('c1', 'post', 'hello');
    h.read('c2', 'post', 'hello');
    h.write('c2', 'reply', 'hi');
    h.read('c3', 'reply', 'hi');
    h.write('c3', 'like', 'thumbs-up'); // depends on reply, hence on post
    h.write('c1', 'other', 'later'); // c1 wrote it after: not in anyone's past here
    h.read('c4', 'like', 'thumbs-up');
    h.read('c4', 'other', null);
    h.read('c4', 'post', null);
    expect(h.messages()).toEqual([
      expect.stringMatching(
        /^no-effect-before-cause: c4 read post = nil .* it had seen like = thumbs-up/,
      ),
    ]);
  });

  it('never flags a history a single copy of the store could produce', () => {
    const op = fc.record({
      client: fc.constantFrom('c1', 'c2', 'c3'),
      key: fc.constantFrom('x', 'y', 'z'),
      isWrite: fc.boolean(),
      crash: fc.integer({ min: 0, max: 20 }),
    });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const h = harness();
        const store = new Map<string, string>();
        ops.forEach((o, i) => {
          if (o.crash === 0) return h.crash(o.client);
          if (o.isWrite) {
            store.set(o.key, `v${i}`);
            h.write(o.client, o.key, `v${i}`);
          } else h.read(o.client, o.key, store.get(o.key) ?? null);
        });
        expect(h.violations).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });
});
