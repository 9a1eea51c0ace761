import { describe, expect, it } from 'vitest';
import type { Fact, NodeId } from '../../protocol';
import { notesEntry } from './scenarios';
import type { SimAction } from '../../sim/actions';
import type { Simulation } from '../../sim/simulation';
import type { TraceEntry } from '../../sim/trace';
import { allProtocols, startInProcess } from '../../testing/run';
import { notes, type NotesView } from './notes';

const scenario = notesEntry.build({});
const SEEDS = Array.from({ length: 20 }, (_, i) => i + 1);

/** A script of [virtual time, action], applied in order, then run on to `until`. */
type Script = ReadonlyArray<readonly [number, SimAction]>;

function run(seed: number, script: Script, until: number): Simulation {
  const sim = startInProcess(scenario, seed, { protocols: { ...allProtocols, notes } });
  for (const [t, action] of script) {
    sim.runUntilSync(t);
    sim.actSync(action);
  }
  sim.runUntilSync(until);
  return sim;
}

const broadcast = (node: NodeId): SimAction => ({
  type: 'protocol',
  node,
  action: { id: 'broadcast' },
});
const ping = (node: NodeId): SimAction => ({ type: 'protocol', node, action: { id: 'ping' } });

interface NodeFact {
  readonly node: NodeId;
  readonly t: number;
  readonly fact: Fact;
}

function facts(sim: Simulation, kind: string, node?: NodeId): NodeFact[] {
  return sim.trace.flatMap((e) =>
    e.k === 'log' && e.fact?.kind === kind && (node === undefined || e.node === node)
      ? [{ node: e.node, t: e.t, fact: e.fact }]
      : [],
  );
}

function view(sim: Simulation, id: NodeId): NotesView {
  const node = sim.frame().nodes.find((n) => n.id === id);
  if (!node?.view) throw new Error(`no view for ${id}`);
  return node.view as NotesView;
}

const logOrder = (sim: Simulation, id: NodeId) => view(sim, id).log.map((e) => e.id);

describe('notes scenario', () => {
  it('has three nodes A, B, C running notes, with both directions of every link set', () => {
    expect(scenario.nodes.map((n) => [n.id, n.protocol])).toEqual([
      ['A', 'notes'],
      ['B', 'notes'],
      ['C', 'notes'],
    ]);
    const links = scenario.network?.links ?? [];
    expect(links).toHaveLength(6);
    const latency = (from: NodeId, to: NodeId) =>
      links.find((l) => l.from === from && l.to === to)?.config.latencyMs;
    expect([latency('A', 'B'), latency('B', 'A')]).toEqual([300, 300]);
    expect([latency('A', 'C'), latency('C', 'A')]).toEqual([700, 700]);
    expect([latency('B', 'C'), latency('C', 'B')]).toEqual([60, 60]);
  });

  it('starts every node with an empty log', () => {
    const sim = run(1, [], 100);
    for (const id of ['A', 'B', 'C']) {
      expect(view(sim, id).log).toEqual([]);
      expect(view(sim, id).summary).toBe('log empty');
    }
  });
});

describe('concurrency: no single order', () => {
  it('A and C log two close broadcasts in different orders (every seed)', () => {
    for (const seed of SEEDS) {
      const sim = run(
        seed,
        [
          [100, broadcast('A')],
          [200, broadcast('B')],
        ],
        2000,
      );
      expect(logOrder(sim, 'A'), `seed ${seed}`).toEqual(['A1', 'B1']);
      // B wrote its own B1 at 200, before A1 reached it (at 400–430).
      expect(logOrder(sim, 'B'), `seed ${seed}`).toEqual(['B1', 'A1']);
      expect(logOrder(sim, 'C'), `seed ${seed}`).toEqual(['B1', 'A1']);
      expect(view(sim, 'A').summary).toBe('log: A1 B1');
      expect(view(sim, 'C').summary).toBe('log: B1 A1');
      // The same story in the trace's facts.
      const receivedAtC = facts(sim, 'note-received', 'C').map((f) => f.fact.note);
      expect(receivedAtC, `seed ${seed}`).toEqual(['B1', 'A1']);
      expect(facts(sim, 'note-sent').map((f) => [f.node, f.fact.note])).toEqual([
        ['A', 'A1'],
        ['B', 'B1'],
      ]);
      // With clocks in agreement, nothing arrives before it was sent.
      expect(facts(sim, 'received-before-sent')).toEqual([]);
    }
  });

  it('stamps a received note with both clocks', () => {
    const sim = run(3, [[100, broadcast('A')]], 2000);
    const [atB] = facts(sim, 'note-received', 'B');
    expect(atB?.fact).toMatchObject({ note: 'A1', from: 'A', sentAtLocal: 100 });
    const receivedAt = Number(atB?.fact.receivedAtLocal);
    expect(receivedAt).toBeGreaterThanOrEqual(400);
    expect(receivedAt).toBeLessThan(430);
    expect(view(sim, 'A').log).toEqual([
      { id: 'A1', from: 'A', sentAtLocal: 100, receivedAtLocal: 100 },
    ]);
  });
});

describe('no global clock: received before sent', () => {
  it('with B 400 ms ahead, C and A receive B’s note before B sent it, by their clocks', () => {
    for (const seed of SEEDS) {
      const sim = run(
        seed,
        [
          [50, { type: 'clock', node: 'B', skewMs: 400, drift: 0 }],
          [100, broadcast('B')],
        ],
        1500,
      );
      const odd = facts(sim, 'received-before-sent');
      expect(odd.map((f) => f.node).sort(), `seed ${seed}`).toEqual(['A', 'C']);
      for (const { fact } of odd) {
        expect(fact).toMatchObject({ note: 'B1', from: 'B', sentAtLocal: 500 });
        expect(Number(fact.receivedAtLocal)).toBeLessThan(500);
      }
      const atC = odd.find((f) => f.node === 'C');
      expect(Number(atC?.fact.receivedAtLocal)).toBeLessThan(200);
      const cRow = view(sim, 'C').log[0];
      expect(cRow && cRow.receivedAtLocal < cRow.sentAtLocal).toBe(true);
      // It is a milestone on the timeline.
      const marked = sim.trace.filter(
        (e) => e.k === 'log' && e.fact?.kind === 'received-before-sent' && e.marker,
      );
      expect(marked).toHaveLength(2);
    }
  });
});

describe('partial failure: crashed, or just slow?', () => {
  it('A times out on a crashed C, and never hears a pong from it', () => {
    const sim = run(
      5,
      [
        [50, { type: 'crash', node: 'C' }],
        [100, ping('A')],
      ],
      5000,
    );
    expect(facts(sim, 'ping-sent', 'A').map((f) => f.fact)).toEqual([
      { kind: 'ping-sent', seq: 1, peers: ['B', 'C'] },
    ]);
    const timeouts = facts(sim, 'ping-timeout', 'A');
    expect(timeouts.map((f) => f.fact)).toEqual([{ kind: 'ping-timeout', peer: 'C', seq: 1 }]);
    expect(timeouts[0]?.t).toBe(1100);
    const pongs = facts(sim, 'pong', 'A').map((f) => f.fact);
    expect(pongs.map((f) => f.peer)).toEqual(['B']);
    const rtt = Number(pongs[0]?.rttMs);
    expect(rtt).toBeGreaterThanOrEqual(600);
    expect(rtt).toBeLessThan(660);
    expect(facts(sim, 'late-reply')).toEqual([]);
    expect(view(sim, 'A').pings.map((p) => [p.peer, p.outcome])).toEqual([
      ['B', 'pong'],
      ['C', 'timed-out'],
    ]);
  });

  /** A's side of the run up to `until`: what A itself could observe, without trace indexes. */
  function seenByA(sim: Simulation, until: number): unknown[] {
    return sim.trace
      .filter((e: TraceEntry) => 'node' in e && e.node === 'A' && e.t <= until)
      .map((e) => {
        const { i: _i, ...rest } = e;
        // `cause` points at a trace index, which the other node's events shift.
        if ('cause' in rest) return { ...rest, cause: undefined };
        return rest;
      });
  }

  it('a paused C answers late; until the timeout A cannot tell pause from crash', () => {
    for (const seed of SEEDS) {
      const crashed = run(
        seed,
        [
          [50, { type: 'crash', node: 'C' }],
          [100, ping('A')],
        ],
        5000,
      );
      const paused = run(
        seed,
        [
          [50, { type: 'pause', node: 'C' }],
          [100, ping('A')],
          [1500, { type: 'resume', node: 'C' }],
        ],
        5000,
      );
      const timeout = facts(paused, 'ping-timeout', 'A');
      expect(
        timeout.map((f) => f.fact),
        `seed ${seed}`,
      ).toEqual([{ kind: 'ping-timeout', peer: 'C', seq: 1 }]);
      const late = facts(paused, 'late-reply', 'A');
      expect(
        late.map((f) => [f.fact.peer, f.fact.seq]),
        `seed ${seed}`,
      ).toEqual([['C', 1]]);
      // Resumed at 1500, C answers at once; the Pong takes 700–730 ms back to A.
      const lateBy = Number(late[0]?.fact.lateByMs);
      expect(lateBy).toBeGreaterThanOrEqual(1100);
      expect(lateBy).toBeLessThan(1131);
      expect(late[0]?.t ?? 0).toBeGreaterThan(timeout[0]?.t ?? Infinity);
      expect(view(paused, 'A').pings.find((p) => p.peer === 'C')?.outcome).toBe('late-reply');

      const cutoff = facts(crashed, 'ping-timeout', 'A')[0]?.t ?? -1;
      expect(cutoff).toBe(1100);
      const a = seenByA(crashed, cutoff);
      expect(a.length).toBeGreaterThan(5);
      expect(seenByA(paused, cutoff), `seed ${seed}`).toEqual(a);
      // …and afterwards they do differ: only the paused C ever answers.
      expect(seenByA(paused, 5000)).not.toEqual(seenByA(crashed, 5000));
    }
  });
});

describe('what survives a crash', () => {
  it('a restarted node has an empty log and says so; its new notes do not reuse old ids', () => {
    const sim = run(
      9,
      [
        [100, broadcast('A')],
        [200, broadcast('B')],
        [1000, { type: 'crash', node: 'A' }],
        [1100, { type: 'restart', node: 'A' }],
      ],
      1200,
    );
    expect(view(sim, 'A').log).toEqual([]);
    expect(view(sim, 'A').summary).toBe('log empty');
    expect(view(sim, 'A').boots).toBe(2);
    const restarted = facts(sim, 'restarted', 'A');
    expect(restarted.map((f) => f.fact)).toEqual([{ kind: 'restarted', boots: 2 }]);
    expect(sim.trace.find((e) => e.k === 'log' && e.fact?.kind === 'restarted')).toMatchObject({
      text: expect.stringContaining('empty log'),
    });
    expect(logOrder(sim, 'B')).toEqual(['B1', 'A1']);

    sim.actSync(broadcast('A'));
    sim.runUntilSync(2500);
    expect(logOrder(sim, 'A')).toEqual(['A1-boot2']);
    expect(logOrder(sim, 'B')).toEqual(['B1', 'A1', 'A1-boot2']);
  });
});

describe('determinism', () => {
  const script: Script = [
    [50, { type: 'clock', node: 'B', skewMs: 400, drift: 0 }],
    [100, broadcast('A')],
    [180, broadcast('B')],
    [250, broadcast('C')],
    [300, { type: 'pause', node: 'C' }],
    [400, ping('A')],
    [1700, { type: 'resume', node: 'C' }],
    [1800, { type: 'crash', node: 'B' }],
    [1900, ping('C')],
    [2500, { type: 'restart', node: 'B' }],
    [2600, broadcast('B')],
  ];

  it('gives the same trace hash for the same seed and actions', () => {
    const a = run(42, script, 5000);
    const b = run(42, script, 5000);
    expect(a.trace.length).toBeGreaterThan(50);
    expect(b.traceHash()).toBe(a.traceHash());
    expect(b.trace).toEqual(a.trace);
  });

  it('gives a different trace for a different seed (the jitter differs)', () => {
    expect(run(43, script, 5000).traceHash()).not.toBe(run(42, script, 5000).traceHash());
  });
});
