/** Helpers for the store's tests: a cluster run in-process, actions, facts and views. */
import type { Fact, Json, NodeId } from '../../../protocol';
import type { Scenario } from '../../../scenario';
import type { Simulation } from '../../../sim/simulation';
import { startInProcess } from '../../../testing/run';
import type { KvClientView, KvReplicaView } from '../types';

export function startKv(scenario: Scenario, seed = 1): Simulation {
  return startInProcess(scenario, seed);
}

export function act(sim: Simulation, node: NodeId, id: string, args?: Json): void {
  sim.actSync({ type: 'protocol', node, action: args === undefined ? { id } : { id, args } });
}

/** The facts logged so far, of one kind, with the node that logged each. */
export function factsOf(sim: Simulation, kind: string): Array<Fact & { readonly node: NodeId }> {
  return sim.trace.flatMap((e) =>
    e.k === 'log' && e.fact?.kind === kind ? [{ ...e.fact, node: e.node }] : [],
  );
}

export function replicaView(sim: Simulation, node: NodeId): KvReplicaView {
  const v = sim.frame(0).nodes.find((n) => n.id === node)?.view;
  if (!v) throw new Error(`${node} shows nothing`);
  return v as KvReplicaView;
}

export function clientView(sim: Simulation, node: NodeId): KvClientView {
  const v = sim.frame(0).nodes.find((n) => n.id === node)?.view;
  if (!v) throw new Error(`${node} shows nothing`);
  return v as KvClientView;
}

/** What clients recorded: "c1 invoke write x=a", "c1 ok write x=a", "c2 ok read x=a"… */
export function historyOf(sim: Simulation): string[] {
  return sim.trace.flatMap((e) =>
    e.k === 'op'
      ? [
          `${e.node} ${e.op.phase} ${e.op.fn} ${e.op.key ?? ''}${e.op.value === undefined ? '' : `=${JSON.stringify(e.op.value)}`}`,
        ]
      : [],
  );
}
