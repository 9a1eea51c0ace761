/**
 * The engine's disk faults: a lying fsync ("Crash and lose unsynced writes") and a garbled
 * log tail ("Corrupt log tail"). Both are recorded actions, replayed exactly from a share
 * link; runs without them hash as they did before disk faults existed.
 */
import { describe, expect, it } from 'vitest';
import type { Json } from '../protocol';
import { decodeActions, encodeActions } from '../share/run-link';
import { startInProcess } from '../testing/run';
import { corruptTail, hasLogTail } from './disk-faults';
import { createRng, seedState } from './prng';
import { exampleCluster } from '../testing/example-cluster';
import { raftEntry } from '../protocols/raft/scenarios';

const raftLab = () => raftEntry.build({ nodes: 3, settings: { clients: '1', load: '40' } });

describe('corruptTail', () => {
  const disk: Json = {
    term: 3,
    log: [
      { term: 1, command: { op: 'noop' } },
      { term: 2, command: { op: 'put', key: 'x', value: 'a' } },
      { term: 3, command: { op: 'put', key: 'y', value: 'b' } },
      { term: 3, command: { op: 'noop' } },
    ],
    sums: [1, 2, 3],
  };

  it('garbles 1–3 of the last items of the longest list, and leaves the disk it was given alone', () => {
    const before = JSON.stringify(disk);
    for (let seed = 1; seed <= 40; seed++) {
      const c = corruptTail(disk, createRng(seedState(seed, 'test')));
      if (!c) throw new Error('expected a corruption');
      expect(JSON.stringify(disk)).toBe(before);
      const log = (c.disk as { log: Json[] }).log;
      const old = (disk as { log: Json[] }).log;
      expect(c.garbled).toBeGreaterThanOrEqual(1);
      expect(c.garbled).toBeLessThanOrEqual(3);
      old.forEach((e, i) => {
        const same = JSON.stringify(log[i]) === JSON.stringify(e);
        expect(same).toBe(i < old.length - c.garbled);
      });
      expect((c.disk as { sums: Json }).sums).toEqual([1, 2, 3]);
    }
  });

  it('is a function of the random stream: the same seed garbles the same bytes', () => {
    const a = corruptTail(disk, createRng(seedState(9, 'disk')));
    const b = corruptTail(disk, createRng(seedState(9, 'disk')));
    const c = corruptTail(disk, createRng(seedState(10, 'disk')));
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(JSON.stringify(a)).not.toBe(JSON.stringify(c));
  });

  it('finds no tail on a disk without a list', () => {
    expect(hasLogTail({ boots: 3 })).toBe(false);
    expect(corruptTail({ boots: 3 }, createRng(seedState(1, 'x')))).toBeNull();
    expect(hasLogTail(undefined)).toBe(false);
  });
});

describe('disk faults in a run', () => {
  it('"Crash and lose unsynced writes" restores the disk as it was before the last write, and storage reports the torn write at boot', () => {
    const sim = startInProcess(raftLab(), 3);
    sim.runUntilSync(800);
    const n2 = sim.world.node('n2');
    const durable = n2.previousPersisted;
    expect(durable).toBeDefined();
    expect(durable).not.toBe(n2.persisted);
    sim.actSync({ type: 'crash-lose-writes', node: 'n2' });
    expect(n2.status).toBe('crashed');
    expect(n2.persisted).toBe(durable);
    expect(n2.tornWrite).toBe(true);
    expect(sim.world.bootInput(n2).tornWrite).toBe(true);
    const said = sim.trace.filter((e) => e.k === 'disk');
    expect(said).toMatchObject([
      {
        k: 'disk',
        node: 'n2',
        fault: 'lost-write',
        text: "n2's last write never reached its disk (the fsync lied)",
      },
    ]);
    expect(() => sim.actSync({ type: 'crash-lose-writes', node: 'n2' })).toThrow(/already down/);
    sim.actSync({ type: 'restart', node: 'n2' });
    sim.runUntilSync(1500);
    // Its next write replaced the torn record.
    expect(n2.tornWrite).toBe(false);
  });

  it('"Corrupt log tail" crashes a running node and garbles the same entries for the same seed', () => {
    const garbled = (seed: number) => {
      const sim = startInProcess(raftLab(), seed);
      sim.runUntilSync(1200);
      const before = sim.world.node('n3').persisted as { log: Json[] };
      sim.actSync({ type: 'corrupt-disk', node: 'n3' });
      const after = sim.world.node('n3').persisted as { log: Json[] };
      expect(sim.world.node('n3').status).toBe('crashed');
      expect(after.log.length).toBe(before.log.length);
      return {
        text: sim.trace.filter((e) => e.k === 'disk').map((e) => (e.k === 'disk' ? e.text : '')),
        after: JSON.stringify(after),
      };
    };
    const a = garbled(5);
    expect(a.text[0]).toMatch(/^n3's disk garbled entr(y|ies) \d+(–\d+)? of its log$/);
    expect(garbled(5)).toEqual(a);
  });

  it('refuses to corrupt a disk with no log yet, in words', () => {
    const sim = startInProcess(exampleCluster({ nodes: 2 }), 1);
    sim.runUntilSync(100);
    expect(() => sim.actSync({ type: 'corrupt-disk', node: 'n1' })).toThrow(
      /n1 has no log on its disk yet/,
    );
  });

  it('records both faults, and a share link replays the run exactly', () => {
    const sim = startInProcess(raftLab(), 11);
    sim.runUntilSync(700);
    sim.actSync({ type: 'crash-lose-writes', node: 'n1' });
    sim.runUntilSync(900);
    sim.actSync({ type: 'restart', node: 'n1' });
    sim.runUntilSync(1400);
    sim.actSync({ type: 'corrupt-disk', node: 'n2' });
    sim.runUntilSync(1600);
    sim.actSync({ type: 'restart', node: 'n2' });
    sim.runUntilSync(2500);
    const recorded = sim.recordedActions().map((a) => a.action.type);
    expect(recorded).toEqual(['crash-lose-writes', 'restart', 'corrupt-disk', 'restart']);
    const decoded = decodeActions(encodeActions(sim.recordedActions()));
    if (!decoded.ok) throw new Error(decoded.error);
    expect(decoded.skipped).toEqual([]);
    const replay = startInProcess(raftLab(), 11, { actions: decoded.actions });
    replay.runUntilSync(2500);
    expect(replay.traceHash()).toBe(sim.traceHash());
  });

  it('leaves runs without disk faults as they were: the same trace hash as before disk faults existed', () => {
    const sim = startInProcess(raftLab(), 7);
    sim.runUntilSync(400);
    sim.actSync({ type: 'crash', node: 'n1' });
    sim.runUntilSync(900);
    sim.actSync({ type: 'restart', node: 'n1' });
    sim.runUntilSync(2000);
    // Measured on the commit before disk faults (99b1b80) with the same script.
    expect(sim.traceHash()).toBe('b76d899c4e9ab03d');
    expect(sim.recorder.length).toBe(974);
  });
});
