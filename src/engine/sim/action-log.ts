/**
 * The recorded-action log: every action taken on a run, placed by the world's step count
 * and virtual time, with a cursor to the next one to apply. A run replays from (seed,
 * scenario, log) — a shared link is just the log — and acting in the past truncates the
 * log's future, starting a new branch (ARCHITECTURE.md, guarantee 6).
 */
import type { RecordedAction, SimAction } from './actions';
import { describeAction } from './action-words';
import { actionProblem, applyAction, type ActionOutcome } from './apply-action';
import type { World } from './world';

/** An action the world cannot take now; the message is for the learner. */
export class ActionRejected extends Error {
  constructor(
    message: string,
    readonly action: SimAction,
  ) {
    super(message);
    this.name = 'ActionRejected';
  }
}

/** The actions of one run, applied as the run reaches them. */
export class ActionLog {
  private readonly actions: RecordedAction[];
  private next = 0;
  /**
   * Set when a recorded action did not fit the run (a hand-edited link naming a node that
   * does not exist, say): that action was skipped, in words; the rest of the run replays.
   */
  replayError: string | null = null;
  /** Every skip so far, in words, oldest first (the views say each one once). */
  readonly skips: string[] = [];
  /** How many times acting in the past has discarded a recorded future. */
  branches = 0;

  constructor(recorded: readonly RecordedAction[] = []) {
    this.actions = [...recorded];
  }

  /** Every action, applied or still ahead (a live array: copy it to keep it). */
  all(): readonly RecordedAction[] {
    return this.actions;
  }

  /** Index of the next action to apply; a checkpoint keeps it. */
  get cursor(): number {
    return this.next;
  }

  /** True when the run is behind its recorded future (after seeking back). */
  get isInPast(): boolean {
    return this.next < this.actions.length;
  }

  /**
   * The recorded action due now (the world has taken `steps` events, the next comes at
   * `nextEventAt`), 'wait' when the next one belongs to this step but a later time than
   * `until`, or null when an event comes first. An action placed where no live run could
   * have put it (only a hand-edited link does that: at a step already passed, or after the
   * next event's time) is due at once, and replay() skips it with a reason rather than leave
   * the run stuck behind it or move time backwards.
   */
  due(until: number, steps: number, nextEventAt: number): RecordedAction | 'wait' | null {
    const a = this.actions[this.next];
    if (!a || a.afterStep > steps) return null;
    if (a.afterStep < steps || a.time > nextEventAt) return a;
    return a.time <= until ? a : 'wait';
  }

  /**
   * Apply a recorded action at its time. One that no longer fits the run (a hand-edited
   * link, a link replayed against a changed protocol) is skipped and dropped from the log —
   * a live run never recorded it, so nothing else depends on it having happened — with
   * replayError saying which and why; null then.
   */
  replay(world: World, a: RecordedAction): ActionOutcome | null {
    const problem =
      actionProblem(world, a.action) ??
      (a.afterStep < world.steps || a.time < world.time || a.time > world.nextEventTime()
        ? `its place in the run (after event ${a.afterStep}, at ${a.time.toFixed(1)} ms) does not fit this run`
        : null);
    if (problem !== null) {
      this.replayError = `${describeAction(a.action)} (at ${a.time.toFixed(1)} ms) was skipped: ${problem}`;
      this.actions.splice(this.next, 1);
      this.skips.push(this.replayError);
      return null;
    }
    this.next++;
    world.time = a.time;
    return applyAction(world, a.action);
  }

  /**
   * Record a live action now and apply it. The caller has checked it (actionProblem) and
   * forgotten the future if the run was in its past.
   */
  record(world: World, action: SimAction): ActionOutcome {
    this.replayError = null;
    this.actions.push({ afterStep: world.steps, time: world.time, action });
    this.next++;
    return applyAction(world, action);
  }

  /** Drop the actions not yet reached: the run goes on as a new branch. */
  forgetFuture(): void {
    this.actions.length = this.next;
    this.branches++;
  }

  /** Back to a checkpoint's cursor; the actions after it are replayed as the run reaches them. */
  rewind(cursor: number): void {
    this.next = cursor;
  }
}
