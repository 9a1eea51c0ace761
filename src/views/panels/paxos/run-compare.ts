/** Runs the Paxos-beside-Raft measurement in a worker of its own (terminated afterwards). */
import * as Comlink from 'comlink';
import type { DecisionCost } from '../../../engine/measure/decision-cost';
import type { CompareParams } from '../../../engine/measure/compare';
import type { CompareApi } from '../../../engine/measure/compare.worker';

export async function runCompare(params: CompareParams): Promise<DecisionCost[]> {
  const worker = new Worker(new URL('../../../engine/measure/compare.worker.ts', import.meta.url), {
    type: 'module',
  });
  try {
    return await Comlink.wrap<CompareApi>(worker).compareDecisionCosts(params);
  } finally {
    worker.terminate();
  }
}
