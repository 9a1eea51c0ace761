/**
 * The clients' recorded operations (Jepsen-style invoke/ok/fail/info), gathered from the
 * trace as it grows, for the history diagram and its checker. Incremental: each update reads
 * only the entries written since the last; after a seek back it forgets the abandoned future.
 */
import { recordedOpsOf, type RecordedOp } from '../engine/check/history';
import { TRACE_START, type Recorder, type TraceCursor } from '../engine/sim/recorder';

/** Operations kept for the diagram (the oldest are let go beyond this). */
const KEPT = 4_000;
/** Entries one update reads at most (a long fast-forward is summarised by its latest part). */
const SCAN = 50_000;

export class HistoryTracker {
  private cursor: TraceCursor = TRACE_START;
  private ops: RecordedOp[] = [];

  constructor(private readonly recorder: Pick<Recorder, 'tail'>) {}

  /** The operations so far; a new array only when something changed (null otherwise). */
  update(): readonly RecordedOp[] | null {
    const tail = this.recorder.tail(this.cursor, SCAN);
    this.cursor = tail.cursor;
    let changed = false;
    if (tail.wentBack) {
      this.ops = this.ops.filter((o) => (o.entry ?? 0) < tail.validBelow);
      changed = true;
    }
    const fresh = tail.entries.filter((e) => e.k === 'op');
    if (fresh.length) {
      this.ops = [...this.ops, ...recordedOpsOf(fresh)].slice(-KEPT);
      changed = true;
    }
    return changed ? this.ops : null;
  }
}
