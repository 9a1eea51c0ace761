/** The network model seen through a running simulation: what a node actually receives. */
import { describe, expect, it } from 'vitest';
import { createInProcessHost } from '../host/in-process-host';
import type { Protocol } from '../protocol';
import type { Scenario } from '../scenario';
import type { LinkConfig } from './link';
import { Simulation } from '../sim/simulation';
import type { TraceEntry } from '../sim/trace';

type M = { type: 'Num'; n: number };
interface S {
  sent: number;
  got: number[];
}

/** Every node sends a numbered message to every other node every 5 ms. */
const chatter: Protocol<S, M> = {
  id: 'chatter',
  title: 'Chatter',
  defaultOptions: null,
  actions: [{ id: 'burst', label: 'Burst', description: 'Send 20 messages at once' }],
  init: (ctx) => {
    ctx.setTimer('tick', 5);
    return { sent: 0, got: [] };
  },
  recover: () => ({ sent: 0, got: [] }),
  onMessage(state, _from, m) {
    state.got.push(m.n);
  },
  onTimer(state, _name, ctx) {
    for (const p of ctx.peers) ctx.send(p, { type: 'Num', n: state.sent });
    state.sent++;
    ctx.setTimer('tick', 5);
  },
  onAction(state, _action, ctx) {
    for (let i = 0; i < 20; i++)
      for (const p of ctx.peers) ctx.send(p, { type: 'Num', n: 1000 + i });
  },
  view: (s) => ({ role: 'peer', summary: `${s.got.length}` }),
  messageSize: () => 100,
};

function start(network: Partial<LinkConfig> = {}, nodes = ['n1', 'n2']): Simulation {
  const scenario: Scenario = {
    id: 'chatter',
    title: 'Chatter',
    description: '',
    nodes: nodes.map((id) => ({ id, protocol: 'chatter' })),
    network: { defaults: { latencyMs: 20, jitterMs: 0, ...network } },
  };
  return Simulation.startSync({ scenario, seed: 1, host: createInProcessHost({ chatter }) });
}

const of = <K extends TraceEntry['k']>(sim: Simulation, k: K) =>
  sim.trace.filter((e): e is Extract<TraceEntry, { k: K }> => e.k === k);

describe('the network, end to end', () => {
  it('drops a message that is in flight when a partition starts, where it was', () => {
    const sim = start();
    sim.runUntilSync(32);
    const inFlight = sim.frame().inFlight.filter((m) => m.from === 'n1');
    expect(inFlight.length).toBeGreaterThan(0);
    sim.actSync({ type: 'partition', groups: [['n1'], ['n2']] });
    for (const m of inFlight) {
      expect(sim.trace).toContainEqual(
        expect.objectContaining({ k: 'drop', msg: m.id, reason: 'partition', t: 32 }),
      );
    }
    sim.runUntilSync(200);
    const delivered = new Set(of(sim, 'deliver').map((e) => e.msg));
    for (const m of inFlight) expect(delivered.has(m.id)).toBe(false);
    // Nothing crosses while the partition lasts…
    expect(of(sim, 'deliver').filter((e) => e.t > 32)).toEqual([]);
    // …and everything sent after healing arrives.
    sim.actSync({ type: 'heal' });
    sim.runUntilSync(400);
    const after = of(sim, 'send').filter((e) => e.t > 200 && e.t < 380);
    const arrived = new Set(of(sim, 'deliver').map((e) => e.msg));
    expect(after.length).toBeGreaterThan(50);
    expect(after.every((e) => arrived.has(e.msg))).toBe(true);
  });

  it('blocks one direction only with a one-way cut', () => {
    const sim = start();
    sim.actSync({ type: 'cut', from: 'n1', to: 'n2', oneWay: true });
    sim.runUntilSync(300);
    const delivered = of(sim, 'deliver');
    expect(delivered.filter((e) => e.from === 'n1')).toEqual([]);
    expect(delivered.filter((e) => e.from === 'n2').length).toBeGreaterThan(50);
    expect(sim.frame().cut).toEqual([['n1', 'n2']]);
  });

  it('isolates one node from all the others', () => {
    const sim = start({}, ['n1', 'n2', 'n3']);
    sim.actSync({ type: 'isolate', node: 'n3' });
    sim.runUntilSync(200);
    const crossing = of(sim, 'deliver').filter((e) => e.from === 'n3' || e.node === 'n3');
    expect(crossing).toEqual([]);
    expect(
      of(sim, 'deliver').filter((e) => e.from === 'n1' && e.node === 'n2').length,
    ).toBeGreaterThan(20);
  });

  it('makes a burst queue up behind a slow link', () => {
    const sim = start({ bandwidthBytesPerMs: 10 });
    sim.runUntilSync(1);
    sim.actSync({ type: 'protocol', node: 'n1', action: { id: 'burst' } });
    const burst = sim.frame().inFlight.filter((m) => m.from === 'n1');
    expect(burst).toHaveLength(20);
    burst.forEach((m, i) => {
      expect(m.sentAt).toBe(1);
      expect(m.departAt).toBeCloseTo(1 + i * 10, 9);
    });
    sim.runUntilSync(400);
    const arrivals = of(sim, 'deliver')
      .filter((e) => e.from === 'n1')
      .map((e) => e.t);
    expect(arrivals.slice(0, 20).at(-1)).toBeCloseTo(1 + 19 * 10 + 10 + 20, 6);
  });

  it('delivers duplicates and reorders on an unordered link; keeps order on a FIFO link', () => {
    const receivedBy = (sim: Simulation) => sim.frame().nodes[1]?.view?.summary ?? '0';
    const lossy = start({ duplicate: 0.3, jitterMs: 30 });
    lossy.runUntilSync(2000);
    const sends = of(lossy, 'send').filter((e) => e.node === 'n1');
    expect(sends.filter((e) => e.duplicateOf !== undefined).length).toBeGreaterThan(50);
    expect(Number(receivedBy(lossy))).toBeGreaterThan(400);
    const orderOf = (sim: Simulation) =>
      of(sim, 'deliver')
        .filter((e) => e.from === 'n1')
        .map((e) => of(sim, 'send').find((s) => s.msg === e.msg)?.payload as M | undefined)
        .map((m) => m?.n ?? -1);
    const anyLink = start({ jitterMs: 30 });
    anyLink.runUntilSync(1000);
    const fifoLink = start({ jitterMs: 30, ordering: 'fifo' });
    fifoLink.runUntilSync(1000);
    const isSorted = (xs: number[]) => xs.every((x, i) => i === 0 || x >= (xs[i - 1] as number));
    expect(isSorted(orderOf(anyLink))).toBe(false);
    expect(isSorted(orderOf(fifoLink))).toBe(true);
  });

  it('drops, duplicates and delays one chosen message', () => {
    const sim = start();
    sim.runUntilSync(6);
    sim.runUntilSync(16); // three ticks: three messages n1 → n2 in flight
    const mine = sim.frame().inFlight.filter((m) => m.from === 'n1');
    const [a, b, c] = mine;
    if (!a || !b || !c) throw new Error('expected three messages in flight');
    sim.actSync({ type: 'drop-message', msg: a.id });
    sim.actSync({ type: 'duplicate-message', msg: b.id });
    sim.actSync({ type: 'delay-message', msg: c.id, byMs: 100 });
    sim.runUntilSync(200);
    const delivered = of(sim, 'deliver');
    expect(delivered.some((e) => e.msg === a.id)).toBe(false);
    expect(of(sim, 'drop')).toContainEqual(
      expect.objectContaining({ msg: a.id, reason: 'intervention' }),
    );
    const copy = of(sim, 'send').find((e) => e.duplicateOf === b.id);
    expect(copy).toBeDefined();
    expect(delivered.some((e) => e.msg === copy?.msg)).toBe(true);
    expect(delivered.find((e) => e.msg === c.id)?.t).toBeCloseTo(c.deliverAt + 100, 9);
  });
});
