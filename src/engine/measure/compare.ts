/**
 * Decision costs of several labs under one workload and fault script (Paxos beside Raft).
 * The scenario ids come from the caller, so the engine names no protocol.
 */
import { decisionCost, type DecisionCost, type DecisionCostParams } from './decision-cost';

/** One set of parameters for every scenario in `scenarioIds`, measured in that order. */
export interface CompareParams extends Omit<DecisionCostParams, 'scenarioId'> {
  readonly scenarioIds: readonly string[];
}

/**
 * The cost per scenario, in the order of `scenarioIds`, each run deterministic (equal to
 * `decisionCost` with that id). Throws for an unknown scenario id.
 */
export function compareDecisionCosts(p: CompareParams): DecisionCost[] {
  const { scenarioIds, ...common } = p;
  return scenarioIds.map((scenarioId) => decisionCost({ ...common, scenarioId }));
}
