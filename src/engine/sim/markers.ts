/**
 * Timeline markers: the moments a learner looks for when scrubbing — faults the learner
 * (or a lesson) injected, nodes that faulted, and protocol milestones such as a new leader.
 * Built incrementally from the trace; kept even after old trace entries are let go.
 */
import type { Recorder } from './recorder';
import type { TraceEntry } from './trace';

export interface Marker {
  /** Trace index of the entry it marks. */
  readonly i: number;
  readonly t: number;
  readonly kind: 'fault' | 'network' | 'leader' | 'commit' | 'violation' | 'milestone';
  readonly text: string;
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
  private indexed = 0;
  private generation = -1;

  constructor(
    private readonly recorder: Pick<Recorder, 'at' | 'length' | 'firstKept' | 'generation'>,
  ) {}

  /** Every marker so far, oldest first. */
  markers(): readonly Marker[] {
    const r = this.recorder;
    if (r.generation !== this.generation) {
      // Seeking back truncated the trace: keep the markers before the cut, rescan after it.
      this.generation = r.generation;
      this.list = this.list.filter((m) => m.i < r.length);
      this.indexed = Math.min(this.indexed, r.length);
    }
    for (let i = Math.max(this.indexed, r.firstKept); i < r.length; i++) {
      const e = r.at(i);
      const m = e && markerFor(e);
      if (m) this.list.push(m);
    }
    this.indexed = r.length;
    if (this.list.length > MAX_MARKERS) this.list.splice(0, this.list.length - MAX_MARKERS);
    return this.list;
  }
}
