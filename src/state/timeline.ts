/**
 * What the Timeline shows: how far this branch of history reaches (the horizon), and its
 * markers (faults, network changes, new leaders). Seeking back keeps both; acting in the
 * past starts a new branch and forgets the old future.
 */
import { MarkerIndex, type Marker } from '../engine/sim/markers';
import type { Simulation } from '../engine/sim/simulation';

export interface TimelineView {
  readonly horizon: number;
  readonly markers: readonly Marker[];
  readonly branch: number;
  /** True when the run is behind its recorded future after seeking back (time < horizon). */
  readonly inPast: boolean;
  /**
   * A shared run (or a lesson's saved one) replaying from its link, not yet at its end and
   * not sought back: how many recorded actions are still ahead and when the last one comes.
   * Null otherwise.
   */
  readonly replaying: { readonly ahead: number; readonly lastAt: number } | null;
}

/** The recorded actions still ahead of `time`, and the time of the last (null: none). */
function replayAhead(
  actions: readonly { readonly time: number }[],
  time: number,
): TimelineView['replaying'] {
  let ahead = 0;
  let lastAt = 0;
  for (const a of actions) {
    if (a.time < time) continue;
    ahead++;
    lastAt = Math.max(lastAt, a.time);
  }
  return ahead ? { ahead, lastAt } : null;
}

export class TimelineTracker {
  private readonly index: MarkerIndex;
  private markers: Marker[] = [];
  private seen = new Set<number>();
  private horizon = 0;
  /** Checkers' moments already marked, by kind and trace index (they share no entry with the rest). */
  private momentsSeen = new Set<string>();
  private branch = 0;

  constructor(private readonly sim: Simulation) {
    this.index = new MarkerIndex(sim.recorder);
  }

  /** Fold in what happened since the last call; `branched` is true once per new branch. */
  update(): { view: TimelineView; branched: boolean } {
    const s = this.sim;
    let branched = false;
    if (s.branches !== this.branch) {
      this.branch = s.branches;
      this.markers = this.markers.filter((m) => m.t <= s.time);
      this.seen = new Set(this.markers.map((m) => m.i));
      this.momentsSeen = new Set(
        this.markers.filter((m) => m.kind === 'chosen').map((m) => `${m.kind}@${m.i}`),
      );
      this.horizon = s.time;
      branched = true;
    }
    this.horizon = Math.max(this.horizon, s.time);
    for (const m of this.index.markers()) {
      if (this.seen.has(m.i)) continue;
      this.seen.add(m.i);
      this.markers.push(m);
    }
    this.addMoments();
    if (this.markers.length > 2000) {
      const gone = this.markers.splice(0, this.markers.length - 2000);
      for (const m of gone) this.seen.delete(m.i);
    }
    return {
      view: {
        horizon: this.horizon,
        markers: this.markers,
        branch: this.branch,
        // Behind the recorded future: sought back (before the horizon) is the past; at the
        // horizon, it is a link's run still replaying — the cursor is at the end of what has
        // been seen, so that is the present, not the past.
        inPast: s.isInPast && s.time < this.horizon,
        replaying:
          s.isInPast && s.time >= this.horizon ? replayAhead(s.recordedActions(), s.time) : null,
      },
      branched,
    };
  }

  /**
   * Moments only a checker sees (a Paxos value chosen: no node knows it when it happens),
   * from the checkers' summaries, which seeking restores with their memories.
   */
  private addMoments(): void {
    for (const check of this.sim.invariantStatus()) {
      const summary = check.summary;
      for (const m of summary?.moments ?? []) {
        const key = `${m.kind}@${m.i}`;
        if (this.momentsSeen.has(key)) continue;
        this.momentsSeen.add(key);
        this.markers.push({
          ...m,
          ...(summary?.revealedBy ? { revealedBy: summary.revealedBy } : {}),
        });
      }
    }
  }
}
