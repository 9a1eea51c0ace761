/** Runs the attack sweep in a worker of its own (terminated afterwards), off the page's thread. */
import * as Comlink from 'comlink';
import type {
  AttackSweepParams,
  CaptureOutcome,
} from '../../../engine/protocols/two-generals/sweep';
import type { AttackSweepApi } from '../../../engine/protocols/two-generals/sweep.worker';
import type { AttackSweepPoint } from '../../../engine/protocols/two-generals/summary';

export async function runAttackSweep(params: AttackSweepParams): Promise<AttackSweepPoint[]> {
  const worker = new Worker(
    new URL('../../../engine/protocols/two-generals/sweep.worker.ts', import.meta.url),
    { type: 'module' },
  );
  try {
    return await Comlink.wrap<AttackSweepApi>(worker).attackSweep(params);
  } finally {
    worker.terminate();
  }
}

/** Runs the search over every single capture in a worker of its own. */
export async function runEveryCapture(params: {
  rounds: number;
  rule: 'all' | 'first';
}): Promise<CaptureOutcome[]> {
  const worker = new Worker(
    new URL('../../../engine/protocols/two-generals/sweep.worker.ts', import.meta.url),
    { type: 'module' },
  );
  try {
    return await Comlink.wrap<AttackSweepApi>(worker).everyCapture(params);
  } finally {
    worker.terminate();
  }
}
