/**
 * The clients' recorded operations (Jepsen-style invoke/ok/fail/info), gathered from the
 * trace as it grows, for the history diagram and its checker. Incremental: each update reads
 * only the entries written since the last; after a seek back it forgets the abandoned future.
 */
import { recordedOpsOf, type RecordedOp } from '../engine/check/history';
import type { Recorder } from '../engine/sim/recorder';

/** Operations kept for the diagram (the oldest are let go beyond this). */
const KEPT = 4_000;
/** Entries one update reads at most (a long fast-forward is summarised by its latest part). */
const SCAN = 50_000;

export class HistoryTracker {
  private scanned = 0;
  private ops: RecordedOp[] = [];

  constructor(private readonly recorder: Recorder) {}

  /** The operations so far; a new array only when something changed (null otherwise). */
  update(): readonly RecordedOp[] | null {
    const length = this.recorder.length;
    let changed = false;
    if (this.scanned > length) {
      this.ops = this.ops.filter((o) => (o.entry ?? 0) < length);
      this.scanned = length;
      changed = true;
    }
    const from = Math.max(this.scanned, length - SCAN, this.recorder.firstKept);
    const fresh = [];
    for (let i = from; i < length; i++) {
      const e = this.recorder.at(i);
      if (e?.k === 'op') fresh.push(e);
    }
    this.scanned = length;
    if (fresh.length) {
      this.ops = [...this.ops, ...recordedOpsOf(fresh)].slice(-KEPT);
      changed = true;
    }
    return changed ? this.ops : null;
  }
}
