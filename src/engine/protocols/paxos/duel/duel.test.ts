/**
 * Duelling proposers (Lamport, "Paxos Made Simple", 2001, §2.4): the lab's preset livelocks
 * (nothing chosen, ballot after ballot, while every safety check holds), randomized backoff
 * ends it, and the sweep over 100 seeds measures both — the figures the lab shows.
 */
import { describe, expect, it } from 'vitest';
import { readSettings } from '../../../scenarios/settings';
import { startInProcess } from '../../../testing/run';
import { fromLab } from '../../../testing/lab-suite';
import { paxosEntry } from '../scenarios';
import { duelSweep, summarizeDuel, type DuelRun } from './duel-sweep';

/** Ballots started and values learned in `ms` of virtual time, on the lab built from a link. */
function runLab(settings: Record<string, string>, seed: number, ms: number) {
  const sim = startInProcess(fromLab(paxosEntry, 5, settings).scenario(), seed);
  sim.runUntilSync(ms);
  const facts = sim.trace.flatMap((e) => (e.k === 'log' && e.fact ? [e.fact] : []));
  return {
    ballots: facts.filter((f) => f.kind === 'prepare-sent').length,
    preempted: facts.filter((f) => f.kind === 'preempted').length,
    learned: facts.filter((f) => f.kind === 'learned').length,
    violated: sim.monitor.violations.map((v) => `${v.invariant}: ${v.message}`),
  };
}

describe('the duelling-proposers preset (§2.4)', () => {
  it.each([1, 2, 3])(
    'livelocks: nothing chosen in 10 virtual s, and ballot after ballot pre-empted (seed %i)',
    (seed) => {
      const out = runLab({ preset: 'duel' }, seed, 10_000);
      expect(out.learned).toBe(0);
      expect(out.ballots).toBeGreaterThanOrEqual(10);
      expect(out.preempted).toBeGreaterThanOrEqual(10);
      expect(out.violated).toEqual([]); // a livelock is not a safety violation
    },
  );

  it('with randomized backoff the same duel decides', () => {
    for (const seed of [1, 2, 3]) {
      const out = runLab({ preset: 'duel-random' }, seed, 10_000);
      expect(out.learned).toBe(5);
      expect(out.violated).toEqual([]);
    }
  });

  it('is the preset a link names, and a bad preset in a link falls back in words', () => {
    expect(readSettings(paxosEntry.settings, { preset: 'duel' }).values.preset).toBe('duel');
    const bad = readSettings(paxosEntry.settings, { preset: 'war' });
    expect(bad.values.preset).toBe('none');
    expect(bad.problems).toEqual(['Preset "war" is not one of the choices; using the default']);
    // The preset overrides the proposer settings the form shows, and says so.
    const values = { ...readSettings(paxosEntry.settings, {}).values, preset: 'duel' };
    expect(paxosEntry.warnings?.(values).map((w) => w.key)).toEqual(['preset']);
    const s = paxosEntry.build({ nodes: 5, settings: { ...values, proposers: 3 } });
    expect(s.nodes.filter((n) => (n.options as { proposer: boolean }).proposer)).toHaveLength(2);
  });

  it('leaves the lab without a preset as it was (jittery links, 40 ms retry)', () => {
    const s = paxosEntry.build({
      nodes: 5,
      settings: readSettings(paxosEntry.settings, {}).values,
    });
    expect(s.network).toEqual({ defaults: { latencyMs: 20, jitterMs: 10 } });
    expect((s.nodes[0]?.options as Record<string, unknown>).retryMs).toBeUndefined();
  });
});

describe('the duel sweep: time to decide over 100 seeds, fixed retry vs randomized backoff', () => {
  it('randomized backoff decides every seed, sooner; the fixed retry leaves runs undecided', () => {
    const seeds = Array.from({ length: 100 }, (_, i) => i + 1);
    const result = duelSweep({ seeds, nodes: 5, jitterMs: 3, horizonMs: 10_000 });
    const fixed = summarizeDuel(result.fixed);
    const random = summarizeDuel(result.random);
    console.log(
      `duel sweep, 100 seeds, 5 servers, 3 ms jitter, 10 s horizon:\n` +
        `  fixed retry:        median ${fixed.medianMs?.toFixed(0) ?? 'over 10 s'} ms, p95 ${fixed.p95Ms?.toFixed(0) ?? 'over 10 s'}, ${fixed.undecided} undecided, ${fixed.meanBallots.toFixed(1)} ballots per run\n` +
        `  randomized backoff: median ${random.medianMs?.toFixed(0)} ms, p95 ${random.p95Ms?.toFixed(0)} ms, ${random.undecided} undecided, ${random.meanBallots.toFixed(1)} ballots per run`,
    );
    expect(result.fixed.map((r) => r.seed)).toEqual(seeds);
    expect(random.undecided).toBe(0);
    expect(random.medianMs).not.toBeNull();
    expect(random.p95Ms).not.toBeNull();
    const slower = (x: number | null) => x ?? Number.POSITIVE_INFINITY;
    expect(slower(random.medianMs)).toBeLessThan(slower(fixed.medianMs));
    expect(slower(random.p95Ms)).toBeLessThan(slower(fixed.p95Ms));
    expect(fixed.undecided).toBeGreaterThan(0);
  }, 120_000);

  it('summarizes with nearest-rank percentiles, an undecided run counting as slowest', () => {
    const runs = (xs: (number | null)[]): DuelRun[] =>
      xs.map((decidedMs, i) => ({ seed: i + 1, decidedMs, ballots: 2 }));
    expect(summarizeDuel(runs([30, 10, 20, null]))).toEqual({
      runs: 4,
      undecided: 1,
      medianMs: 20,
      p95Ms: null,
      meanBallots: 2,
    });
    expect(summarizeDuel([]).medianMs).toBeNull();
  });

  it('is deterministic', () => {
    const p = { seeds: [3, 4], nodes: 5, jitterMs: 3, horizonMs: 2000 };
    expect(duelSweep(p)).toEqual(duelSweep(p));
  });
});
