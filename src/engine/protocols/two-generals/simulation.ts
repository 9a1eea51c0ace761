/**
 * The two generals' randomized suites, run by the one seed runner:
 * - a lossy valley and nothing else: over the seeds, the share of runs in which one general
 *   attacked alone must match the chain's arithmetic — with capture chance p and k messengers
 *   per message, a two-round chain leaves B attacking alone exactly when the plan got through
 *   (1 − p^k) and every acknowledgement was captured (p^k) — within a binomial tolerance;
 * - crashes, pauses and cuts on top: no general ever attacks on a plan it never heard.
 * "Both generals do the same at dawn" is tolerated: no protocol keeps it over a lossy link.
 */
import type { SimulationSuite } from '../../package';
import type { Simulation } from '../../sim/simulation';
import { crashesAndCuts } from '../../testing/nemesis';
import type { GeneralView } from './general';
import { twoGeneralsEntry } from './scenarios';

const decisions = (sim: Simulation): string[] =>
  sim.frame(0).nodes.map((n) => (n.view as GeneralView | undefined)?.decision ?? 'down');

/** Counts how this seed ended: both attacked, both held, or one alone (or a general was down). */
function outcome(sim: Simulation): Record<string, number> {
  const d = decisions(sim);
  const alone = d.includes('attack') && !d.every((x) => x === 'attack');
  return {
    seeds: 1,
    attacked: d.every((x) => x === 'attack') ? 1 : 0,
    held: d.every((x) => x === 'hold') ? 1 : 0,
    alone: alone ? 1 : 0,
  };
}

/** A lossy valley with no other fault: the outcome's frequencies follow from p and k alone. */
function lossySuite(p: number, k: number, seeds: number): SimulationSuite {
  const settings = { rounds: '2', messengers: String(k), loss: String(p * 100) };
  const expected = (1 - p ** k) * p ** k;
  return {
    name: `two generals, 2 rounds, ${k} messenger(s), ${p * 100} % captured`,
    scenarioId: 'two-generals',
    nodes: 2,
    settings,
    scenario: () => twoGeneralsEntry.build({ nodes: 2, settings }),
    durationMs: 6_500,
    faultEveryMs: 10_000,
    seeds,
    nemesis: () => null,
    tolerates: ['generals-agree'],
    tally: outcome,
    judge(t, n) {
      const alone = (t.alone ?? 0) / n;
      // Four standard deviations of a binomial share, plus one seed's worth.
      const tolerance = 4 * Math.sqrt((expected * (1 - expected)) / n) + 1 / n;
      if (Math.abs(alone - expected) > tolerance)
        return `one general attacked alone in ${(alone * 100).toFixed(1)} % of runs; the chain gives ${(expected * 100).toFixed(1)} % ± ${(tolerance * 100).toFixed(1)}`;
      if ((t.attacked ?? 0) + (t.held ?? 0) + (t.alone ?? 0) !== n)
        return 'a general was undecided after dawn';
      return null;
    },
  };
}

export const suites: readonly SimulationSuite[] = [
  lossySuite(0.3, 1, 200),
  lossySuite(0.3, 3, 200),
  {
    name: 'two generals, 3 rounds, crashes, pauses and cuts',
    scenarioId: 'two-generals',
    nodes: 2,
    settings: { rounds: '3', messengers: '2', loss: '20' },
    scenario: () =>
      twoGeneralsEntry.build({ nodes: 2, settings: { rounds: '3', messengers: '2', loss: '20' } }),
    durationMs: 6_500,
    faultEveryMs: 400,
    seeds: 100,
    nemesis: (sim, rng) => crashesAndCuts(sim, rng),
    tolerates: ['generals-agree'],
  },
];
