import { describe, expect, it } from 'vitest';
import { startInProcess } from '../engine/testing/run';
import type { Simulation } from '../engine/sim/simulation';
import { LabSession, MAX_VIRTUAL_STEP_MS, type LabControls, type LabUpdate } from './lab-session';
import { exampleCluster } from '../engine/testing/example-cluster';

/** A ping run in-process, and a session over it that records what it publishes. */
function session(controls: LabControls = { playing: true, speed: 1 }, sim = ping()) {
  const published: LabUpdate[] = [];
  const errors: unknown[] = [];
  const s = new LabSession(
    sim,
    { publish: (u) => published.push(u), report: (e) => errors.push(e), wallNow: () => 0 },
    controls,
  );
  return { s, sim, published, errors };
}

const ping = () => startInProcess(exampleCluster({ nodes: 3 }), 1);

/**
 * The same run, but its run steps land a few macrotasks later, as a worker's would: this is
 * what lets a test act or seek while a step is under way.
 */
function slow(sim: Simulation, log: string[]): Simulation {
  const later = () => new Promise((resolve) => setTimeout(resolve, 5));
  return new Proxy(sim, {
    get(target, prop) {
      if (prop === 'runUntil' || prop === 'seek')
        return async (t: number) => {
          log.push(`${prop} ${t}`);
          await later();
          await target[prop](t);
          log.push(`${prop} ${t} done`);
        };
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

describe('LabSession', () => {
  it('ticks at the speed, at most MAX_VIRTUAL_STEP_MS of virtual time per tick', async () => {
    const { s, sim, published } = session({ playing: true, speed: 0.5 });
    await s.tick(1000); // the first tick only starts the clock
    expect(sim.time).toBe(0);
    await s.tick(1100);
    expect(sim.time).toBe(50);
    await s.tick(11_100); // a long stall (a background tab): capped
    expect(sim.time).toBe(50 + MAX_VIRTUAL_STEP_MS);
    expect(published.at(-1)?.frame.time).toBe(sim.time);
    s.pause();
    await s.tick(11_200);
    expect(sim.time).toBe(50 + MAX_VIRTUAL_STEP_MS);
  });

  it('lets an action wait for the tick under way, then applies it where that tick ended', async () => {
    const log: string[] = [];
    const { s, sim, errors } = session({ playing: true, speed: 1 }, slow(ping(), log));
    await s.tick(0);
    const ticking = s.tick(100);
    const acted = s.act({ type: 'crash', node: 'n2' });
    // Ticks while the action waits start nothing (the action is not starved).
    await s.tick(150);
    await Promise.all([ticking, acted]);
    expect(log).toEqual(['runUntil 100', 'runUntil 100 done']);
    const crash = sim.trace.find((e) => e.k === 'crash');
    expect(crash?.t).toBe(100);
    expect(errors).toEqual([]);
  });

  it('coalesces seeks: targets asked for while one seek runs give one more seek, to the latest', async () => {
    const log: string[] = [];
    const { s, sim } = session({ playing: false, speed: 1 }, slow(ping(), log));
    await s.advance(2000);
    const first = s.seekTo(500);
    await new Promise((resolve) => setTimeout(resolve, 1)); // the first seek is under way
    const rest = [s.seekTo(900), s.seekTo(1300), s.seekTo(700)];
    await Promise.all([first, ...rest]);
    expect(log.filter((l) => l.startsWith('seek') && !l.endsWith('done'))).toEqual([
      'seek 500',
      'seek 700',
    ]);
    expect(sim.time).toBe(700);
    expect(s.playing).toBe(false);
  });

  it('replays the key moment slowly and stops exactly at its end, with the speed restored', async () => {
    const { s, sim } = session({ playing: false, speed: 2 });
    await s.advance(1500);
    const hashAt1500 = sim.traceHash();
    await s.advance(500);
    let ended = false;
    const replay = s.replayMoment(1000, 1500, 0.1).then(() => (ended = true));
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(sim.time).toBe(1000);
    expect(s.isReplaying).toBe(true);
    expect(s.speed).toBe(0.1);
    // 0.1 virtual ms per wall ms: 20 frames of 250 ms is 500 virtual ms.
    for (let wall = 0; !ended && wall <= 10_000; wall += 250) await s.tick(wall);
    await replay;
    expect(sim.time).toBe(1500);
    expect(sim.traceHash()).toBe(hashAt1500);
    expect(s.playing).toBe(false);
    expect(s.speed).toBe(2);
    expect(s.isReplaying).toBe(false);
  });

  it('restarting a step goes back and forgets the future, so earlier attempts do not replay', async () => {
    const { s, sim } = session({ playing: false, speed: 1 });
    await s.advance(300);
    await s.advance(200);
    await s.act({ type: 'crash', node: 'n2' });
    await s.advance(500);
    expect(sim.recordedActions()).toHaveLength(1);
    await s.restartFrom(300);
    expect(sim.time).toBe(300);
    expect(sim.recordedActions()).toEqual([]);
    await s.advance(700);
    expect(sim.trace.some((e) => e.k === 'crash')).toBe(false);
    expect(sim.frame(0).nodes.find((n) => n.id === 'n2')?.status).toBe('up');
  });
});

describe('LabSession: the speed achieved', () => {
  it('reports the speed a run achieves when it falls short, and nothing when it keeps up', async () => {
    const paces: Array<number | null> = [];
    const s = new LabSession(
      ping(),
      { publish: () => undefined, report: () => undefined, pace: (p) => paces.push(p) },
      { playing: true, speed: 20 },
    );
    // Ticks every 50 wall ms at 20× would ask 1,000 virtual ms each: capped at 250, so the
    // run manages 5× — and says so once a window has passed.
    for (let wall = 0; wall <= 1100; wall += 50) await s.tick(wall);
    expect(paces).toHaveLength(1);
    expect(paces[0]).toBeCloseTo(5, 0);
    expect(s.achievedSpeed).toBeCloseTo(5, 0);
    // At a speed it can keep up with, the shortfall is withdrawn after a window.
    s.setSpeed(2);
    expect(paces.at(-1)).toBeNull();
    for (let wall = 1150; wall <= 2400; wall += 50) await s.tick(wall);
    expect(paces.at(-1)).toBeNull();
    expect(s.achievedSpeed).toBeNull();
    s.dispose();
  });

  it('counts the time a slow step keeps the loop waiting', async () => {
    const paces: Array<number | null> = [];
    const log: string[] = [];
    const s = new LabSession(
      slow(ping(), log),
      { publish: () => undefined, report: () => undefined, pace: (p) => paces.push(p) },
      { playing: true, speed: 1 },
    );
    await s.tick(0);
    // A frame every 16 ms, but each step takes a while to land: ticks meanwhile are skipped.
    let wall = 0;
    const pending: Promise<void>[] = [];
    for (let i = 0; i < 100; i++) {
      wall += 16;
      pending.push(s.tick(wall));
      if (i % 10 === 9) await Promise.all(pending);
    }
    await Promise.all(pending);
    // Each landed step ran 16 virtual ms, but only one tick in several started one.
    expect(paces.at(-1)).not.toBeNull();
    expect(paces.at(-1) ?? 1).toBeLessThan(0.9);
    s.dispose();
  });
});
