import { describe, expect, it } from 'vitest';
import { startInProcess } from '../testing/run';
import { exampleCluster } from '../testing/example-cluster';

describe('the trace cursor', () => {
  it('says when the run went back, even after the trace grew past its old length again', () => {
    const sim = startInProcess(exampleCluster({ nodes: 3 }), 1);
    sim.runUntilSync(1000);
    const first = sim.recorder.tail();
    expect(first.wentBack).toBe(false);
    expect(first.entries.map((e) => e.i)).toEqual([...Array(sim.recorder.length).keys()]);
    const seen = first.cursor;
    const hashAt1000 = sim.traceHash();

    // Going forward only appends.
    sim.runUntilSync(1500);
    const forward = sim.recorder.tail(seen);
    expect(forward.wentBack).toBe(false);
    expect(forward.validBelow).toBe(seen.next);
    expect(forward.entries[0]?.i).toBe(seen.next);

    // Seek back to 400 ms, then run well past 1000 ms: the trace is longer than the consumer
    // last saw, yet what it saw after the cut was rewritten, and the tail says so.
    sim.seekSync(400);
    sim.runUntilSync(2000);
    expect(sim.recorder.length).toBeGreaterThan(seen.next);
    const back = sim.recorder.tail(seen);
    expect(back.wentBack).toBe(true);
    expect(back.validBelow).toBeLessThan(seen.next);
    expect(back.entries[0]?.i).toBe(back.validBelow);
    expect(back.entries.at(-1)?.i).toBe(sim.recorder.length - 1);
    expect(back.entries.every((e) => e.t >= 0 && e.t <= 2000)).toBe(true);
    expect(sim.recorder.tail(back.cursor)).toMatchObject({ wentBack: false, entries: [] });

    // The replay is deterministic: the same moment has the same hash again.
    sim.seekSync(1000);
    expect(sim.traceHash()).toBe(hashAt1000);
  });
});
