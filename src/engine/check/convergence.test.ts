/** The convergence checker, on hand-made client histories and on a store that never heals. */
import { describe, expect, it } from 'vitest';
import type { Json } from '../protocol';
import { convergence, SETTLE_MS } from './convergence';
import type { Observation, Violation } from './invariant';
import { clientHistory, type CompletedOpSummary, type OpSummary } from './stale-read';
import { readSettings } from '../scenarios/settings';
import { startInProcess } from '../testing/run';
import { kvEventualEntry } from '../protocols/kv/scenarios/replica';

/** One client's operations at chosen times, observed as the engine does. */
function harness() {
  const memory = convergence.init();
  const violations: Violation[] = [];
  let cause = 0;
  const clients = new Map<
    string,
    { seq: number; done: number; pending: OpSummary | null; last: CompletedOpSummary | null }
  >();
  const state = (node: string) => {
    let c = clients.get(node);
    if (!c) clients.set(node, (c = { seq: 0, done: 0, pending: null, last: null }));
    return c;
  };
  const publish = (node: string, time: number, data?: Json | null) => {
    const c = state(node);
    const o: Observation = {
      node,
      time,
      cause: ++cause,
      incarnation: 1,
      data:
        data === undefined
          ? clientHistory({ pending: c.pending, done: c.done, last: c.last })
          : data,
    };
    const v = convergence.check(memory, o);
    if (v) violations.push(v);
  };
  const op = (
    node: string,
    fn: 'read' | 'write',
    key: string,
    value: string | null,
    at: number,
    until: number,
    outcome: 'ok' | 'info' = 'ok',
  ) => {
    const c = state(node);
    c.pending = { id: `${node}:${++c.seq}`, fn, key, value: fn === 'write' ? value : null };
    publish(node, at);
    c.last = { ...c.pending, value, outcome };
    c.pending = null;
    c.done++;
    publish(node, until);
  };
  return { violations, op, publish };
}

describe('convergence', () => {
  it('flags two reads that disagree long after the last write (a store that never converged)', () => {
    const h = harness();
    h.op('c1', 'write', 'x', '1', 0, 10);
    h.op('c1', 'read', 'x', '1', SETTLE_MS + 20, SETTLE_MS + 30);
    h.op('c2', 'read', 'x', 'nil', SETTLE_MS + 40, SETTLE_MS + 50);
    expect(h.violations).toHaveLength(1);
    expect(h.violations[0]?.message).toMatch(
      /c1 read x = 1 at .* and c2 read x = nil at .*: the replicas have not converged/,
    );
  });

  it('accepts disagreement while writes are recent or under way, and agreement after', () => {
    const h = harness();
    h.op('c1', 'write', 'x', '1', 0, 10);
    h.op('c2', 'read', 'x', null, 20, 30); // not settled yet: replication takes time
    h.op('c1', 'read', 'x', '1', SETTLE_MS + 20, SETTLE_MS + 30);
    h.op('c2', 'read', 'x', '1', SETTLE_MS + 40, SETTLE_MS + 50);
    // A new write starts a new settling period, and a write under way holds the key open.
    h.op('c1', 'write', 'x', '2', SETTLE_MS + 60, SETTLE_MS + 70, 'info');
    h.op('c2', 'read', 'x', '1', SETTLE_MS + 80, SETTLE_MS + 90);
    h.op('c1', 'read', 'x', '2', 3 * SETTLE_MS, 3 * SETTLE_MS + 10);
    h.op('c2', 'read', 'x', '2', 3 * SETTLE_MS + 20, 3 * SETTLE_MS + 30);
    // Keys are apart.
    h.op('c1', 'read', 'y', null, 3 * SETTLE_MS + 40, 3 * SETTLE_MS + 50);
    expect(h.violations).toEqual([]);
  });

  it('a client that goes down with a write under way restarts the settling period', () => {
    const h = harness();
    h.op('c1', 'write', 'x', '1', 0, 10);
    h.op('c1', 'read', 'x', '1', SETTLE_MS + 20, SETTLE_MS + 30);
    const c2 = { pending: { id: 'c2:9', fn: 'write', key: 'x', value: '2' }, done: 0, last: null };
    h.publish('c2', SETTLE_MS + 40, clientHistory(c2 as never));
    h.publish('c2', SETTLE_MS + 50, null); // crashed: its write may still land
    h.op('c1', 'read', 'x', '2', SETTLE_MS + 60, SETTLE_MS + 70);
    expect(h.violations).toEqual([]);
  });

  it('catches an eventual store cut in two for good, and passes it once healed', () => {
    const run = (heal: boolean) => {
      const { values } = readSettings(kvEventualEntry.settings, { load: '300' });
      const sim = startInProcess(kvEventualEntry.build({ settings: values }), 1);
      sim.actSync({
        type: 'partition',
        groups: [
          ['n1', 'n2', 'c1'],
          ['n3', 'c2'],
        ],
      });
      sim.runUntilSync(2000);
      // The clients stop writing; only reads from here on.
      for (const c of ['c1', 'c2'])
        sim.actSync({ type: 'protocol', node: c, action: { id: 'workload-off' } });
      if (heal) sim.actSync({ type: 'heal' });
      for (let t = 2500; t < 2000 + 3 * SETTLE_MS; t += 500) {
        sim.runUntilSync(t);
        for (const c of ['c1', 'c2'])
          sim.actSync({ type: 'protocol', node: c, action: { id: 'read', args: { key: 'x' } } });
      }
      sim.runUntilSync(2000 + 3 * SETTLE_MS + 1000);
      return sim.monitor.violations.filter((v) => v.invariant === 'convergence');
    };
    expect(run(false).length).toBeGreaterThan(0);
    expect(run(true)).toEqual([]);
  });
});
