/**
 * Crash points (`NodeContext.crashPoint`): a node dies in the middle of a handler, at a moment
 * no click could hit — "after the charge, before the reply". What the handler wrote to disk,
 * logged and recorded before the point stands; nothing it sent or armed leaves; the node is
 * down until restarted and recovers from that disk. Step by step, fast-forwarded and replayed
 * from the recorded actions, the trace is the same.
 */
import { describe, expect, it } from 'vitest';
import { createInProcessHost } from '../host/in-process-host';
import type { Protocol } from '../protocol';
import { allProtocols } from '../testing/run';
import { Simulation } from './simulation';

type M = { type: 'Work'; n: number } | { type: 'Done'; n: number };
interface S {
  applied: number;
  armed: boolean;
  done: number;
}

/** a sends work to b every 10 ms; b applies it (on disk), then answers; armed, it dies between. */
const worker: Protocol<S, M, { applied: number }> = {
  id: 'crash-point-worker',
  title: 'Worker',
  defaultOptions: null,
  actions: [{ id: 'arm', label: 'Arm', description: 'Crash after the next apply.' }],
  init: (ctx) => {
    if (ctx.id === 'a') ctx.setTimer('t', 10);
    return { applied: 0, armed: false, done: 0 };
  },
  recover: (ctx, _o, disk) => {
    ctx.log(`recovered with ${disk.applied} applied`);
    return { applied: disk.applied, armed: false, done: 0 };
  },
  onMessage(state, from, m, ctx) {
    if (m.type === 'Done') {
      state.done++;
      return;
    }
    state.applied++;
    ctx.persist({ applied: state.applied });
    ctx.log(`applied ${m.n}`, null, { kind: 'applied', n: m.n });
    ctx.record({ phase: 'invoke', opId: String(m.n), fn: 'apply' });
    if (state.armed) ctx.crashPoint('after applying, before the reply');
    // Nothing from here on happens once the point is reached.
    ctx.send(from, { type: 'Done', n: m.n });
    ctx.persist({ applied: -1 });
    ctx.log('replied');
    ctx.setTimer('never', 1);
  },
  onTimer(state, name, ctx) {
    if (name !== 't') return;
    ctx.send('b', { type: 'Work', n: state.done + state.applied + Math.round(ctx.now()) });
    ctx.setTimer('t', 10);
  },
  onAction(state) {
    state.armed = true;
  },
  view: (s) => ({ role: 'peer', summary: `${s.applied}/${s.done}` }),
};

const make = (actions?: Parameters<typeof Simulation.startSync>[0]['actions']) =>
  Simulation.startSync({
    scenario: {
      id: 'cp',
      title: 'cp',
      description: '',
      nodes: ['a', 'b'].map((id) => ({ id, protocol: worker.id })),
      network: { defaults: { latencyMs: 20, jitterMs: 5 } },
    },
    seed: 4,
    host: createInProcessHost({ ...allProtocols, [worker.id]: worker }),
    ...(actions ? { actions } : {}),
  });

function run(sim: Simulation, forward: boolean): void {
  const go = (t: number) => (forward ? sim.fastForwardSync(t) : sim.runUntilSync(t));
  go(100);
  sim.actSync({ type: 'protocol', node: 'b', action: { id: 'arm' } });
  go(300);
  sim.actSync({ type: 'restart', node: 'b' });
  go(400);
}

describe('crash points', () => {
  it('keep the disk write, the logs and the history before the point; drop the sends; the node is down', () => {
    const sim = make();
    sim.runUntilSync(100);
    sim.actSync({ type: 'protocol', node: 'b', action: { id: 'arm' } });
    sim.runUntilSync(300);
    const b = sim.frame(0).nodes.find((n) => n.id === 'b');
    expect(b?.status).toBe('crashed');
    const crash = sim.trace.findIndex((e) => e.k === 'crash' && e.node === 'b');
    expect(crash).toBeGreaterThan(0);
    const before = sim.trace.slice(0, crash);
    const lastApply = before.filter((e) => e.k === 'log' && e.node === 'b').slice(-2);
    expect(lastApply.map((e) => (e.k === 'log' ? e.text : ''))).toEqual([
      expect.stringMatching(/^applied \d+$/),
      'crashed after applying, before the reply',
    ]);
    // The work that reached the point was applied and recorded, but never answered.
    const applied = sim.trace.filter((e) => e.k === 'log' && e.node === 'b' && e.fact).length;
    const answered = sim.trace.filter((e) => e.k === 'send' && e.node === 'b').length;
    expect(applied).toBe(answered + 1);
    expect(sim.trace.some((e) => e.k === 'log' && e.text === 'replied' && e.i > crash)).toBe(false);
    expect(b?.persisted).toEqual({ applied });
    // Restarted, it recovers from that disk.
    sim.actSync({ type: 'restart', node: 'b' });
    sim.runUntilSync(320);
    expect(
      sim.trace.some((e) => e.k === 'log' && e.text === `recovered with ${applied} applied`),
    ).toBe(true);
  });

  it('give the same trace step by step, fast-forwarded and replayed from the recorded actions', () => {
    const stepwise = make();
    run(stepwise, false);
    const batched = make();
    run(batched, true);
    expect(batched.traceHash()).toBe(stepwise.traceHash());
    expect(batched.frame()).toEqual(stepwise.frame());
    const replay = make(stepwise.recordedActions());
    replay.fastForwardSync(400);
    expect(replay.traceHash()).toBe(stepwise.traceHash());
  });
});
