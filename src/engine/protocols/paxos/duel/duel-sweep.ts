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
import type { DuelRun, DuelSweepParams, DuelSweepResult } from './duel-summary';

export type { DuelRun, DuelSweepParams, DuelSweepResult, DuelSummary } from './duel-summary';
export { summarizeDuel } from './duel-summary';

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
