/** Runs the search for a breaking run in a worker of its own, off the page's thread. */
import * as Comlink from 'comlink';
import type {
  FindBreakParams,
  FindBreakResult,
} from '../../../engine/protocols/paxos/find-break/find-break';
import type { FindBreakApi } from '../../../engine/protocols/paxos/find-break/find-break.worker';

/** A search under way: its outcome, and a way to stop it (the outcome then never arrives). */
export interface FindBreakJob {
  readonly done: Promise<FindBreakResult>;
  readonly cancel: () => void;
}

/**
 * Start the search; `onProgress(tried)` hears how many seeds have run, every ten. The worker
 * is terminated when the search ends or is cancelled; `done` rejects with the worker's error
 * (a setting the link could not replay, a worker that failed to load).
 */
export function startFindBreak(
  params: FindBreakParams,
  onProgress: (tried: number) => void,
): FindBreakJob {
  const worker = new Worker(
    new URL('../../../engine/protocols/paxos/find-break/find-break.worker.ts', import.meta.url),
    { type: 'module' },
  );
  // A worker that fails to load or throws outside the call would leave the call unanswered.
  const failed = new Promise<never>((_, reject) =>
    worker.addEventListener(
      'error',
      (e) => reject(new Error(e.message || 'the search’s worker stopped')),
      { once: true },
    ),
  );
  const done = Promise.race([
    Comlink.wrap<FindBreakApi>(worker).findBreak(params, Comlink.proxy(onProgress)),
    failed,
  ]).finally(() => worker.terminate());
  return { done, cancel: () => worker.terminate() };
}
