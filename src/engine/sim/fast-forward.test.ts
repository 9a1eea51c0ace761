import { describe, expect, it } from 'vitest';
import { createInProcessHost } from '../host/in-process-host';
import type { Protocol } from '../protocol';
import { allProtocols, startInProcess } from '../testing/run';
import type { SimAction } from './actions';
import { Simulation } from './simulation';
import { exampleCluster } from '../testing/example-cluster';

const scenario = exampleCluster({ nodes: 5 });
const faults: ReadonlyArray<readonly [number, SimAction]> = [
  [400, { type: 'crash', node: 'n2' }],
  [500, { type: 'pause', node: 'n3' }],
  [
    650,
    { type: 'link-defaults', config: { loss: 0.1, duplicate: 0.1, reorder: 0.2, jitterMs: 35 } },
  ],
  [700, { type: 'clock', node: 'n4', skewMs: 30, drift: 0.2 }],
  [800, { type: 'cut', from: 'n1', to: 'n5', oneWay: true }],
  [900, { type: 'resume', node: 'n3' }],
];

describe('fast-forward with lookahead batches', () => {
  it.each([1, 2, 3, 4, 5, 6, 7, 8])('gives the step-by-step trace (seed %i)', (seed) => {
    const stepwise = startInProcess(scenario, seed);
    const batched = startInProcess(scenario, seed);
    for (const [t, action] of faults) {
      stepwise.runUntilSync(t);
      batched.fastForwardSync(t);
      expect(batched.traceHash()).toBe(stepwise.traceHash());
      stepwise.actSync(action);
      batched.actSync(action);
    }
    stepwise.runUntilSync(5000);
    batched.fastForwardSync(5000);
    expect(batched.trace.length).toBeGreaterThan(3000);
    expect(batched.traceHash()).toBe(stepwise.traceHash());
    expect(batched.frame()).toEqual(stepwise.frame());
    // Checkpoints too are taken at the same moments, so seeking behaves the same.
    expect(batched.checkpointTimes()).toEqual(stepwise.checkpointTimes());
  });

  it('replays recorded actions exactly (falling back to single steps)', () => {
    const original = startInProcess(scenario, 3);
    for (const [t, action] of faults) {
      original.runUntilSync(t);
      original.actSync(action);
    }
    original.runUntilSync(3000);
    const replay = startInProcess(scenario, 3, { actions: original.recordedActions() });
    replay.fastForwardSync(3000);
    expect(replay.traceHash()).toBe(original.traceHash());
  });

  it('faults a node whose handler throws inside a batch, and the run goes on', () => {
    type M = { type: 'Tick' };
    const flaky: Protocol<{ n: number }, M> = {
      id: 'flaky',
      title: 'Flaky',
      defaultOptions: null,
      actions: [],
      init: (ctx) => {
        ctx.setTimer('t', 3);
        return { n: 0 };
      },
      recover: () => ({ n: 0 }),
      onMessage() {},
      onTimer(state, _name, ctx) {
        state.n++;
        if (ctx.id === 'b' && state.n === 4) throw new Error('fourth tick');
        for (const p of ctx.peers) ctx.send(p, { type: 'Tick' });
        ctx.setTimer('t', 3); // several ticks per lookahead window
      },
      onAction() {},
      view: (s) => ({ role: 'peer', summary: String(s.n) }),
    };
    const make = () =>
      Simulation.startSync({
        scenario: {
          id: 'f',
          title: 'f',
          description: '',
          nodes: ['a', 'b', 'c'].map((id) => ({ id, protocol: 'flaky' })),
          network: { defaults: { latencyMs: 20, jitterMs: 5 } },
        },
        seed: 1,
        host: createInProcessHost({ ...allProtocols, flaky }),
      });
    const stepwise = make();
    const batched = make();
    stepwise.runUntilSync(300);
    batched.fastForwardSync(300);
    expect(batched.frame().nodes.map((n) => n.status)).toEqual(['up', 'faulted', 'up']);
    expect(batched.traceHash()).toBe(stepwise.traceHash());
  });

  it('hands each copy of a duplicated message to its node as its own, as step by step does', () => {
    // The receiver changes the message it got: the second copy must not see the change.
    type M = { type: 'Note'; seen: number };
    const scribble: Protocol<{ log: number[] }, M> = {
      id: 'scribble',
      title: 'Scribble',
      defaultOptions: null,
      actions: [],
      init: (ctx) => {
        if (ctx.id === 'a') ctx.setTimer('t', 1);
        return { log: [] };
      },
      recover: () => ({ log: [] }),
      onMessage(state, _from, m, ctx) {
        m.seen++;
        state.log.push(m.seen);
        ctx.log(`saw ${m.seen}`);
      },
      onTimer(_state, _name, ctx) {
        ctx.send('b', { type: 'Note', seen: 0 });
        ctx.setTimer('t', 1);
      },
      onAction() {},
      view: (s) => ({ role: 'peer', summary: s.log.join(',') }),
    };
    const make = () =>
      Simulation.startSync({
        scenario: {
          id: 's',
          title: 's',
          description: '',
          nodes: ['a', 'b'].map((id) => ({ id, protocol: 'scribble' })),
          // Both copies of every message arrive within one lookahead window.
          network: { defaults: { latencyMs: 20, jitterMs: 0, duplicate: 1 } },
        },
        seed: 1,
        host: createInProcessHost({ ...allProtocols, scribble }),
      });
    const stepwise = make();
    const batched = make();
    stepwise.runUntilSync(200);
    batched.fastForwardSync(200);
    const texts = batched.trace.flatMap((e) => (e.k === 'log' ? [e.text] : []));
    expect(texts.length).toBeGreaterThan(100);
    expect(new Set(texts)).toEqual(new Set(['saw 1']));
    expect(batched.traceHash()).toBe(stepwise.traceHash());
  });
});
