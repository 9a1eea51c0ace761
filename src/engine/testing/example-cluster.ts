/**
 * A small cluster for engine tests that need any nodes that talk (the run loop, the recorder,
 * hosts, share links): the lab scenario of the smallest complete package, the one
 * protocols/README.md walks through, reached through what that package publishes. Tests of a
 * particular family's behaviour live beside that family instead.
 */
import type { Scenario } from '../scenario';
import type { ScenarioEntry, ScenarioParams } from '../scenarios';
import { pingEntry } from '../protocols/ping/scenarios';

/** The example package's lab scenario entry (every node pings every other on a timer). */
export const exampleEntry: ScenarioEntry = pingEntry;

/** The example scenario, built as the lab builds it (e.g. `exampleCluster({ nodes: 3 })`). */
export function exampleCluster(params: ScenarioParams = {}): Scenario {
  return exampleEntry.build(params);
}
