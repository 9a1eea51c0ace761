/**
 * Keeps the linearizability verdict of the lab's history up to date, off the render path:
 * a check runs only when the history changed, in its own worker, one at a time; a history
 * that changes while one runs is checked next (only the latest). The page sends the worker
 * only what changed (operations dropped at the front, cut at the end after a seek back,
 * appended), at most CHUNK operations per message, because copying a whole history of
 * thousands of operations costs the page more than a frame. Where there is no Worker (Node
 * tests) it judges in place.
 */
import type { RecordedOp } from '../engine/check/history';
import { IN_PAGE_BUDGET_MS, judgeHistory, type Judgement } from './history-judge';

/** The verdict on one history: the store carries it beside the history it judged. */
export interface HistoryVerdict extends Judgement {
  /** The history judged (the store's `history` array it was computed for). */
  readonly history: readonly RecordedOp[];
}

/**
 * How the worker's copy of the history changes: keep `keep` operations from index `drop`,
 * then append `append`; judge the result when `judge` is true.
 */
export interface HistoryDelta {
  readonly id: number;
  readonly drop: number;
  readonly keep: number;
  readonly append: readonly RecordedOp[];
  readonly judge: boolean;
}

/** The page's main-thread time spent on the verdict is measured under this name (User Timing). */
export const VERDICT_MEASURE = 'history-verdict';
/** Operations copied to the worker per message (a few hundred copy in well under a ms). */
const CHUNK = 200;

/** How `next` differs from `held` (operations are compared by identity). */
export function deltaOf(
  held: readonly RecordedOp[],
  next: readonly RecordedOp[],
): { drop: number; keep: number; append: readonly RecordedOp[] } {
  const first = next[0];
  const drop = first === undefined ? -1 : held.indexOf(first);
  if (drop < 0) return { drop: 0, keep: 0, append: next };
  let keep = 0;
  while (keep < next.length && drop + keep < held.length && next[keep] === held[drop + keep])
    keep++;
  return { drop, keep, append: next.slice(keep) };
}

export class VerdictKeeper {
  private worker: Worker | null = null;
  /** The message in flight, and the history it works toward. */
  private inFlight: { id: number; history: readonly RecordedOp[]; judge: boolean } | null = null;
  /** The newest history not yet judged (or being copied over). */
  private next: readonly RecordedOp[] | null = null;
  private last: readonly RecordedOp[] | null = null;
  /** What the worker holds, mirrored. */
  private held: readonly RecordedOp[] = [];
  private ids = 0;

  /**
   * `onVerdict` receives each verdict as it lands (never during `update` in a browser).
   * `inPageBudgetMs`: the wall-clock budget where there is no worker (a frame's worth in a
   * page; a test on a busy machine gives more, so its verdict does not depend on the load).
   */
  constructor(
    private readonly onVerdict: (verdict: HistoryVerdict) => void,
    private readonly inPageBudgetMs = IN_PAGE_BUDGET_MS,
  ) {}

  /** The history now; checked unless it is the one last judged or being judged. */
  update(history: readonly RecordedOp[]): void {
    if (history === this.last || history.length === 0) return;
    if (this.inFlight?.judge && history === this.inFlight.history) return;
    this.next = history;
    if (!this.inFlight) this.sendNext();
  }

  dispose(): void {
    this.worker?.terminate();
    this.worker = null;
    this.inFlight = null;
    this.next = null;
  }

  private sendNext(): void {
    const history = this.next;
    if (!history) return;
    if (typeof Worker === 'undefined') {
      this.next = null;
      this.land(
        history,
        judgeHistory(history, () => performance.now(), this.inPageBudgetMs),
      );
      return;
    }
    const started = performance.now();
    const { drop, keep, append } = deltaOf(this.held, history);
    const part = append.length > CHUNK ? append.slice(0, CHUNK) : append;
    const judge = part === append;
    if (judge) this.next = null;
    const delta: HistoryDelta = { id: ++this.ids, drop, keep, append: part, judge };
    this.held = [...this.held.slice(drop, drop + keep), ...part];
    this.inFlight = { id: delta.id, history, judge };
    this.ensureWorker().postMessage(delta);
    performance.measure(VERDICT_MEASURE, { start: started, end: performance.now() });
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(new URL('./history-verdict.worker.ts', import.meta.url), {
      type: 'module',
      name: 'history verdict',
    });
    worker.onmessage = (e: MessageEvent<(Judgement & { id: number }) | { id: number }>) => {
      const sent = this.inFlight;
      if (!sent || e.data.id !== sent.id) return;
      this.inFlight = null;
      if ('verdict' in e.data) {
        const started = performance.now();
        this.land(sent.history, e.data);
        performance.measure(VERDICT_MEASURE, { start: started, end: performance.now() });
      }
      this.sendNext();
    };
    // A worker that failed: start afresh (a new worker, the whole history) with the next one.
    worker.onerror = () => {
      worker.terminate();
      if (this.worker === worker) this.worker = null;
      this.inFlight = null;
      this.held = [];
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
