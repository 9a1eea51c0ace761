/**
 * One lab run and its loop, without the DOM: given wall-clock times it advances virtual time
 * at the chosen speed, never runs two steps at once, lets an action wait for the step under
 * way, coalesces seeks (only the latest target of a burst is done), replays a moment slowly,
 * and folds the trace into what the views need (narration, timeline, history) through the
 * trace cursor. The browser drives it from requestAnimationFrame (`animate`); tests call
 * `tick` with times of their choosing, over the in-process host.
 */
import type { RecordedOp } from '../engine/check/history';
import { CausalIndex } from '../engine/sim/causality';
import type { SimAction } from '../engine/sim/actions';
import type { Frame } from '../engine/sim/frame';
import type { Simulation } from '../engine/sim/simulation';
import type { TraceEntry } from '../engine/sim/trace';
import { HistoryTracker } from './history-tracker';
import { NarrationLog, narrate } from './narration';
import { TimelineTracker, type TimelineView } from './timeline';
import { PaceGauge, RateGauge } from './pace-gauge';

/** At most this much virtual time per tick, so a slow frame never freezes the page. */
export const MAX_VIRTUAL_STEP_MS = 250;
/** The events-per-second figure is measured over windows of this many wall ms. */
/** How many recent events a published frame carries. */
const FRAME_EVENTS = 40;

/** What one publish hands the views: the run at its current virtual time. */
export interface LabUpdate {
  readonly frame: Frame;
  /** The notable events so far, most recent last (a new array only when it changed). */
  readonly narration: readonly TraceEntry[];
  /** The clients' operations, or null when unchanged since the last publish. */
  readonly history: readonly RecordedOp[] | null;
  readonly timeline: TimelineView;
  /** True once, on the publish after acting in the past started a new branch. */
  readonly branched: boolean;
}

/** Play state: whether the run advances on ticks, and how fast (virtual ms per wall ms). */
export interface LabControls {
  readonly playing: boolean;
  readonly speed: number;
}

export interface LabSessionHooks {
  /** A new picture of the run (after a run step, an action, a seek). */
  publish(update: LabUpdate): void;
  /** Something failed without stopping the run (a rejected action, a replay error). */
  report(err: unknown): void;
  /**
   * Something the learner should know that adds to what the lab already said (a shared
   * run's action skipped); report() is used when absent.
   */
  tell?(sentence: string): void;
  /** The session changed its own play state (a seek pauses; a replay slows down and stops). */
  controls?(controls: LabControls): void;
  /** The wall clock in ms (for the events-per-second figure); performance.now() by default. */
  wallNow?(): number;
  /**
   * The speed the run achieved over the last window of playing (virtual ms per wall ms)
   * when it fell short of the chosen speed, or null when it keeps up (or is not playing).
   * Called when that changes. A busy machine cannot always run 20× (issue 12, item 9).
   */
  pace?(achievedSpeed: number | null): void;
}

/** `Stats` of a run: how much it has done, and how fast lately. */
export interface SessionStats {
  readonly events: number;
  readonly eventsPerSecond: number;
  readonly workers: number;
}

export class LabSession {
  private playingNow: boolean;
  private speedNow: number;
  /** A run step (tick, step, seek, advance) is under way; its promise lands it. */
  private busy: Promise<unknown> | null = null;
  /** Callers waiting for the step under way; ticks start no new step meanwhile. */
  private waiting = 0;
  private lastWall: number | null = null;
  private readonly rate: RateGauge;
  /** The current window of playing: when it began (wall ms) and virtual ms run since. */
  private readonly pace: PaceGauge;
  private seekTarget: number | null = null;
  private seekLoop: Promise<void> | null = null;
  private replay: { until: number; speed: number; done: () => void } | null = null;
  private disposed = false;
  /** How many of the run's skipped recorded actions have been reported. */
  private skipsReported = 0;
  private readonly narration: NarrationLog;
  private readonly timeline: TimelineTracker;
  private readonly history: HistoryTracker;
  /** Happened-before over the trace, for the views' causal questions. */
  readonly causality: CausalIndex;

  constructor(
    /** The run; the session disposes of it. */
    readonly sim: Simulation,
    private readonly hooks: LabSessionHooks,
    controls: LabControls,
  ) {
    this.playingNow = controls.playing;
    this.speedNow = controls.speed;
    this.narration = new NarrationLog(sim.recorder);
    this.timeline = new TimelineTracker(sim);
    this.history = new HistoryTracker(sim.recorder);
    this.causality = new CausalIndex(sim.recorder);
    this.rate = new RateGauge(this.wall(), sim.recorder.length);
    this.pace = new PaceGauge((achieved) => this.hooks.pace?.(achieved));
  }

  get playing(): boolean {
    return this.playingNow;
  }

  get speed(): number {
    return this.speedNow;
  }

  /** True while a replay of a moment runs (`replayMoment`). */
  get isReplaying(): boolean {
    return this.replay !== null;
  }

  play(): void {
    this.setControls(true, this.speedNow);
  }

  pause(): void {
    this.setControls(false, this.speedNow);
  }

  /** Virtual ms per wall ms; anything not a positive number is ignored. */
  setSpeed(speed: number): void {
    if (Number.isFinite(speed) && speed > 0) this.setControls(this.playingNow, speed);
  }

  /**
   * One animation frame at wall time `wall` (ms): when playing and no step is under way,
   * advance virtual time by the wall time since the last tick times the speed (at most
   * MAX_VIRTUAL_STEP_MS), then publish. A tick that finds a step under way, or an action
   * waiting its turn, is skipped (otherwise a busy run could starve the action). Resolves
   * when this tick's step has landed.
   */
  tick(wall: number): Promise<void> {
    const previous = this.lastWall;
    this.lastWall = wall;
    if (this.disposed || !this.playingNow) return Promise.resolve();
    if (previous === null) {
      this.pace.restart(wall);
      return Promise.resolve();
    }
    this.rate.measure(wall, this.sim.recorder.length);
    this.pace.measure(wall, this.speedNow);
    if (this.busy || this.waiting > 0) return Promise.resolve();
    let target = this.sim.time + Math.min(MAX_VIRTUAL_STEP_MS, (wall - previous) * this.speedNow);
    if (this.replay) target = Math.min(target, this.replay.until);
    const from = this.sim.time;
    return this.exclusive(() => this.sim.runUntil(target)).then(() => {
      // Credited to the window current when the step lands (a slow step spans windows).
      this.pace.credit(this.sim.time - from);
      if (this.replay && this.sim.time >= this.replay.until) this.finishReplay();
    });
  }

  /** The speed achieved when the run falls short of the chosen one; null when it keeps up. */
  get achievedSpeed(): number | null {
    return this.pace.achieved;
  }

  /** Run exactly to the next event (pauses). */
  async step(): Promise<void> {
    this.pause();
    await this.whenIdle();
    await this.exclusive(() => this.sim.step());
  }

  /**
   * Step back one event: pause and go to the time of the latest trace entry before now (as
   * dragging the Timeline there would: restore a checkpoint and replay), so that Step then
   * runs that next event again. At the start of the run (or when no earlier entry is still
   * kept in memory) it goes to time 0.
   */
  async stepBack(): Promise<void> {
    this.pause();
    await this.whenIdle();
    const now = this.sim.time;
    const r = this.sim.recorder;
    let target = 0;
    for (let i = r.length - 1; i >= r.firstKept; i--) {
      const e = r.at(i);
      if (e && e.t < now) {
        target = e.t;
        break;
      }
    }
    await this.seekTo(target);
  }

  /** Apply a learner's action at the current virtual time, after the step under way lands. */
  async act(action: SimAction): Promise<void> {
    await this.whenIdle();
    if (this.disposed) return;
    // Rejections (ActionRejected) reach the caller, which words them for the learner.
    await this.sim.act(action);
    this.publish();
  }

  /** Pause and run `ms` of virtual time as fast as possible (fast-forward windows). */
  async advance(ms: number): Promise<Frame> {
    this.pause();
    await this.whenIdle();
    const before = this.sim.recorder.length;
    const started = this.wall();
    await this.exclusive(() => this.sim.fastForward(this.sim.time + Math.max(0, ms)));
    this.rate.record(this.sim.recorder.length - before, this.wall() - started);
    return this.sim.frame(FRAME_EVENTS);
  }

  /**
   * Pause and go to virtual time `t` on this branch (restore a checkpoint and replay). Seeks
   * asked for while one runs are coalesced: only the latest target is done next. Resolves
   * when the run stands at the latest target asked for.
   */
  seekTo(t: number): Promise<void> {
    this.pause();
    this.seekTarget = t;
    this.seekLoop ??= this.seekLatest().finally(() => {
      this.seekLoop = null;
    });
    return this.seekLoop;
  }

  private async seekLatest(): Promise<void> {
    await this.whenIdle();
    while (this.seekTarget !== null && !this.disposed) {
      const target = this.seekTarget;
      this.seekTarget = null;
      await this.exclusive(() => this.sim.seek(target));
    }
  }

  /**
   * Go back to virtual time `t` and forget the recorded future, as acting there would:
   * restarting a lesson step means its earlier attempts do not replay.
   */
  async restartFrom(t: number): Promise<void> {
    await this.seekTo(t);
    await this.whenIdle();
    this.sim.discardFuture();
    this.publish();
  }

  /**
   * "Replay the key moment": go back to `from`, play at `speed` (or slower, if the learner's
   * speed already is) and stop exactly at `until`, with the learner's speed restored.
   * Resolves when the replay has reached `until` (or the session was disposed).
   */
  async replayMoment(from: number, until: number, speed: number): Promise<void> {
    this.replay?.done();
    await this.seekTo(from);
    if (this.disposed) return;
    const restoreSpeed = this.speedNow;
    const finished = new Promise<void>((resolve) => {
      this.replay = { until, speed: restoreSpeed, done: resolve };
    });
    this.setControls(true, Math.min(restoreSpeed, speed));
    this.lastWall = null;
    if (this.sim.time >= until) this.finishReplay();
    return finished;
  }

  private finishReplay(): void {
    const replay = this.replay;
    if (!replay) return;
    this.replay = null;
    this.setControls(false, replay.speed);
    replay.done();
  }

  /** Stop: the run's workers are terminated; pending waits resolve. */
  dispose(): void {
    this.disposed = true;
    this.replay?.done();
    this.replay = null;
    this.sim.dispose();
  }

  /** Fold what happened since the last publish and hand it to the views. */
  publish(): void {
    if (this.disposed) return;
    const timeline = this.timeline.update();
    this.hooks.publish({
      frame: this.sim.frame(FRAME_EVENTS),
      narration: this.narration.update(),
      history: this.history.update(),
      timeline: timeline.view,
      branched: timeline.branched,
    });
  }

  stats(): SessionStats {
    return {
      events: this.sim.recorder.length,
      eventsPerSecond: this.rate.perSecond,
      workers: this.sim.host.workerCount(),
    };
  }

  /** Trace entries from virtual time `from` on (at most `max`, the latest kept), oldest first. */
  traceSince(from: number, max = 2000): TraceEntry[] {
    return this.sim.recorder.since(from, max);
  }

  /** The send entry of a message, if still kept. */
  sendOf(msgId: number): TraceEntry | undefined {
    const i = this.causality.sendEntryOf(msgId);
    return i === undefined ? undefined : this.sim.recorder.at(i);
  }

  /** Trace entry i in words, with its time (or a note that it is no longer kept). */
  describeEntry(i: number): string {
    const e = this.sim.recorder.at(i);
    return e ? `${e.t.toFixed(1)} ms — ${narrate(e)}` : `event #${i} (no longer in memory)`;
  }

  /** How a message came to be: its send, what triggered that handler, and so on back. */
  messageHistory(msgId: number): string[] {
    const send = this.causality.sendEntryOf(msgId);
    return send === undefined
      ? []
      : this.causality.causeChain(send).map((i) => this.describeEntry(i));
  }

  /** Resolves when no run step is under way (waiting callers hold new ticks back). */
  async whenIdle(): Promise<void> {
    this.waiting++;
    try {
      while (this.busy) await this.busy;
    } finally {
      this.waiting--;
    }
  }

  /** Run one step with the session marked busy; publish when it lands, report a failure. */
  private exclusive(run: () => Promise<unknown>): Promise<void> {
    const landed = run()
      .catch((err: unknown) => this.hooks.report(err))
      .then(() => {
        this.busy = null;
        this.reportSkips();
        this.publish();
      });
    this.busy = landed;
    return landed;
  }

  /**
   * Say, once each, the recorded actions of a shared run that were skipped because they did
   * not fit the run (a hand-edited link naming node n42, say): which, and why.
   */
  private reportSkips(): void {
    const skips = this.sim.replaySkips;
    if (skips.length <= this.skipsReported) return;
    const fresh = skips.slice(this.skipsReported);
    this.skipsReported = skips.length;
    const sentence = `This link's run did not replay in full: ${fresh.join('; ')}. The rest of the run goes on without it.`;
    if (this.hooks.tell) this.hooks.tell(sentence);
    else this.hooks.report(new Error(sentence));
  }

  private setControls(playing: boolean, speed: number): void {
    if (playing === this.playingNow && speed === this.speedNow) return;
    // A tick after a pause measures from the next frame, not from before the pause.
    if (playing && !this.playingNow) this.lastWall = null;
    // The achieved speed is judged afresh for a new speed, and not at all while paused.
    if (!playing || speed !== this.speedNow) this.pace.reset();
    this.pace.restart(playing ? this.lastWall : null);
    this.playingNow = playing;
    this.speedNow = speed;
    this.hooks.controls?.({ playing, speed });
  }

  private wall(): number {
    return this.hooks.wallNow?.() ?? performance.now();
  }
}

/**
 * The browser's adapter: tick the session on every animation frame until stopped.
 * Returns the function that stops it.
 */
export function animate(session: LabSession): () => void {
  let id = requestAnimationFrame(function frame(wall) {
    id = requestAnimationFrame(frame);
    void session.tick(wall);
  });
  return () => cancelAnimationFrame(id);
}
