/** Runs an election sweep in a worker of its own (terminated afterwards), off the page's thread. */
import * as Comlink from 'comlink';
import type {
  ElectionSweepParams,
  ElectionSweepRun,
} from '../../../engine/protocols/raft/sweep/election-sweep';
import type { SweepApi } from '../../../engine/protocols/raft/sweep/sweep.worker';

export async function runElectionSweep(params: ElectionSweepParams): Promise<ElectionSweepRun[]> {
  const worker = new Worker(
    new URL('../../../engine/protocols/raft/sweep/sweep.worker.ts', import.meta.url),
    {
      type: 'module',
    },
  );
  try {
    return await Comlink.wrap<SweepApi>(worker).electionSweep(params);
  } finally {
    worker.terminate();
  }
}
