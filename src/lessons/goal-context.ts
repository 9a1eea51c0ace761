/**
 * What a lesson step's goals are judged against, gathered from the run since the step began.
 * The one place a goal context is built: the lesson player (in the browser) and the headless
 * rehearsal (in tests) both use it, so a goal sees the same thing in both.
 */
import type { Json, NodeId } from '../engine/protocol';
import type { RecordedAction } from '../engine/sim/actions';
import type { Frame } from '../engine/sim/frame';
import type { Recorder, TraceCursor } from '../engine/sim/recorder';
import type { TraceEntry } from '../engine/sim/trace';
import type { GoalContext } from './types';

/** The parts of a run a step watch reads (a Simulation has them). */
export interface GoalSource {
  readonly recorder: Pick<Recorder, 'tail' | 'cursor'>;
  recordedActions(): readonly RecordedAction[];
}

/** Where a step began in its run: how many recorded actions and trace entries came before. */
export interface StepOrigin {
  readonly actionsBefore: number;
  readonly firstEntry: number;
}

/**
 * Follows one step (or the sandbox) from its start: the trace since then through the trace
 * cursor (forgetting what a seek back replaced), and the learner's actions since then.
 */
export class StepWatch {
  readonly start: { readonly time: number; readonly frame: Frame };
  /** Recorded actions before the step began: the step's own come after. */
  readonly actionsBefore: number;
  /** Index of the step's first trace entry. */
  readonly firstEntry: number;
  private cursor: TraceCursor;
  private trace: TraceEntry[] = [];

  /**
   * Begin watching; `frame` is the run's frame at the step's start. Without `origin` the
   * step begins now. With it (a run rebuilt from saved progress, standing at the step's start
   * time with the step's own actions recorded as its future), the step's actions and entries
   * are those from the origin on, so what the learner did in the step counts again.
   */
  constructor(
    private readonly source: GoalSource,
    frame: Frame,
    origin?: StepOrigin,
  ) {
    this.start = { time: frame.time, frame };
    const now = source.recorder.cursor();
    this.actionsBefore = origin?.actionsBefore ?? source.recordedActions().length;
    this.firstEntry = Math.min(origin?.firstEntry ?? now.next, now.next);
    this.cursor = { next: this.firstEntry, generation: now.generation };
  }

  /**
   * The goal context at `frame` (the run's frame now), with the lesson's captured `vars` and
   * the node the learner has selected (when there is a lab to select in).
   */
  context(
    frame: Frame,
    vars: Readonly<Record<string, Json>>,
    selected?: NodeId | null,
  ): GoalContext {
    const tail = this.source.recorder.tail(this.cursor);
    this.cursor = tail.cursor;
    if (tail.wentBack) this.trace = this.trace.filter((e) => e.i < tail.validBelow);
    for (const e of tail.entries) if (e.i >= this.firstEntry) this.trace.push(e);
    return {
      frame,
      start: this.start,
      trace: this.trace,
      actions: this.source
        .recordedActions()
        .slice(this.actionsBefore)
        .map((a) => a.action),
      vars,
      ...(selected === undefined ? {} : { selected }),
    };
  }
}
