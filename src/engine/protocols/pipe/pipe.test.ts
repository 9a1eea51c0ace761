/** Lesson 2 in code: each way the network is not a pipe, seen in R's counter and S's facts. */
import { describe, expect, it } from 'vitest';
import type { Fact } from '../../protocol';
import { pipeEntry } from './scenarios';
import type { SimAction } from '../../sim/actions';
import type { Simulation } from '../../sim/simulation';
import { allProtocols, startInProcess } from '../../testing/run';
import { pipeReceiver, pipeSender, type PipeReceiverView, type PipeSenderView } from './pipe';

const protocols = { ...allProtocols, 'pipe-sender': pipeSender, 'pipe-receiver': pipeReceiver };

/** The seed lesson 2 opens with. */
const LESSON_SEED = 7;

function start(seed: number): Simulation {
  return startInProcess(pipeEntry.build({}), seed, { protocols });
}

const press = (id: string): SimAction => ({ type: 'protocol', node: 'S', action: { id } });

function factsOf(sim: Simulation, kind: string): Fact[] {
  return sim.trace.flatMap((e) => (e.k === 'log' && e.fact?.kind === kind ? [e.fact] : []));
}

function viewOf<V>(sim: Simulation, node: 'S' | 'R'): V {
  const view = sim.frame().nodes.find((n) => n.id === node)?.view;
  if (!view) throw new Error(`no view for ${node}`);
  return view as unknown as V;
}

/** The one Add on its way from S to R. */
function theAddInFlight(sim: Simulation): number {
  const adds = [...sim.world.inFlight()].filter((m) => m.from === 'S' && m.kind === 'Add');
  expect(adds).toHaveLength(1);
  return adds[0]?.id ?? -1;
}

/** Loss both ways, retransmission on, two presses of Send 5: the run of test 5. */
function lossyRetransmittingRun(seed: number): Simulation {
  const sim = start(seed);
  sim.actSync({ type: 'link', from: 'S', to: 'R', config: { loss: 0.3 } });
  sim.actSync({ type: 'link', from: 'R', to: 'S', config: { loss: 0.3 } });
  sim.actSync(press('retransmit'));
  sim.actSync(press('send-5'));
  sim.actSync(press('send-5'));
  // 8 attempts × 600 ms is the longest S keeps trying; 10 s leaves room for the last ack.
  sim.runUntilSync(10_000);
  return sim;
}

describe('the pipe lesson', () => {
  it('delivers in order, each after the link latency, on the default network', () => {
    const sim = start(LESSON_SEED);
    sim.actSync(press('send-5'));
    sim.runUntilSync(1000);
    const arrivals = factsOf(sim, 'arrival');
    expect(arrivals.map((f) => f.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(arrivals.every((f) => f.latencyMs === 80 && f.duplicate === false)).toBe(true);
    expect(factsOf(sim, 'acked').map((f) => f.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(factsOf(sim, 'ack-timeout')).toEqual([]);
    expect(viewOf<PipeSenderView>(sim, 'S').summary).toBe('sent 5 · 0 unacked');
    expect(viewOf<PipeReceiverView>(sim, 'R').summary).toBe('counter 5 · 5 distinct');
  });

  it('reorders messages when the link has jitter (seed 1)', () => {
    const sim = start(1);
    sim.actSync({ type: 'link', from: 'S', to: 'R', config: { jitterMs: 200 } });
    sim.actSync(press('send-5'));
    sim.runUntilSync(1000);
    const order = factsOf(sim, 'arrival').map((f) => Number(f.seq));
    expect(order).toHaveLength(5);
    expect(order).not.toEqual([...order].sort((a, b) => a - b));
    expect(viewOf<PipeReceiverView>(sim, 'R').arrivals.map((a) => a.seq)).toEqual(order);
  });

  it('times out waiting for the ack of a dropped message', () => {
    const sim = start(LESSON_SEED);
    sim.actSync(press('send-1'));
    sim.actSync({ type: 'drop-message', msg: theAddInFlight(sim) });
    sim.runUntilSync(1000);
    expect(factsOf(sim, 'arrival')).toEqual([]);
    expect(factsOf(sim, 'ack-timeout')).toEqual([{ kind: 'ack-timeout', seq: 1, attempt: 1 }]);
    // Retransmission is off by default: nothing is resent, #1 stays unacked.
    expect(factsOf(sim, 'retransmitted')).toEqual([]);
    expect(viewOf<PipeSenderView>(sim, 'S').unacked).toEqual([1]);
  });

  it('resends a message that timed out earlier once retransmission is turned on', () => {
    const sim = start(LESSON_SEED);
    sim.actSync(press('send-1'));
    sim.actSync({ type: 'drop-message', msg: theAddInFlight(sim) });
    sim.runUntilSync(1000);
    sim.actSync(press('retransmit'));
    sim.runUntilSync(2000);
    expect(factsOf(sim, 'retransmit')).toEqual([{ kind: 'retransmit', on: true }]);
    expect(factsOf(sim, 'retransmitted')).toEqual([{ kind: 'retransmitted', seq: 1, attempt: 2 }]);
    expect(factsOf(sim, 'acked').map((f) => f.seq)).toEqual([1]);
  });

  it('counts a duplicated message twice: the counter exceeds what was sent', () => {
    const sim = start(LESSON_SEED);
    sim.actSync(press('send-1'));
    sim.actSync({ type: 'duplicate-message', msg: theAddInFlight(sim) });
    sim.runUntilSync(1000);
    const r = viewOf<PipeReceiverView>(sim, 'R');
    const s = viewOf<PipeSenderView>(sim, 'S');
    expect(s.sent).toBe(1);
    expect(r.counter).toBe(2);
    expect(r.distinct).toBe(1);
    expect(r.counter).toBeGreaterThan(s.sent);
    expect(factsOf(sim, 'duplicate-arrival')).toEqual([{ kind: 'duplicate-arrival', seq: 1 }]);
    // R acks both copies; S takes the second ack for what it is.
    expect(factsOf(sim, 'duplicate-ack')).toEqual([{ kind: 'duplicate-ack', seq: 1 }]);
  });

  it('queues a burst behind a slow link: the last waits ≥ 4× as long as the first', () => {
    const sim = start(LESSON_SEED);
    sim.actSync({ type: 'link', from: 'S', to: 'R', config: { bandwidthBytesPerMs: 0.5 } });
    sim.actSync(press('burst-30'));
    sim.runUntilSync(8000);
    const latencies = factsOf(sim, 'arrival').map((f) => Number(f.latencyMs));
    expect(latencies).toHaveLength(30);
    const first = latencies[0] ?? NaN;
    const last = latencies.at(-1) ?? NaN;
    // 100 bytes at 0.5 bytes/ms is 200 ms on the wire, then 80 ms of latency.
    expect(first).toBeCloseTo(280, 6);
    expect(last).toBeGreaterThanOrEqual(4 * first);
    // The acks are late, not lost: S times out on messages that do arrive.
    expect(factsOf(sim, 'ack-timeout').length).toBeGreaterThan(0);
    expect(viewOf<PipeReceiverView>(sim, 'R').distinct).toBe(30);
  });

  it(`turns loss into duplication with retransmission (lesson seed ${LESSON_SEED})`, () => {
    const sim = lossyRetransmittingRun(LESSON_SEED);
    const seqs = new Set(factsOf(sim, 'arrival').map((f) => f.seq));
    expect(seqs).toEqual(new Set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]));
    expect(factsOf(sim, 'duplicate-arrival').length).toBeGreaterThan(0);
    const r = viewOf<PipeReceiverView>(sim, 'R');
    expect(r.counter).toBeGreaterThan(10);
  });

  it('delivers every message at least once under 30% loss, for seeds 1..50', () => {
    const incomplete: number[] = [];
    for (let seed = 1; seed <= 50; seed++) {
      const r = viewOf<PipeReceiverView>(lossyRetransmittingRun(seed), 'R');
      if (r.distinct !== 10) incomplete.push(seed);
    }
    expect(incomplete, 'seeds where a message never arrived').toEqual([]);
  });

  it('gives up after maxAttempts when the link is cut', () => {
    const sim = start(LESSON_SEED);
    sim.actSync({ type: 'cut', from: 'S', to: 'R', oneWay: true });
    sim.actSync(press('retransmit'));
    sim.actSync(press('send-1'));
    sim.runUntilSync(10_000);
    expect(factsOf(sim, 'ack-timeout')).toHaveLength(8);
    expect(factsOf(sim, 'retransmitted').map((f) => f.attempt)).toEqual([2, 3, 4, 5, 6, 7, 8]);
    expect(factsOf(sim, 'gave-up')).toEqual([{ kind: 'gave-up', seq: 1, attempts: 8 }]);
    expect(viewOf<PipeSenderView>(sim, 'S')).toMatchObject({
      unacked: [1],
      ackTimeouts: 8,
      retransmissions: 7,
    });
  });

  it('replays identically: same seed and actions, same trace', () => {
    const run = () => {
      const sim = start(LESSON_SEED);
      sim.actSync({ type: 'link-defaults', config: { jitterMs: 150, loss: 0.2, duplicate: 0.1 } });
      sim.actSync(press('retransmit'));
      sim.actSync(press('burst-30'));
      sim.runUntilSync(3000);
      sim.actSync(press('send-5'));
      sim.runUntilSync(10_000);
      return sim.traceHash();
    };
    expect(run()).toBe(run());
  });
});
