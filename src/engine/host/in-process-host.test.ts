import { describe, expect, it } from 'vitest';
import type { Protocol } from '../protocol';
import { Simulation } from '../sim/simulation';
import { createInProcessHost } from './in-process-host';

interface S {
  shared: { items: number[] };
  got: number[][];
}
type M = { type: 'Items'; items: number[] };

/** A careless protocol: it mutates what it sent and what it received. */
const careless: Protocol<S, M, { items: number[] }> = {
  id: 'careless',
  title: 'Careless',
  defaultOptions: null,
  actions: [],
  init(ctx) {
    const shared = { items: [1] };
    ctx.persist(shared);
    shared.items.push(99); // after persisting: must not reach the disk
    ctx.setTimer('go', 1);
    return { shared, got: [] };
  },
  recover: (_ctx, _o, persisted) => ({ shared: persisted, got: [] }),
  onMessage(state, _from, message) {
    message.items.push(-1); // mutate what was received
    state.got.push(message.items);
  },
  onTimer(state, _name, ctx) {
    for (const p of ctx.peers) ctx.send(p, { type: 'Items', items: state.shared.items });
    state.shared.items.push(2); // mutate after sending
  },
  onAction() {},
  view: (s) => ({ role: 'peer', summary: JSON.stringify(s.got) }),
};

describe('in-process host isolation', () => {
  it('copies messages and disk writes as a worker boundary would', () => {
    const sim = Simulation.startSync({
      scenario: {
        id: 'c',
        title: 'c',
        description: '',
        nodes: ['a', 'b'].map((id) => ({ id, protocol: 'careless' })),
      },
      seed: 1,
      host: createInProcessHost({ careless }),
    });
    sim.runUntilSync(100);
    const sends = sim.trace.filter((e) => e.k === 'send');
    expect(sends.map((e) => (e.k === 'send' ? e.payload : null))).toEqual([
      { type: 'Items', items: [1, 99] },
      { type: 'Items', items: [1, 99] },
    ]);
    expect(sim.frame().nodes.map((n) => n.persisted)).toEqual([{ items: [1] }, { items: [1] }]);
  });
});
