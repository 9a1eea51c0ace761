/**
 * A simulation run: the world, its recorder, its node host and the learner's recorded
 * actions, with checkpoints for seeking back and branching. Each operation is written once
 * in runner.ts; here it is driven synchronously (`…Sync`, in-process host: tests, headless
 * runs) or asynchronously (the Promise API: a Web Worker per node, one operation at a time).
 */
import type { AnyInvariant } from '../check/invariant';
import { Monitor, type InvariantStatus } from '../check/monitor';
import type { AnyHost, AsyncHost, SyncHost } from '../host/types';
import type { Scenario } from '../scenario';
import { ActionLog } from './action-log';
import type { RecordedAction, SimAction } from './actions';
import { Checkpoints } from './checkpoints';
import { buildFrame, type Frame } from './frame';
import { driveAsync, driveSync, type Run } from './host-requests';
import { Recorder } from './recorder';
import { Runner } from './runner';
import type { TraceEntry } from './trace';
import { World } from './world';

export { ActionRejected } from './action-log';

/** What a run is made of; everything but the host is plain data, so a link can carry it. */
export interface SimulationConfig {
  readonly scenario: Scenario;
  readonly seed: number;
  readonly host: AnyHost;
  /** Recorded actions to replay as the run reaches them (a shared link). */
  readonly actions?: readonly RecordedAction[];
  /** Virtual time between checkpoints; seeking replays at most this much. */
  readonly checkpointEveryMs?: number;
  /** How many recent trace entries to keep in memory (the hash covers them all). */
  readonly retainedEntries?: number;
  /** Safety properties to check after every event (usually the protocols' own). */
  readonly invariants?: readonly AnyInvariant[];
}

/** One run of a scenario; see the module comment for the two ways to drive it. */
export class Simulation {
  readonly recorder: Recorder;
  readonly world: World;
  readonly host: AnyHost;
  readonly monitor: Monitor;
  private readonly log: ActionLog;
  private readonly checkpoints: Checkpoints;
  private readonly runner: Runner;
  /** The asynchronous operations, one after another. */
  private chain: Promise<unknown> = Promise.resolve();

  private constructor(config: SimulationConfig) {
    this.recorder = new Recorder(config.retainedEntries);
    this.world = new World(config.scenario, config.seed, this.recorder);
    this.host = config.host;
    this.monitor = new Monitor(config.invariants ?? []);
    this.world.observeStates = this.monitor.isWatching;
    this.log = new ActionLog(config.actions);
    this.checkpoints = new Checkpoints(config.checkpointEveryMs);
    this.runner = new Runner({
      world: this.world,
      recorder: this.recorder,
      monitor: this.monitor,
      log: this.log,
      checkpoints: this.checkpoints,
    });
  }

  /** A run whose nodes run in-process; every call is synchronous. */
  static startSync(config: SimulationConfig & { host: SyncHost }): Simulation {
    const sim = new Simulation(config);
    sim.runSync(sim.runner.start());
    return sim;
  }

  /** A run whose nodes run in workers (or any asynchronous host). */
  static async start(config: SimulationConfig & { host: AsyncHost }): Promise<Simulation> {
    const sim = new Simulation(config);
    await sim.run(() => sim.runner.start());
    return sim;
  }

  /** Virtual time (ms). */
  get time(): number {
    return this.world.time;
  }

  /** A hash of the whole trace: equal hashes mean equal runs (trace-hash.ts). */
  traceHash(): string {
    return this.recorder.hash();
  }

  /** The trace entries kept in memory (the most recent `retainedEntries`). */
  get trace(): readonly TraceEntry[] {
    return this.recorder.entries;
  }

  /** Every action of this run, applied or still ahead: with seed and scenario, the run. */
  recordedActions(): readonly RecordedAction[] {
    return this.log.all();
  }

  /** True when the run is behind its recorded future (after seeking back). */
  get isInPast(): boolean {
    return this.log.isInPast;
  }

  /** How many times acting in the past has discarded a recorded future. */
  get branches(): number {
    return this.log.branches;
  }

  /**
   * Set when a recorded action did not fit the run: which one was skipped and why, in words
   * (the rest of the recorded run replays). Cleared by the next live action.
   */
  get replayError(): string | null {
    return this.log.replayError;
  }

  /** Every recorded action skipped so far (see replayError), in words, oldest first. */
  get replaySkips(): readonly string[] {
    return this.log.skips;
  }

  /**
   * Forget the recorded future (after seeking back), as acting in the past does: the run
   * goes on from here as a new branch. Nothing happens when there is no future.
   */
  discardFuture(): void {
    if (this.log.isInPast) this.runner.branchHere();
  }

  /** The world now, for the views, with the `recentEvents` latest trace entries. */
  frame(recentEvents = 30): Frame {
    // In-process, views are read when a frame asks for them (a headless run seldom does);
    // a worker's come back with each run operation, since reading them takes a round trip.
    if (this.host.kind === 'sync') driveSync(this.host, this.runner.refreshViews());
    return buildFrame(
      this.world,
      this.recorder,
      this.runner.views,
      recentEvents,
      this.log.branches,
      this.monitor.status(),
    );
  }

  /** Virtual times (ms) of the checkpoints kept, oldest first. */
  checkpointTimes(): number[] {
    return this.checkpoints.times();
  }

  /** Each invariant's verdict so far. */
  invariantStatus(): InvariantStatus[] {
    return this.monitor.status();
  }

  /** Stop the host (terminates the workers). */
  dispose(): void {
    this.host.dispose();
  }

  // ---------- synchronous: in-process host only ----------

  /** Run every event due up to virtual time `until` (ms), then set the clock to `until`. */
  runUntilSync(until: number): void {
    this.runSync(this.runner.runUntil(until));
  }

  /** Process the next event that leaves a mark in the trace; false when none is left. */
  stepSync(): boolean {
    return this.runSync(this.runner.step());
  }

  /** Take an action now; throws ActionRejected when the world cannot take it. */
  actSync(action: SimAction): void {
    this.runSync(this.runner.act(action));
  }

  /** Go to virtual time `time` (ms), back through a checkpoint if it is in the past. */
  seekSync(time: number): void {
    this.runSync(this.runner.seek(time));
  }

  /** Run to `until` (ms) by lookahead windows: the trace step-by-step running gives, sooner. */
  fastForwardSync(until: number): void {
    this.runSync(this.runner.fastForward(until));
  }

  // ---------- any host: resolves when done (at once in-process) ----------

  /** As runUntilSync. */
  runUntil(until: number): Promise<void> {
    return this.run(() => this.runner.runUntil(until));
  }

  /** As stepSync. */
  step(): Promise<boolean> {
    return this.run(() => this.runner.step());
  }

  /** As actSync; in-process an ActionRejected is thrown at once, else the promise rejects. */
  act(action: SimAction): Promise<void> {
    return this.run(() => this.runner.act(action));
  }

  /** As seekSync. */
  seek(time: number): Promise<void> {
    return this.run(() => this.runner.seek(time));
  }

  /**
   * Run to `until` as fast as the host allows. Nothing can reach a node sooner than the
   * smallest link latency, so within a window that short every node runs all its due
   * events in one call (fast-forward.ts, ARCHITECTURE.md guarantee 8).
   */
  fastForward(until: number): Promise<void> {
    return this.run(() => this.runner.fastForward(until));
  }

  private runSync<T>(operation: Run<T>): T {
    if (this.host.kind !== 'sync') throw new Error('this simulation runs on an asynchronous host');
    return driveSync(this.host, operation);
  }

  /**
   * Drive an operation on whichever host this run has. On a worker host, operations queue
   * (a click never lands in the middle of a run step) and each ends by reading the views
   * of the nodes it changed, since a frame cannot wait for a round trip.
   */
  private run<T>(operation: () => Run<T>): Promise<T> {
    const host = this.host;
    if (host.kind === 'sync') return Promise.resolve(driveSync(host, operation()));
    const go = async (): Promise<T> => {
      const result = await driveAsync(host, operation());
      await driveAsync(host, this.runner.refreshViews());
      return result;
    };
    const result = this.chain.then(go, go);
    this.chain = result.catch(() => undefined);
    return result;
  }
}
