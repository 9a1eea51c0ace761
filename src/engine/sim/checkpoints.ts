/**
 * Checkpoints of a run (ARCHITECTURE.md, guarantee 6): the world, the trace position, every
 * node's volatile state and the invariant monitor, taken every `everyMs` of virtual time, so
 * seeking to any past moment is "restore the nearest checkpoint before it, and replay".
 */
import type { MonitorSnapshot } from '../check/monitor';
import type { NodeSnapshot } from '../host/types';
import type { NodeId } from '../protocol';
import type { Recorder } from './recorder';
import type { WorldSnapshot } from './world';

/** Everything needed to continue the run from one moment. */
export interface Checkpoint {
  /** Virtual time (ms). */
  readonly time: number;
  /** The world's step count: recorded actions are placed by it. */
  readonly steps: number;
  /** Index of the next recorded action to apply. */
  readonly cursor: number;
  readonly world: WorldSnapshot;
  readonly trace: ReturnType<Recorder['mark']>;
  /** Nodes that were running; a node missing here was down and is killed on restore. */
  readonly nodes: ReadonlyMap<NodeId, NodeSnapshot>;
  readonly monitor: MonitorSnapshot;
}

/** Virtual time between checkpoints by default: seeking replays at most this much. */
export const DEFAULT_CHECKPOINT_EVERY_MS = 1000;
/** Beyond this many, older checkpoints are thinned out. */
const MAX_CHECKPOINTS = 240;

/** A run's checkpoints, oldest first, and when the next one is due. */
export class Checkpoints {
  private list: Checkpoint[] = [];
  /** Virtual time (ms) of the next checkpoint: one falls on every multiple of everyMs. */
  nextAt = 0;

  constructor(private readonly everyMs: number = DEFAULT_CHECKPOINT_EVERY_MS) {}

  /** Virtual times of the checkpoints kept, oldest first. */
  times(): number[] {
    return this.list.map((c) => c.time);
  }

  /**
   * Whether a checkpoint falls due by `until` before the next event (at `nextEventTime`):
   * it is taken at its own moment, between events, whether or not an event is due.
   */
  isDue(until: number, nextEventTime: number): boolean {
    return this.nextAt <= until && nextEventTime > this.nextAt;
  }

  /** The moment a checkpoint taken now stands for: its due time, or now if that passed. */
  momentFor(time: number): number {
    return Math.max(time, this.nextAt);
  }

  /** Keep a checkpoint taken at `cp.time` and schedule the next one. */
  add(cp: Checkpoint): void {
    // A replay after seeking retakes checkpoints it already has: keep one per moment.
    while (this.list.length && (this.list.at(-1) as Checkpoint).time >= cp.time) this.list.pop();
    this.list.push(cp);
    if (this.list.length > MAX_CHECKPOINTS) this.thin();
    this.resumeFrom(cp.time);
  }

  /** The latest checkpoint at or before `time` (the first one if none is); throws if there is none. */
  before(time: number): Checkpoint {
    let best = this.list[0];
    for (const c of this.list) if (c.time <= time) best = c;
    if (!best) throw new Error('no checkpoint to seek from');
    return best;
  }

  /** A new branch begins at (steps, time): checkpoints of the discarded future go. */
  forgetAfter(steps: number, time: number): void {
    this.list = this.list.filter((c) => c.steps <= steps && c.time <= time);
  }

  /** The run continues from a checkpoint at `time`: the next one is due at the following multiple. */
  resumeFrom(time: number): void {
    this.nextAt = (Math.floor(time / this.everyMs) + 1) * this.everyMs;
  }

  /**
   * Keep memory flat on long runs: drop every other checkpoint in the older half (never the
   * first), so spacing grows with age — recent moments stay quick to seek to.
   */
  private thin(): void {
    const half = this.list.length >> 1;
    this.list = this.list.filter((_, i) => i === 0 || i >= half || i % 2 === 0);
  }
}
