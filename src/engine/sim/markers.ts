/**
 * Timeline markers: the moments a learner looks for when scrubbing — faults the learner
 * (or a lesson) injected, nodes that faulted, and protocol milestones such as a new leader.
 * Built incrementally from the trace; kept even after old trace entries are let go.
 */
import { TRACE_START, type Recorder, type TraceCursor } from './recorder';
import type { TraceEntry } from './trace';

export interface Marker {
  /** Trace index of the entry it marks. */
  readonly i: number;
  readonly t: number;
  readonly kind:
    | 'fault'
    | 'network'
    | 'leader'
    | 'commit'
    | 'learned'
    | 'violation'
    | 'milestone'
    /** A checker's moment (check/invariant.ts `CheckerMoment`), e.g. a Paxos value chosen. */
    | 'chosen';
  readonly text: string;
  /**
   * A lesson panel id that must be shown for the marker to be (a checker's moment a lesson
   * reveals after a prediction, e.g. 'chosen'); absent: always shown.
   */
  readonly revealedBy?: string;
}

const MAX_MARKERS = 5_000;

const PAST_TENSE = {
  crash: 'crashed',
  restart: 'restarted',
  pause: 'paused',
  resume: 'resumed',
} as const;

function markerFor(e: TraceEntry): Marker | null {
  switch (e.k) {
    case 'crash':
    case 'restart':
    case 'pause':
    case 'resume':
      return { i: e.i, t: e.t, kind: 'fault', text: `${e.node} ${PAST_TENSE[e.k]}` };
    case 'fault':
      return { i: e.i, t: e.t, kind: 'fault', text: `${e.node} faulted: ${e.error}` };
    case 'clock':
      return {
        i: e.i,
        t: e.t,
        kind: 'fault',
        text: `${e.node}'s clock set to skew ${e.skewMs} ms, drift ${e.drift}`,
      };
    case 'net':
      return { i: e.i, t: e.t, kind: 'network', text: e.text };
    case 'disk':
      return { i: e.i, t: e.t, kind: 'fault', text: e.text };
    case 'intervene':
      return { i: e.i, t: e.t, kind: 'network', text: `message ${e.msg} to ${e.node}: ${e.what}` };
    case 'log':
      return e.marker ? { i: e.i, t: e.t, kind: e.marker, text: `${e.node} ${e.text}` } : null;
    default:
      return null;
  }
}

export class MarkerIndex {
  private list: Marker[] = [];
  private cursor: TraceCursor = TRACE_START;

  constructor(private readonly recorder: Pick<Recorder, 'tail'>) {}

  /** Every marker so far, oldest first. */
  markers(): readonly Marker[] {
    const tail = this.recorder.tail(this.cursor);
    // The run went back: keep the markers before the cut; the replay marks the rest again.
    if (tail.wentBack) this.list = this.list.filter((m) => m.i < tail.validBelow);
    this.cursor = tail.cursor;
    for (const e of tail.entries) {
      const m = markerFor(e);
      if (m) this.list.push(m);
    }
    if (this.list.length > MAX_MARKERS) this.list.splice(0, this.list.length - MAX_MARKERS);
    return this.list;
  }
}
