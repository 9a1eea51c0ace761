/**
 * The recorded-action log: every action taken on a run, placed by the world's step count
 * and virtual time, with a cursor to the next one to apply. A run replays from (seed,
 * scenario, log) — a shared link is just the log — and acting in the past truncates the
 * log's future, starting a new branch (ARCHITECTURE.md, guarantee 6).
 */
import type { RecordedAction, SimAction } from './actions';
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
  /** Set when replaying a recorded action failed: the replay stops there. */
  replayError: string | null = null;
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
   * The recorded action due now (the world has taken `steps` events), 'wait' when the next
   * one belongs to this step but a later time than `until`, or null when an event comes first.
   */
  due(until: number, steps: number): RecordedAction | 'wait' | null {
    if (this.replayError !== null) return this.isInPast ? 'wait' : null;
    const a = this.actions[this.next];
    if (!a || a.afterStep !== steps) return null;
    return a.time <= until ? a : 'wait';
  }

  /**
   * Apply a recorded action at its time; null (and replayError set) when it no longer fits
   * the run, e.g. a link replayed against a changed protocol.
   */
  replay(world: World, a: RecordedAction): ActionOutcome | null {
    const problem = actionProblem(world, a.action);
    if (problem !== null) {
      this.replayError = `the recorded run cannot continue at ${a.time.toFixed(1)} ms: ${problem}`;
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
    this.replayError = null;
  }
}
