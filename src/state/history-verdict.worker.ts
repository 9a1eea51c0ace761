/**
 * The history verdict's own worker: the checker may search for its whole budget here
 * without taking a millisecond of the page's frames. It holds its copy of the history and
 * applies what the page says changed (history-verdict.ts).
 */
import type { RecordedOp } from '../engine/check/history';
import { judgeHistory } from './history-judge';
import type { HistoryDelta } from './history-verdict';

let history: RecordedOp[] = [];

self.onmessage = (e: MessageEvent<HistoryDelta>) => {
  const { id, drop, keep, append, judge } = e.data;
  history = [...history.slice(drop, drop + keep), ...append];
  self.postMessage(judge ? { id, ...judgeHistory(history, () => performance.now()) } : { id });
};
