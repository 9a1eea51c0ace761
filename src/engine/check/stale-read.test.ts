/** The no-stale-read checker, on hand-made histories and against a brute force. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Json } from '../protocol';
import type { Observation, Violation } from './invariant';
import { clientHistory, noStaleRead, type CompletedOpSummary, type OpSummary } from './stale-read';

/** Drives the checker the way the engine does: one observation per handler call. */
function harness() {
  const memory = noStaleRead.init();
  const violations: Violation[] = [];
  let cause = 0;
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
  const observe = (node: string, time: number, data: Json | null, incarnation = 1) => {
    const o: Observation = { node, time, cause: ++cause, incarnation, data };
    const v = noStaleRead.check(memory, o);
    if (v) violations.push(v);
    return o.cause;
  };
  const state = (node: string) => {
    let c = clients.get(node);
    if (!c) {
      c = { incarnation: 1, seq: 0, done: 0, pending: null, last: null };
      clients.set(node, c);
    }
    return c;
  };
  const publish = (node: string, time: number) => {
    const c = state(node);
    return observe(
      node,
      time,
      clientHistory({ pending: c.pending, done: c.done, last: c.last }),
      c.incarnation,
    );
  };
  return {
    violations,
    memory,
    write(node: string, time: number, key: string, value: string) {
      const c = state(node);
      c.pending = { id: `${node}:${++c.seq}`, fn: 'write', key, value };
      return publish(node, time);
    },
    read(node: string, time: number, key: string) {
      const c = state(node);
      c.pending = { id: `${node}:${++c.seq}`, fn: 'read', key, value: null };
      return publish(node, time);
    },
    /** Complete the pending op: a read's result, or a write's outcome. */
    done(
      node: string,
      time: number,
      outcome: 'ok' | 'fail' | 'info',
      readValue: string | null = null,
    ) {
      const c = state(node);
      const p = c.pending;
      if (!p) throw new Error(`${node} has nothing pending`);
      c.last = { ...p, value: p.fn === 'write' ? p.value : readValue, outcome };
      c.done++;
      c.pending = null;
      return publish(node, time);
    },
    crash(node: string, time: number) {
      const c = state(node);
      observe(node, time, null, c.incarnation);
      clients.set(node, {
        incarnation: c.incarnation + 1,
        seq: 0,
        done: 0,
        pending: null,
        last: null,
      });
      publish(node, time);
    },
    /** Something that is not a client (a Raft server, say) publishing its own state. */
    other(node: string, time: number) {
      observe(node, time, { role: 'leader', term: 3, log: [], logTerms: [] });
    },
  };
}

describe('no-stale-read', () => {
  it('flags a read of a value an acknowledged write had replaced before the read began', () => {
    const h = harness();
    h.write('c1', 100, 'x', '1');
    h.done('c1', 200, 'ok');
    h.write('c2', 300, 'x', '3');
    const ack = h.done('c2', 3900, 'ok');
    h.read('c1', 4100, 'x');
    const read = h.done('c1', 4210, 'ok', '1');
    expect(h.violations).toEqual([
      {
        invariant: 'no-stale-read',
        message: 'c1 read x = 1 at 4210 ms, but x = 3 had been written and acknowledged at 3900 ms',
        time: 4210,
        events: [ack, read],
      },
    ]);
  });

  it('flags a nil read after an acknowledged write', () => {
    const h = harness();
    h.write('c1', 0, 'x', '1');
    h.done('c1', 10, 'ok');
    h.read('c2', 20, 'x');
    h.done('c2', 30, 'ok', null);
    expect(h.violations[0]?.message).toBe(
      'c2 read x = nil at 30 ms, but x = 1 had been written and acknowledged at 10 ms',
    );
  });

  it('accepts the latest value, and nil before any write', () => {
    const h = harness();
    h.read('c2', 0, 'x');
    h.done('c2', 5, 'ok', null);
    h.write('c1', 10, 'x', '1');
    h.done('c1', 20, 'ok');
    h.write('c1', 30, 'x', '2');
    h.done('c1', 40, 'ok');
    h.read('c2', 50, 'x');
    h.done('c2', 60, 'ok', '2');
    expect(h.violations).toEqual([]);
  });

  it('accepts the old value while the newer write is concurrent with the read', () => {
    const h = harness();
    h.write('c1', 0, 'x', '1');
    h.done('c1', 10, 'ok');
    h.write('c2', 20, 'x', '2');
    h.read('c3', 30, 'x'); // invoked before the write is acknowledged
    h.done('c2', 40, 'ok');
    h.done('c3', 50, 'ok', '1');
    expect(h.violations).toEqual([]);
  });

  it('accepts the old value when the two writes overlapped (either order is possible)', () => {
    const h = harness();
    h.write('c1', 0, 'x', '1');
    h.write('c2', 5, 'x', '2'); // invoked before x=1 was acknowledged
    h.done('c1', 10, 'ok');
    h.done('c2', 15, 'ok');
    h.read('c3', 20, 'x');
    h.done('c3', 30, 'ok', '1');
    expect(h.violations).toEqual([]);
  });

  it('treats a write of unknown outcome (info) as possibly current, forever', () => {
    const h = harness();
    h.write('c1', 0, 'x', '1');
    h.done('c1', 10, 'info');
    h.write('c2', 20, 'x', '2');
    h.done('c2', 30, 'ok');
    h.read('c3', 40, 'x');
    h.done('c3', 50, 'ok', '1');
    expect(h.violations).toEqual([]);
  });

  it('treats the pending write of a client that crashed as possibly current', () => {
    const h = harness();
    h.write('c1', 0, 'x', '1');
    h.crash('c1', 5);
    h.write('c2', 20, 'x', '2');
    h.done('c2', 30, 'ok');
    h.read('c3', 40, 'x');
    h.done('c3', 50, 'ok', '1');
    expect(h.violations).toEqual([]);
    // …and a restarted client's operation ids, which start again, are not confused with it.
    h.write('c1', 60, 'x', '3');
    h.done('c1', 70, 'ok');
    h.read('c3', 80, 'x');
    h.done('c3', 90, 'ok', '2');
    expect(h.violations.map((v) => v.message)).toEqual([
      'c3 read x = 2 at 90 ms, but x = 3 had been written and acknowledged at 70 ms',
    ]);
  });

  it('ignores failed writes, failed reads, unknown values and nodes that are not clients', () => {
    const h = harness();
    h.other('n1', 0);
    h.write('c1', 0, 'x', '1');
    h.done('c1', 10, 'ok');
    h.write('c1', 20, 'x', '2');
    h.done('c1', 30, 'fail'); // it had no effect: it supersedes nothing
    h.other('n1', 35);
    h.read('c2', 40, 'x');
    h.done('c2', 50, 'ok', '1');
    h.read('c2', 60, 'x');
    h.done('c2', 70, 'fail');
    h.read('c2', 80, 'x');
    h.done('c2', 90, 'ok', 'from-a-server-button'); // written by no watched client
    expect(h.violations).toEqual([]);
  });

  it('keeps keys apart', () => {
    const h = harness();
    h.write('c1', 0, 'x', '1');
    h.done('c1', 10, 'ok');
    h.write('c1', 20, 'y', '2');
    h.done('c1', 30, 'ok');
    h.read('c2', 40, 'x');
    h.done('c2', 50, 'ok', '1');
    expect(h.violations).toEqual([]);
  });

  it('agrees with a brute force over random histories', () => {
    type Step = {
      client: number;
      kind: 'write' | 'read' | 'done';
      outcome: 'ok' | 'fail' | 'info';
      pick: number;
      dt: number;
    };
    const step = fc.record({
      client: fc.integer({ min: 0, max: 2 }),
      kind: fc.constantFrom('write' as const, 'read' as const, 'done' as const, 'done' as const),
      outcome: fc.constantFrom('ok' as const, 'ok' as const, 'fail' as const, 'info' as const),
      pick: fc.nat(),
      dt: fc.integer({ min: 0, max: 3 }),
    });
    fc.assert(
      fc.property(fc.array(step, { minLength: 10, maxLength: 60 }), (steps: Step[]) => {
        const h = harness();
        type Op = {
          fn: 'read' | 'write';
          value: string | null;
          inv: number;
          cmp: number | null;
          outcome: string | null;
        };
        const ops: Op[] = [];
        const pending: Array<Op | null> = [null, null, null];
        let t = 0;
        let writes = 0;
        let expected = 0;
        for (const s of steps) {
          t += s.dt;
          const node = `c${s.client}`;
          const p = pending[s.client] ?? null;
          if (s.kind === 'done' && p) {
            if (p.fn === 'read' && s.outcome === 'ok') {
              // A read returns nil or some value written so far (maybe a stale one).
              const values = [null, ...ops.filter((o) => o.fn === 'write').map((o) => o.value)];
              p.value = values[s.pick % values.length] ?? null;
            }
            p.cmp = t;
            p.outcome = s.outcome;
            pending[s.client] = null;
            if (p.fn === 'read' && s.outcome === 'ok' && bruteForceStale(ops, p)) expected++;
            h.done(node, t, s.outcome, p.value);
          } else if (s.kind !== 'done' && !p) {
            const op: Op = {
              fn: s.kind,
              value: s.kind === 'write' ? String(++writes) : null,
              inv: t,
              cmp: null,
              outcome: null,
            };
            ops.push(op);
            pending[s.client] = op;
            if (s.kind === 'write') h.write(node, t, 'x', op.value ?? '');
            else h.read(node, t, 'x');
          }
        }
        expect(h.violations).toHaveLength(expected);
      }),
      { numRuns: 2000 },
    );

    function bruteForceStale(
      ops: ReadonlyArray<{
        fn: string;
        value: string | null;
        inv: number;
        cmp: number | null;
        outcome: string | null;
      }>,
      read: { value: string | null; inv: number },
    ): boolean {
      const writes = ops.filter((o) => o.fn === 'write' && o.outcome !== 'fail');
      return writes.some((w2) => {
        if (w2.outcome !== 'ok' || w2.cmp === null || w2.cmp >= read.inv) return false;
        if (read.value === null) return true;
        const sources = writes.filter((w1) => w1.value === read.value);
        return (
          sources.length > 0 &&
          sources.every((w1) => w1.outcome === 'ok' && w1.cmp !== null && w1.cmp < w2.inv)
        );
      });
    }
  });
});
