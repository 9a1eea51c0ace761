/**
 * Duelling proposers, measured (CURRICULUM.md L11; the ladder of abstraction, P12): the
 * "Duelling proposers" preset run once per seed with an equal fixed retry and once with
 * randomized backoff, timing how long until a value is decided. With no jitter the fixed
 * retry never decides (the livelock of "Paxos Made Simple", 2001, §2.4); with a little
 * jitter it sometimes breaks free, late; randomized backoff decides within a few rounds.
 * Runs in-process (in its own worker in the page), with no checks: it only watches the clock.
 */
import type { Scenario } from '../../../scenario';
import { scenarioById, startInProcess } from '../../../testing/run';
import type { DuelPreset } from './preset';

export interface DuelSweepParams {
  readonly seeds: readonly number[];
  /** Servers in the lab (3–9); n1 and n2 propose. */
  readonly nodes: number;
  /** Jitter on every link (ms); 0 is the preset's own network, where the duel never ends. */
  readonly jitterMs: number;
  /** Give up on a seed after this much virtual time without a decision (ms). */
  readonly horizonMs: number;
}

export interface DuelRun {
  readonly seed: number;
  /** Virtual ms from the first prepare until a learner knew the chosen value; null: not within the horizon. */
  readonly decidedMs: number | null;
  /** Ballots the proposers started in that time (the duel counter). */
  readonly ballots: number;
}

export interface DuelSweepResult {
  readonly fixed: readonly DuelRun[];
  readonly random: readonly DuelRun[];
}

/** One policy's figures: runs decided, and the median and 95th percentile time to decide. */
export interface DuelSummary {
  readonly runs: number;
  readonly undecided: number;
  /**
   * Nearest-rank percentiles over every run, an undecided run counting as slower than any
   * (so a median is null, "over the horizon", when half the runs did not decide).
   */
  readonly medianMs: number | null;
  readonly p95Ms: number | null;
  /** Mean ballots started per run. */
  readonly meanBallots: number;
}

// Coarse steps: the decision time comes from the event itself, not from the step.
const STEP_MS = 50;

/** The preset's scenario with `jitterMs` on every link. */
function duelScenario(preset: DuelPreset, nodes: number, jitterMs: number): Scenario {
  const s = scenarioById('paxos', { nodes, settings: { preset } });
  const jitter = <T extends object>(c: T) => ({ ...c, jitterMs });
  return {
    ...s,
    network: {
      defaults: jitter(s.network?.defaults ?? {}),
      links: (s.network?.links ?? []).map((l) => ({ ...l, config: jitter(l.config) })),
    },
  };
}

/** Time to decide, per seed, under one preset (deterministic: same params, same runs). */
export function duelRuns(preset: DuelPreset, p: DuelSweepParams): DuelRun[] {
  const scenario = duelScenario(preset, p.nodes, p.jitterMs);
  return p.seeds.map((seed) => {
    const sim = startInProcess(scenario, seed, { invariants: [] });
    let seen = 0;
    let ballots = 0;
    let firstPrepare: number | null = null;
    // The proposers start at 100 ms; the horizon counts from there.
    for (let t = STEP_MS; t <= p.horizonMs + 100; t += STEP_MS) {
      sim.runUntilSync(t);
      const r = sim.recorder;
      for (; seen < r.length; seen++) {
        const e = r.at(seen);
        if (e?.k !== 'log') continue;
        if (e.fact?.kind === 'prepare-sent') {
          ballots++;
          firstPrepare ??= e.t;
        }
        if (e.fact?.kind === 'learned' && firstPrepare !== null)
          return e.t - firstPrepare <= p.horizonMs
            ? { seed, decidedMs: e.t - firstPrepare, ballots }
            : { seed, decidedMs: null, ballots };
      }
    }
    return { seed, decidedMs: null, ballots };
  });
}

/** Both policies over the same seeds: the equal fixed retry, and randomized backoff. */
export function duelSweep(p: DuelSweepParams): DuelSweepResult {
  return { fixed: duelRuns('duel', p), random: duelRuns('duel-random', p) };
}

/** Nearest-rank percentile `q` (0–1) of ascending `xs`; Infinity stands for "not decided". */
const nearestRank = (xs: readonly number[], q: number) =>
  xs[Math.max(0, Math.ceil(q * xs.length) - 1)] ?? Number.POSITIVE_INFINITY;

/** The figures the lab and the test report for one policy's runs. */
export function summarizeDuel(runs: readonly DuelRun[]): DuelSummary {
  const times = runs.map((r) => r.decidedMs ?? Number.POSITIVE_INFINITY).sort((a, b) => a - b);
  const finite = (x: number) => (Number.isFinite(x) ? x : null);
  return {
    runs: runs.length,
    undecided: runs.filter((r) => r.decidedMs === null).length,
    medianMs: runs.length ? finite(nearestRank(times, 0.5)) : null,
    p95Ms: runs.length ? finite(nearestRank(times, 0.95)) : null,
    meanBallots: runs.length ? runs.reduce((a, r) => a + r.ballots, 0) / runs.length : 0,
  };
}
