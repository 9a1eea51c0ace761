/**
 * The history verdict's own worker: the checker may search for its whole budget here
 * without taking a millisecond of the page's frames.
 */
import type { RecordedOp } from '../engine/check/history';
import { judgeHistory } from './history-judge';

self.onmessage = (e: MessageEvent<{ id: number; history: readonly RecordedOp[] }>) => {
  const { id, history } = e.data;
  self.postMessage({ id, ...judgeHistory(history, () => performance.now()) });
};
