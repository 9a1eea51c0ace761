import { describe, expect, it } from 'vitest';
import type { PingView } from '../protocols/ping/ping';
import type { Protocol } from '../protocol';
import { createInProcessHost } from '../host/in-process-host';
import { allProtocols, startInProcess } from '../testing/run';
import type { SimAction } from './actions';
import { ActionRejected, Simulation } from './simulation';
import { exampleCluster } from '../testing/example-cluster';

const pingScenario = exampleCluster({ nodes: 4 });

function pingView(sim: Simulation, id: string): PingView {
  const node = sim.frame().nodes.find((n) => n.id === id);
  if (!node?.view) throw new Error(`no view for ${id}`);
  return node.view as PingView;
}

/** A scripted mix of faults, applied at fixed virtual times. */
const script: ReadonlyArray<readonly [number, SimAction]> = [
  [700, { type: 'crash', node: 'n2' }],
  [1200, { type: 'cut', from: 'n1', to: 'n3', oneWay: true }],
  [1500, { type: 'restart', node: 'n2' }],
  [1800, { type: 'pause', node: 'n4' }],
  [2300, { type: 'resume', node: 'n4' }],
  [2600, { type: 'link-defaults', config: { loss: 0.2, duplicate: 0.1, reorder: 0.1 } }],
  [3000, { type: 'clock', node: 'n1', skewMs: 250, drift: 0.05 }],
  [3300, { type: 'heal' }],
];

function scriptedRun(seed: number, until = 4000): Simulation {
  const sim = startInProcess(pingScenario, seed);
  for (const [t, action] of script) {
    if (t > until) break;
    sim.runUntilSync(t);
    sim.actSync(action);
  }
  sim.runUntilSync(until);
  return sim;
}

describe('determinism (in-process host)', () => {
  it('gives the same trace hash for the same seed and actions', () => {
    const a = scriptedRun(42);
    const b = scriptedRun(42);
    expect(a.trace.length).toBeGreaterThan(1000);
    expect(b.traceHash()).toBe(a.traceHash());
    expect(b.trace).toEqual(a.trace);
  });

  it('gives a different trace for a different seed', () => {
    expect(scriptedRun(43).traceHash()).not.toBe(scriptedRun(42).traceHash());
  });

  it('does not depend on how the run is chunked', () => {
    const whole = startInProcess(pingScenario, 7);
    whole.runUntilSync(3000);
    const chunked = startInProcess(pingScenario, 7);
    for (let t = 0; t <= 3000; t += 37) chunked.runUntilSync(t);
    chunked.runUntilSync(3000);
    expect(chunked.traceHash()).toBe(whole.traceHash());
  });

  it('replays a run exactly from its seed and recorded actions', () => {
    const original = scriptedRun(9);
    const replay = startInProcess(pingScenario, 9, { actions: original.recordedActions() });
    replay.runUntilSync(4000);
    expect(replay.traceHash()).toBe(original.traceHash());
  });

  it('single steps through the same trace as a continuous run', () => {
    const run = startInProcess(pingScenario, 5);
    run.runUntilSync(500);
    const stepped = startInProcess(pingScenario, 5);
    while (stepped.world.nextEventTime() <= 500) stepped.stepSync();
    expect(stepped.trace).toEqual(run.trace);
  });
});

describe('crash and restart', () => {
  it('loses volatile state and keeps what the node persisted', () => {
    const sim = startInProcess(pingScenario, 3);
    sim.runUntilSync(1000);
    const before = pingView(sim, 'n2');
    expect(before.boots).toBe(1);
    expect(before.pingsSent).toBeGreaterThan(5);

    sim.actSync({ type: 'crash', node: 'n2' });
    expect(sim.frame().nodes.find((n) => n.id === 'n2')).toMatchObject({
      status: 'crashed',
      role: 'down',
    });
    // While down, nothing runs there: messages to it are dropped as they arrive.
    sim.runUntilSync(1500);
    expect(sim.trace.some((e) => e.k === 'drop' && e.node === 'n2' && e.reason === 'crashed')).toBe(
      true,
    );
    expect(sim.trace.some((e) => e.t > 1000 && e.k === 'timer' && e.node === 'n2')).toBe(false);

    sim.actSync({ type: 'restart', node: 'n2' });
    const after = pingView(sim, 'n2');
    expect(after.boots).toBe(2); // persisted: the boot count survived
    expect(after.pingsSent).toBe(0); // volatile: the counter did not
    expect(sim.frame().nodes.find((n) => n.id === 'n2')).toMatchObject({
      status: 'up',
      incarnation: 1,
    });
    sim.runUntilSync(2000);
    expect(pingView(sim, 'n2').pingsSent).toBeGreaterThan(0);
  });

  it('holds messages for a paused node and handles them on resume', () => {
    const sim = startInProcess(pingScenario, 3);
    sim.runUntilSync(500);
    sim.actSync({ type: 'pause', node: 'n3' });
    sim.runUntilSync(1500);
    const sentBefore = pingView(sim, 'n3').pingsSent;
    expect(sim.trace.some((e) => e.t > 500 && e.k === 'deliver' && e.node === 'n3')).toBe(false);
    sim.actSync({ type: 'resume', node: 'n3' });
    sim.runUntilSync(1501);
    expect(sim.trace.some((e) => e.t >= 1500 && e.k === 'deliver' && e.node === 'n3')).toBe(true);
    expect(pingView(sim, 'n3').pingsSent).toBeGreaterThan(sentBefore);
  });

  it('rejects actions that make no sense, with a reason', () => {
    const sim = startInProcess(pingScenario, 3);
    expect(() => sim.actSync({ type: 'restart', node: 'n1' })).toThrow(ActionRejected);
    expect(() => sim.actSync({ type: 'crash', node: 'n9' })).toThrow(/no node "n9"/);
    expect(() => sim.actSync({ type: 'link-defaults', config: { loss: 2 } })).toThrow(/loss/);
    expect(sim.recordedActions()).toHaveLength(0);
  });
});

describe('a handler that throws', () => {
  interface S {
    received: number;
  }
  type M = { type: 'Hello' };
  const fragile: Protocol<S, M> = {
    id: 'fragile',
    title: 'Fragile',
    defaultOptions: null,
    actions: [],
    init: (ctx) => {
      ctx.setTimer('hello', 10);
      return { received: 0 };
    },
    recover: () => ({ received: 0 }),
    onMessage(state, from) {
      state.received++;
      if (state.received === 3) throw new Error(`cannot handle a third hello from ${from}`);
    },
    onTimer(state, name, ctx) {
      for (const p of ctx.peers) ctx.send(p, { type: 'Hello' });
      ctx.setTimer('hello', 10);
    },
    onAction() {},
    view: (s) => ({ role: 'peer', summary: `${s.received}` }),
  };

  it('marks only its node faulted, with the error, and the run goes on', () => {
    const sim = Simulation.startSync({
      scenario: {
        id: 'f',
        title: 'f',
        description: '',
        nodes: ['a', 'b'].map((id) => ({ id, protocol: 'fragile' })),
      },
      seed: 1,
      host: createInProcessHost({ ...allProtocols, fragile }),
    });
    sim.runUntilSync(500);
    const nodes = sim.frame().nodes;
    expect(nodes.every((n) => n.status === 'faulted')).toBe(true);
    expect(nodes[0]?.error).toMatch(/Error: cannot handle a third hello from b/);
    const fault = sim.trace.find((e) => e.k === 'fault');
    expect(fault).toMatchObject({ k: 'fault', node: 'a' });
    // The run went on: after the fault, messages still arrive (and are dropped) and time moves.
    expect(sim.time).toBe(500);
    expect(sim.trace.some((e) => e.k === 'drop' && e.reason === 'faulted')).toBe(true);
    // A faulted node can be restarted.
    sim.actSync({ type: 'restart', node: 'a' });
    expect(sim.frame().nodes[0]).toMatchObject({ status: 'up', error: null });
  });
});

describe('seek and branch', () => {
  it('seeking back and replaying gives the state the run had at that time', () => {
    const sim = scriptedRun(11, 2000);
    const frameAt1250 = (() => {
      const ref = scriptedRun(11, 1250);
      return { hash: ref.traceHash(), frame: ref.frame() };
    })();
    const hashAt2000 = sim.traceHash();
    sim.seekSync(1250);
    expect(sim.time).toBe(1250);
    expect(sim.traceHash()).toBe(frameAt1250.hash);
    expect(sim.frame()).toEqual(frameAt1250.frame);
    expect(sim.isInPast).toBe(true);
    // Playing forward again replays the recorded actions: the same future.
    sim.runUntilSync(2000);
    expect(sim.traceHash()).toBe(hashAt2000);
  });

  it('seeks forward by running', () => {
    const sim = scriptedRun(11, 1000);
    const reference = startInProcess(pingScenario, 11, { actions: sim.recordedActions() });
    sim.seekSync(2000);
    reference.runUntilSync(2000);
    expect(sim.traceHash()).toBe(reference.traceHash());
  });

  it('acting in the past starts a new branch and discards the recorded future', () => {
    const sim = scriptedRun(11, 4000);
    const recorded = sim.recordedActions().length;
    sim.seekSync(1000); // after the crash at 700, before the cut at 1200
    sim.actSync({ type: 'crash', node: 'n1' });
    expect(sim.branches).toBe(1);
    expect(sim.isInPast).toBe(false);
    expect(sim.recordedActions()).toHaveLength(2);
    expect(recorded).toBe(script.length);
    sim.runUntilSync(4000);
    // The new future differs from the old one, and equals a fresh run of the new action list.
    expect(sim.traceHash()).not.toBe(scriptedRun(11, 4000).traceHash());
    const fresh = startInProcess(pingScenario, 11, { actions: sim.recordedActions() });
    fresh.runUntilSync(4000);
    expect(fresh.traceHash()).toBe(sim.traceHash());
  });

  it('keeps checkpoints so a seek replays at most a checkpoint interval', () => {
    const sim = startInProcess(pingScenario, 2, { checkpointEveryMs: 500 });
    sim.runUntilSync(3000);
    expect(sim.checkpointTimes()).toEqual([0, 500, 1000, 1500, 2000, 2500, 3000]);
  });

  it('thins out old checkpoints on long runs, keeping recent ones dense', () => {
    const sim = startInProcess(exampleCluster({ nodes: 2 }), 2, { checkpointEveryMs: 100 });
    sim.runUntilSync(60_000);
    const times = sim.checkpointTimes();
    expect(times.length).toBeLessThanOrEqual(240);
    expect(times[0]).toBe(0);
    expect(times.slice(-10)).toEqual(Array.from({ length: 10 }, (_, i) => 59_100 + i * 100));
    // Seeking far back still lands exactly.
    sim.seekSync(1234);
    const ref = startInProcess(exampleCluster({ nodes: 2 }), 2);
    ref.runUntilSync(1234);
    expect(sim.traceHash()).toBe(ref.traceHash());
  });
});

describe('hold and deliver by hand', () => {
  it('keeps arriving messages waiting until the learner delivers one', () => {
    const sim = startInProcess(pingScenario, 4);
    sim.runUntilSync(300);
    sim.actSync({ type: 'hold-messages', on: true });
    sim.runUntilSync(600);
    const waiting = sim.frame().inFlight.filter((m) => m.heldSince !== null);
    expect(waiting.length).toBeGreaterThan(3);
    expect(sim.trace.some((e) => e.t > 300 && e.k === 'deliver')).toBe(false);
    // A partition does not reach messages that already arrived.
    sim.actSync({ type: 'isolate', node: waiting[0]?.to ?? 'n1' });
    expect(sim.frame().inFlight.filter((m) => m.heldSince !== null)).toHaveLength(waiting.length);

    const chosen = waiting[waiting.length - 1];
    if (!chosen) throw new Error('nothing held');
    sim.actSync({ type: 'deliver-message', msg: chosen.id });
    expect(sim.trace.at(-1)).toMatchObject({ k: 'send', node: chosen.to }); // it answered at once
    expect(sim.trace.filter((e) => e.t > 300 && e.k === 'deliver')).toEqual([
      expect.objectContaining({ msg: chosen.id, t: 600 }),
    ]);
    expect(() => sim.actSync({ type: 'deliver-message', msg: chosen.id })).toThrow(
      /no longer in flight/,
    );

    sim.actSync({ type: 'hold-messages', on: false });
    sim.runUntilSync(600);
    expect(sim.frame().inFlight.filter((m) => m.heldSince !== null)).toHaveLength(0);
    const replay = startInProcess(pingScenario, 4, { actions: sim.recordedActions() });
    replay.runUntilSync(600);
    expect(replay.traceHash()).toBe(sim.traceHash());
  });
});

describe('bounded trace memory', () => {
  it('keeps only recent entries, while the hash and seeking still cover the whole run', () => {
    const full = startInProcess(pingScenario, 12);
    full.runUntilSync(3000);
    const bounded = Simulation.startSync({
      scenario: pingScenario,
      seed: 12,
      host: createInProcessHost(allProtocols),
      invariants: [...(allProtocols.ping?.invariants ?? [])],
      retainedEntries: 500,
    });
    bounded.runUntilSync(3000);
    expect(bounded.traceHash()).toBe(full.traceHash());
    expect(bounded.trace.length).toBeLessThanOrEqual(625);
    expect(bounded.recorder.length).toBe(full.trace.length);
    expect(bounded.trace.at(-1)).toEqual(full.trace.at(-1));
    // Seek to a moment whose entries were let go: restored from a checkpoint and replayed.
    bounded.seekSync(1000);
    full.seekSync(1000);
    expect(bounded.traceHash()).toBe(full.traceHash());
    const { events: recent, ...state } = bounded.frame();
    const { events: allRecent, ...fullState } = full.frame();
    expect(state).toEqual(fullState);
    // Only what was written since the checkpoint is back in memory: a suffix of the full list.
    expect(allRecent.slice(allRecent.length - recent.length)).toEqual(recent);
  });
});
