/** Runs the duel sweep in a worker of its own (terminated afterwards), off the page's thread. */
import * as Comlink from 'comlink';
import type {
  DuelSweepParams,
  DuelSweepResult,
} from '../../../engine/protocols/paxos/duel/duel-summary';
import type { DuelSweepApi } from '../../../engine/protocols/paxos/duel/sweep.worker';

export async function runDuelSweep(params: DuelSweepParams): Promise<DuelSweepResult> {
  const worker = new Worker(
    new URL('../../../engine/protocols/paxos/duel/sweep.worker.ts', import.meta.url),
    { type: 'module' },
  );
  try {
    return await Comlink.wrap<DuelSweepApi>(worker).duelSweep(params);
  } finally {
    worker.terminate();
  }
}
