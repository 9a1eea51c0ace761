/**
 * The scenario catalogue: each lab route `#/lab/<id>` opens one of these. Derived from the
 * protocol packages (each lists its own scenarios), in catalogue order.
 */
import { packages } from '../packages';
import type { ScenarioEntry } from './entry';

export type { ScenarioEntry, ScenarioParams } from './entry';

export const scenarios: Readonly<Record<string, ScenarioEntry>> = Object.fromEntries(
  packages.flatMap((p) => p.scenarios.map((s) => [s.id, s] as const)),
);

export function scenarioEntry(id: string): ScenarioEntry | undefined {
  return Object.hasOwn(scenarios, id) ? scenarios[id] : undefined;
}
