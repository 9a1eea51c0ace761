// Runs the app's real node worker (node.worker.ts, via comlink) inside Vitest.
import '@vitest/web-worker';
import { describe, expect, it } from 'vitest';
import { allProtocols, startInProcess } from '../testing/run';
import type { SimAction } from '../sim/actions';
import { Simulation } from '../sim/simulation';
import { createWorkerHost } from './worker-host';
import { exampleCluster } from '../testing/example-cluster';

const scenario = exampleCluster({ nodes: 3 });
/** The scenario's invariants, as the lab and startInProcess check them: both hosts' frames carry their verdicts. */
const invariants = [...(allProtocols.ping?.invariants ?? [])];
const script: ReadonlyArray<readonly [number, SimAction]> = [
  [300, { type: 'crash', node: 'n2' }],
  [600, { type: 'isolate', node: 'n3' }],
  [800, { type: 'restart', node: 'n2' }],
  [1000, { type: 'heal' }],
];

describe('worker host', () => {
  it('runs one worker per node and gives the in-process trace, action for action', async () => {
    const host = createWorkerHost({ bootOneAtATime: true });
    const sim = await Simulation.start({ scenario, seed: 42, host, invariants });
    const reference = startInProcess(scenario, 42);
    expect(host.workerCount()).toBe(3);
    for (const [t, action] of script) {
      await sim.runUntil(t);
      reference.runUntilSync(t);
      await sim.act(action);
      reference.actSync(action);
      expect(sim.traceHash()).toBe(reference.traceHash());
    }
    await sim.runUntil(1500);
    reference.runUntilSync(1500);
    expect(sim.trace.length).toBeGreaterThan(200);
    expect(sim.traceHash()).toBe(reference.traceHash());
    expect(sim.frame()).toEqual(reference.frame());
    sim.dispose();
    expect(host.workerCount()).toBe(0);
  });

  it('terminates a crashed node’s worker and boots a fresh one on restart', async () => {
    const host = createWorkerHost({ bootOneAtATime: true });
    const sim = await Simulation.start({ scenario, seed: 1, host, invariants });
    await sim.runUntil(500);
    await sim.act({ type: 'crash', node: 'n1' });
    expect(host.workerCount()).toBe(2);
    expect(await host.view('n1')).toBeUndefined();
    await sim.act({ type: 'restart', node: 'n1' });
    expect(host.workerCount()).toBe(3);
    expect(sim.frame().nodes[0]?.view).toMatchObject({ boots: 2, pingsSent: 0 });
    sim.dispose();
  });

  it('seeks back by restoring workers from a checkpoint', async () => {
    const sim = await Simulation.start({
      scenario,
      seed: 8,
      host: createWorkerHost({ bootOneAtATime: true }),
      invariants,
    });
    await sim.runUntil(400);
    await sim.act({ type: 'crash', node: 'n3' });
    await sim.runUntil(2500);
    const hashAt2500 = sim.traceHash();
    await sim.seek(700);
    const reference = startInProcess(scenario, 8, { actions: sim.recordedActions() });
    reference.runUntilSync(700);
    expect(sim.traceHash()).toBe(reference.traceHash());
    expect(sim.frame()).toEqual(reference.frame());
    await sim.runUntil(2500);
    expect(sim.traceHash()).toBe(hashAt2500);
    sim.dispose();
  });

  it('fast-forwards in lookahead batches to the same trace as in-process', async () => {
    const sim = await Simulation.start({
      scenario,
      seed: 21,
      host: createWorkerHost({ bootOneAtATime: true }),
      invariants,
    });
    const reference = startInProcess(scenario, 21);
    await sim.fastForward(500);
    await sim.act({ type: 'crash', node: 'n1' });
    reference.runUntilSync(500);
    reference.actSync({ type: 'crash', node: 'n1' });
    await sim.fastForward(3000);
    reference.runUntilSync(3000);
    expect(sim.traceHash()).toBe(reference.traceHash());
    expect(sim.frame()).toEqual(reference.frame());
    sim.dispose();
  });
});
