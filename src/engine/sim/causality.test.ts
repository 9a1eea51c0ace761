import { describe, expect, it } from 'vitest';
import { createInProcessHost } from '../host/in-process-host';
import { allProtocols, startInProcess } from '../testing/run';
import { Simulation } from './simulation';
import { CausalIndex } from './causality';
import type { TraceEntry } from './trace';
import { exampleCluster } from '../testing/example-cluster';

describe('happened-before', () => {
  const sim = startInProcess(exampleCluster({ nodes: 3 }), 6);
  sim.runUntilSync(400);
  const index = new CausalIndex(sim.recorder);
  const trace = sim.trace;

  it('puts a message’s send in the causal past of its delivery', () => {
    const deliver = trace.find(
      (e): e is Extract<TraceEntry, { k: 'deliver' }> => e.k === 'deliver',
    );
    if (!deliver) throw new Error('no delivery');
    const send = index.sendEntryOf(deliver.msg);
    expect(send).toBeDefined();
    expect(index.causalPast(deliver.i)).toContain(send);
  });

  it('includes earlier events of the same node and excludes concurrent ones', () => {
    // The first timer of each node happens before any message reaches it: concurrent with
    // the other nodes' first timers.
    const firstTimers = ['n1', 'n2', 'n3'].map((n) =>
      trace.find((e) => e.k === 'timer' && e.node === n),
    );
    const [a, b] = firstTimers;
    if (!a || !b) throw new Error('no timers');
    const pastOfB = index.causalPast(b.i);
    expect(pastOfB).not.toContain(a.i);
    const bootOfB = trace.find((e) => e.k === 'boot' && e.node === 'n2');
    expect(pastOfB).toContain(bootOfB?.i);
  });

  it('is transitive: the past of an event contains the past of everything in it', () => {
    const last = trace.length - 1;
    const past = new Set(index.causalPast(last));
    for (const j of [...past].slice(-20))
      for (const k of index.causalPast(j)) expect(past.has(k)).toBe(true);
  });

  it('follows direct causes back to a timer or boot', () => {
    const reply = trace.find((e) => e.k === 'send' && e.kind === 'Pong');
    if (!reply) throw new Error('no pong');
    const chain = index.causeChain(reply.i).map((j) => trace[j]?.k);
    expect(chain.slice(0, 3)).toEqual(['send', 'deliver', 'send']);
    expect(['timer', 'boot', 'action']).toContain(chain.at(-1));
  });

  it('re-indexes after the trace is truncated by a seek', () => {
    const s = startInProcess(exampleCluster({ nodes: 3 }), 6);
    s.runUntilSync(2500);
    const idx = new CausalIndex(s.recorder);
    const before = idx.causalPast(s.trace.length - 1).length;
    s.seekSync(1200);
    expect(idx.causalPast(s.trace.length - 1).length).toBeLessThan(before);
    s.runUntilSync(2500);
    expect(idx.causalPast(s.trace.length - 1).length).toBe(before);
    // A branch taken in the past is re-indexed even if the new trace outgrows the old one.
    s.seekSync(1200);
    s.actSync({ type: 'crash', node: 'n1' });
    s.runUntilSync(4000);
    const fresh = new CausalIndex(s.recorder);
    expect(idx.causalPast(s.trace.length - 1)).toEqual(fresh.causalPast(s.trace.length - 1));
  });
});

describe('causal index memory', () => {
  it('lets go of entries the recorder no longer keeps', () => {
    const sim = Simulation.startSync({
      scenario: exampleCluster({ nodes: 5 }),
      seed: 3,
      host: createInProcessHost(allProtocols),
      retainedEntries: 5_000,
    });
    const index = new CausalIndex(sim.recorder);
    for (let t = 1000; t <= 120_000; t += 1000) {
      sim.runUntilSync(t);
      index.causalPast(sim.recorder.length - 1);
    }
    expect(sim.recorder.firstKept).toBeGreaterThan(30_000);
    const old = sim.trace[0];
    if (old?.k === 'deliver') expect(index.sendEntryOf(old.msg)).toBeDefined();
    // Sends older than what the recorder keeps are forgotten by the index too.
    expect(index.sendEntryOf(1)).toBeUndefined();
  });
});
