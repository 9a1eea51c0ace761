/**
 * The ping family's randomized simulation suite, run by the one seed runner
 * (`src/engine/testing/seed-runner.ts`): heartbeats under crashes, pauses and cuts.
 */
import type { SimulationSuite } from '../../package';
import { crashesAndCuts } from '../../testing/nemesis';
import { pingEntry } from './scenarios';

export const suites: readonly SimulationSuite[] = [
  {
    name: 'ping, 5 nodes, crashes and cuts',
    scenarioId: 'ping',
    nodes: 5,
    scenario: () => pingEntry.build({ nodes: 5 }),
    durationMs: 5_000,
    faultEveryMs: 250,
    seeds: 20,
    nemesis: (sim, rng) => crashesAndCuts(sim, rng),
  },
];
