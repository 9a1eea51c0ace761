/** Helpers for tests and headless runs: build an in-process simulation for a scenario. */
import { createInProcessHost, type ProtocolTable } from '../host/in-process-host';
import type { AnyInvariant } from '../check/invariant';
import type { ProtocolTable as PackageTable } from '../package';
import type { Scenario } from '../scenario';
import { scenarioEntry, type ScenarioParams } from '../scenarios';
import type { RecordedAction } from '../sim/actions';
import { Simulation } from '../sim/simulation';

/**
 * Every protocol of every package, loaded eagerly (one glob over the packages' `modules.ts`):
 * tests and Node runs do not care about bundle size, and start synchronously.
 */
export const allProtocols: ProtocolTable = Object.assign(
  {},
  ...Object.values(
    import.meta.glob<PackageTable>('../protocols/*/modules.ts', {
      eager: true,
      import: 'protocols',
    }),
  ),
) as ProtocolTable;

export function scenarioById(id: string, params: ScenarioParams = {}): Scenario {
  const entry = scenarioEntry(id);
  if (!entry) throw new Error(`unknown scenario ${id}`);
  return entry.build(params);
}

export function startInProcess(
  scenario: Scenario,
  seed: number,
  options: {
    actions?: readonly RecordedAction[];
    protocols?: ProtocolTable;
    checkpointEveryMs?: number;
    /** Invariants to check after every event; by default those of the scenario's protocols. */
    invariants?: readonly AnyInvariant[];
  } = {},
): Simulation {
  return Simulation.startSync({
    scenario,
    seed,
    host: createInProcessHost(options.protocols ?? allProtocols),
    invariants:
      options.invariants ??
      [...new Set(scenario.nodes.map((n) => n.protocol))].flatMap((id) => [
        ...((options.protocols ?? allProtocols)[id]?.invariants ?? []),
      ]),
    ...(options.actions ? { actions: options.actions } : {}),
    ...(options.checkpointEveryMs ? { checkpointEveryMs: options.checkpointEveryMs } : {}),
  });
}
