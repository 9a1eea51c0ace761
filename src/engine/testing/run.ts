/** Helpers for tests and headless runs: build an in-process simulation for a scenario. */
import { createInProcessHost, type ProtocolTable } from '../host/in-process-host';
import { kvCausal } from '../protocols/kv/causal/causal';
import { kvClient } from '../protocols/kv/client/client';
import { kvQuorum } from '../protocols/kv/quorum/quorum';
import { kvReplica } from '../protocols/kv/replica/replica';
import { notes } from '../protocols/notes/notes';
import { ping } from '../protocols/ping/ping';
import { pipeReceiver, pipeSender } from '../protocols/pipe/pipe';
import { raftClient } from '../protocols/raft/client';
import { raft } from '../protocols/raft/raft';
import type { AnyInvariant } from '../check/invariant';
import type { Scenario } from '../scenario';
import { scenarioEntry, type ScenarioParams } from '../scenarios';
import type { RecordedAction } from '../sim/actions';
import { Simulation } from '../sim/simulation';

/** Every protocol, loaded eagerly: tests and Node runs do not care about bundle size. */
export const allProtocols: ProtocolTable = {
  ping,
  notes,
  raft,
  'raft-client': raftClient,
  'pipe-sender': pipeSender,
  'pipe-receiver': pipeReceiver,
  'kv-client': kvClient,
  'kv-replica': kvReplica,
  'kv-quorum': kvQuorum,
  'kv-causal': kvCausal,
};

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
