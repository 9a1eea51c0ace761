/**
 * A simulation suite's scenario, taken from a lab scenario entry so that a failing seed's
 * link replays it: the suite runs exactly what `#/lab/<id>?nodes=…&<settings>` builds.
 */
import type { SimulationSuite } from '../package';
import type { ScenarioEntry } from '../scenarios/entry';
import { readSettings } from '../scenarios/settings';

/** The part of a suite that says which lab run it is. */
export type LabPart = Pick<SimulationSuite, 'scenarioId' | 'nodes' | 'settings' | 'scenario'>;

/**
 * The lab scenario `entry` with `nodes` and `settings` spelled as the URL spells them. The
 * settings are read as the lab reads a link (readSettings), so a suite cannot run a scenario
 * its link would not rebuild.
 * @throws Error when a setting is unknown or out of range: the link would not replay it.
 */
export function fromLab(
  entry: ScenarioEntry,
  nodes: number,
  settings: Readonly<Record<string, string>> = {},
): LabPart {
  const unknown = Object.keys(settings).filter((k) => !entry.settings.some((s) => s.key === k));
  const read = readSettings(entry.settings, settings);
  const problems = [...unknown.map((k) => `${entry.id} has no setting ${k}`), ...read.problems];
  if (problems.length) throw new Error(`${entry.id}: ${problems.join('; ')}`);
  return {
    scenarioId: entry.id,
    nodes,
    settings,
    scenario: () => entry.build({ nodes, settings: read.values }),
  };
}
