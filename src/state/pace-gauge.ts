/**
 * The speed a run achieves, measured while it plays: over windows of PACE_WINDOW_MS of wall
 * time, the virtual ms the run advanced divided by the wall ms that passed. A run that
 * managed less than SHORT_OF_SPEED of the chosen speed reports what it achieved (issue 12,
 * item 9: "the Speed label reads 20× while the run manages about 7×"); one that keeps up
 * reports null. DOM-free: the wall clock comes in as numbers.
 */

/** The speed achieved is measured over windows of this many wall ms of playing. */
export const PACE_WINDOW_MS = 1000;
/** Below this fraction of the chosen speed, the run is said to fall short. */
const SHORT_OF_SPEED = 0.9;

export class PaceGauge {
  private window: { startWall: number; advancedMs: number } | null = null;
  private achievedNow: number | null = null;

  /** `onChange` hears the achieved speed (or null) when it changes enough to show. */
  constructor(private readonly onChange: (achieved: number | null) => void) {}

  /** The speed achieved when the run falls short of the chosen one; null when it keeps up. */
  get achieved(): number | null {
    return this.achievedNow;
  }

  /** Start a window at wall time `wall` (ms), or none (null: paused, or no frame yet). */
  restart(wall: number | null): void {
    this.window = wall === null ? null : { startWall: wall, advancedMs: 0 };
  }

  /** Credit `virtualMs` the run advanced to the current window (a slow step spans windows). */
  credit(virtualMs: number): void {
    if (this.window) this.window.advancedMs += Math.max(0, virtualMs);
  }

  /**
   * At wall time `wall` (ms), playing at `speed`: once a window has passed, judge it and start
   * the next. Time the run waited for a step under way counts (that is the shortfall).
   */
  measure(wall: number, speed: number): void {
    const window = this.window;
    if (!window) return this.restart(wall);
    const elapsed = wall - window.startWall;
    if (elapsed < PACE_WINDOW_MS) return;
    const achieved = window.advancedMs / elapsed;
    this.set(achieved < speed * SHORT_OF_SPEED ? achieved : null);
    this.restart(wall);
  }

  /** Forget the judgement (paused, or a new speed to judge afresh). */
  reset(): void {
    this.set(null);
  }

  private set(achieved: number | null): void {
    const before = this.achievedNow;
    // Told only when it changes enough to show (by 5% or more, or to/from keeping up).
    const changed =
      before === null || achieved === null
        ? before !== achieved
        : Math.abs(achieved - before) > 0.05 * before;
    if (!changed) return;
    this.achievedNow = achieved;
    this.onChange(achieved);
  }
}

/** The events-per-second figure is folded in over windows of this many wall ms. */
const RATE_WINDOW_MS = 1000;

/**
 * Events per second of wall time, as `window.netsplit.stats()` reports it: from the last
 * whole window of animation, or from the last fast-forward (`record`), whichever came last.
 * A window that ran over twice its length (a stalled tab) is not counted.
 */
export class RateGauge {
  private last = { events: 0, seconds: 0 };
  private window: { startWall: number; startEvents: number };

  constructor(wall: number, events: number) {
    this.window = { startWall: wall, startEvents: events };
  }

  /** Events per second in the last measurement; 0 before any. */
  get perSecond(): number {
    return this.last.seconds > 0 ? this.last.events / this.last.seconds : 0;
  }

  /** At wall time `wall` (ms) with `events` recorded so far: fold in a finished window. */
  measure(wall: number, events: number): void {
    const elapsed = wall - this.window.startWall;
    if (elapsed < RATE_WINDOW_MS) return;
    if (elapsed < 2 * RATE_WINDOW_MS)
      this.last = { events: events - this.window.startEvents, seconds: elapsed / 1000 };
    this.window = { startWall: wall, startEvents: events };
  }

  /** A measured burst (a fast-forward): `events` in `wallMs`. */
  record(events: number, wallMs: number): void {
    this.last = { events, seconds: wallMs / 1000 };
  }
}
