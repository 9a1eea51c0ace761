/**
 * Keeps the linearizability verdict of the lab's history up to date, off the render path:
 * a check runs only when the history changed, in its own worker (the page only copies the
 * operations over), one at a time, and a history that changes while one runs is checked
 * next (only the latest). Where there is no Worker (Node tests) it judges in place.
 */
import type { RecordedOp } from '../engine/check/history';
import { judgeHistory, type Judgement } from './history-judge';

/** The verdict on one history: the store carries it beside the history it judged. */
export interface HistoryVerdict extends Judgement {
  /** The history judged (the store's `history` array it was computed for). */
  readonly history: readonly RecordedOp[];
}

/** The page's main-thread time spent on the verdict is measured under this name (User Timing). */
export const VERDICT_MEASURE = 'history-verdict';

export class VerdictKeeper {
  private worker: Worker | null = null;
  private judging: { id: number; history: readonly RecordedOp[] } | null = null;
  private next: readonly RecordedOp[] | null = null;
  private last: readonly RecordedOp[] | null = null;
  private ids = 0;

  /** `onVerdict` receives each verdict as it lands (never during the `update` call in a browser). */
  constructor(private readonly onVerdict: (verdict: HistoryVerdict) => void) {}

  /** The history now; checked unless it is the one last judged or being judged. */
  update(history: readonly RecordedOp[]): void {
    if (history === this.last || history === this.judging?.history || history.length === 0) return;
    this.next = history;
    if (!this.judging) this.startNext();
  }

  dispose(): void {
    this.worker?.terminate();
    this.worker = null;
    this.judging = null;
    this.next = null;
  }

  private startNext(): void {
    const history = this.next;
    this.next = null;
    if (!history) return;
    if (typeof Worker === 'undefined') {
      this.land(
        history,
        judgeHistory(history, () => performance.now()),
      );
      return;
    }
    const started = performance.now();
    this.judging = { id: ++this.ids, history };
    this.ensureWorker().postMessage(this.judging);
    performance.measure(VERDICT_MEASURE, { start: started, end: performance.now() });
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(new URL('./history-verdict.worker.ts', import.meta.url), {
      type: 'module',
      name: 'history verdict',
    });
    worker.onmessage = (e: MessageEvent<Judgement & { id: number }>) => {
      const judging = this.judging;
      if (!judging || e.data.id !== judging.id) return;
      this.judging = null;
      const started = performance.now();
      this.land(judging.history, e.data);
      performance.measure(VERDICT_MEASURE, { start: started, end: performance.now() });
      this.startNext();
    };
    // A worker that failed to load: try a fresh one with the next history.
    worker.onerror = () => {
      worker.terminate();
      if (this.worker === worker) this.worker = null;
      this.judging = null;
    };
    this.worker = worker;
    return worker;
  }

  private land(history: readonly RecordedOp[], judgement: Judgement): void {
    this.last = history;
    const { verdict, unplaceable, operations } = judgement;
    this.onVerdict({ history, verdict, unplaceable, operations });
  }
}
