/**
 * A simulation run: the world, its recorder, its node host and the learner's recorded
 * actions, with checkpoints for seeking back and branching. The runner is written twice,
 * once synchronous (in-process host: tests, headless runs) and once asynchronous (a Web
 * Worker per node); both take the same steps from the same world, so their traces match.
 */
import type { AnyInvariant } from '../check/invariant';
import { Monitor, type InvariantStatus, type MonitorSnapshot } from '../check/monitor';
import type {
  AnyHost,
  AsyncHost,
  BatchCall,
  BatchRequest,
  Effects,
  NodeSnapshot,
  SyncHost,
} from '../host/types';
import type { NodeId, NodeView } from '../protocol';
import type { Scenario } from '../scenario';
import type { RecordedAction, SimAction } from './actions';
import { actionProblem, applyAction, type ActionOutcome } from './apply-action';
import { buildFrame, type Frame } from './frame';
import { Recorder } from './recorder';
import type { TraceEntry } from './trace';
import { World, type PendingCall, type WorldSnapshot } from './world';

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

interface Checkpoint {
  readonly time: number;
  readonly steps: number;
  readonly cursor: number;
  readonly world: WorldSnapshot;
  readonly trace: ReturnType<Recorder['mark']>;
  readonly nodes: ReadonlyMap<NodeId, NodeSnapshot>;
  readonly monitor: MonitorSnapshot;
}

const DEFAULT_CHECKPOINT_EVERY_MS = 1000;
/** Beyond this many, older checkpoints are thinned out. */
const MAX_CHECKPOINTS = 240;

/** One node's batch results during a fast-forward window, consumed in order. */
interface WindowResult {
  readonly calls: readonly BatchCall[];
  next: number;
  readonly error: string | null;
}

export class Simulation {
  readonly recorder: Recorder;
  readonly world: World;
  readonly host: AnyHost;
  readonly monitor: Monitor;
  private readonly actions: RecordedAction[];
  /** Index of the next recorded action to apply. */
  private cursor = 0;
  private checkpoints: Checkpoint[] = [];
  private nextCheckpointAt = 0;
  private readonly checkpointEveryMs: number;
  private readonly views = new Map<NodeId, NodeView>();
  /** How many times acting in the past has discarded a recorded future. */
  branches = 0;
  /** Set when replaying a recorded action failed: the replay stops there. */
  replayError: string | null = null;
  private chain: Promise<unknown> = Promise.resolve();

  private constructor(config: SimulationConfig) {
    this.recorder = new Recorder(config.retainedEntries);
    this.world = new World(config.scenario, config.seed, this.recorder);
    this.host = config.host;
    this.monitor = new Monitor(config.invariants ?? []);
    this.world.observeStates = this.monitor.isWatching;
    this.actions = [...(config.actions ?? [])];
    this.checkpointEveryMs = config.checkpointEveryMs ?? DEFAULT_CHECKPOINT_EVERY_MS;
  }

  /** A run whose nodes run in-process; every call is synchronous. */
  static startSync(config: SimulationConfig & { host: SyncHost }): Simulation {
    const sim = new Simulation(config);
    // All boots are recorded first, then their effects applied in order — the order the
    // asynchronous start needs to boot workers in parallel, so both give the same trace.
    const boots = sim.world.nodes.map((n) => sim.world.boot(n.id));
    for (const b of boots) sim.completeSync(b);
    sim.checkpointSync();
    return sim;
  }

  /** A run whose nodes run in workers (or any asynchronous host). */
  static async start(config: SimulationConfig & { host: AsyncHost }): Promise<Simulation> {
    const sim = new Simulation(config);
    const boots = sim.world.nodes.map((n) => sim.world.boot(n.id));
    const effects = await Promise.all(boots.map((b) => sim.asyncHost().call(b.call)));
    boots.forEach((b, i) => sim.finish(b, effects[i] as Effects));
    await sim.checkpointAsync();
    await sim.refreshViewsAsync();
    return sim;
  }

  get time(): number {
    return this.world.time;
  }

  traceHash(): string {
    return this.recorder.hash();
  }

  get trace(): readonly TraceEntry[] {
    return this.recorder.entries;
  }

  recordedActions(): readonly RecordedAction[] {
    return this.actions;
  }

  /** True when the run is behind its recorded future (after seeking back). */
  get isInPast(): boolean {
    return this.cursor < this.actions.length;
  }

  /**
   * Forget the recorded future (after seeking back), as acting in the past does: the run
   * goes on from here as a new branch. Nothing happens when there is no future.
   */
  discardFuture(): void {
    if (this.cursor < this.actions.length) this.branchHere();
  }

  private branchHere(): void {
    this.actions.length = this.cursor;
    this.checkpoints = this.checkpoints.filter(
      (c) => c.steps <= this.world.steps && c.time <= this.world.time,
    );
    this.branches++;
  }

  frame(recentEvents = 30): Frame {
    // In-process, views are read when a frame asks for them (a headless run seldom does);
    // a worker's come back with each run step, since reading them takes a round trip.
    if (this.host.kind === 'sync') this.refreshViewsSync();
    return buildFrame(
      this.world,
      this.recorder,
      this.views,
      recentEvents,
      this.branches,
      this.monitor.status(),
    );
  }

  checkpointTimes(): number[] {
    return this.checkpoints.map((c) => c.time);
  }

  // ---------- synchronous runner ----------

  private syncHost(): SyncHost {
    if (this.host.kind !== 'sync') throw new Error('this simulation runs on an asynchronous host');
    return this.host;
  }

  private completeSync(p: PendingCall): void {
    this.finish(p, this.syncHost().call(p.call));
  }

  private runOutcomeSync(o: ActionOutcome): void {
    if (o.kill) {
      this.syncHost().kill(o.kill);
      this.observeDown(o.kill);
    }
    for (const call of o.calls) this.completeSync(call);
  }

  /** Run every event due up to virtual time `until`, then set the clock to `until`. */
  runUntilSync(until: number): void {
    for (;;) {
      const due = this.dueAction(until);
      if (due === 'wait') break;
      if (due) {
        if (!this.applyRecorded(due, (o) => this.runOutcomeSync(o))) break;
        continue;
      }
      if (this.checkpointDue(until)) this.checkpointSync();
      const r = this.world.next(until);
      if (r === null) break;
      if (r !== 'internal') this.completeSync(r);
    }
    if (this.world.time < until && this.replayError === null) this.world.time = until;
  }

  /** Process the next event that leaves a mark in the trace; false when none is left. */
  stepSync(): boolean {
    const start = this.recorder.length;
    while (this.recorder.length === start) {
      const due = this.dueAction(Infinity);
      if (due === 'wait') return false;
      if (due) {
        if (!this.applyRecorded(due, (o) => this.runOutcomeSync(o))) return false;
        continue;
      }
      if (this.checkpointDue(Infinity)) this.checkpointSync();
      const r = this.world.next(Infinity);
      if (r === null) return false;
      if (r !== 'internal') this.completeSync(r);
    }
    return true;
  }

  actSync(action: SimAction): void {
    this.runOutcomeSync(this.recordLive(action));
  }

  /** Replaying from the checkpoint goes by fast-forward windows: the same run, fewer calls. */
  seekSync(time: number): void {
    if (time < this.world.time) this.restoreSync(this.checkpointBefore(time));
    this.fastForwardSync(time);
  }

  private checkpointSync(): void {
    const host = this.syncHost();
    const nodes = new Map<NodeId, NodeSnapshot>();
    for (const n of this.world.nodes) {
      const s = host.snapshot(n.id);
      if (s) nodes.set(n.id, s);
    }
    this.addCheckpoint(nodes);
  }

  private restoreSync(cp: Checkpoint): void {
    const host = this.syncHost();
    this.restoreWorld(cp);
    for (const n of this.world.nodes) {
      const snap = cp.nodes.get(n.id);
      if (snap) host.restore(n.id, this.world.bootInput(n), snap);
      else host.kill(n.id);
    }
  }

  /** Read the views of the nodes whose state changed since they were last read. */
  private refreshViewsSync(): void {
    const host = this.syncHost();
    for (const id of this.world.dirty) {
      const v = host.view(id);
      if (v) this.views.set(id, v);
    }
    this.world.dirty.clear();
  }

  // ---------- asynchronous runner ----------

  private asyncHost(): AsyncHost {
    if (this.host.kind !== 'async') throw new Error('this simulation runs on a synchronous host');
    return this.host;
  }

  /** One operation at a time: a click never lands in the middle of a run step. */
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.chain.then(fn, fn);
    this.chain = result.catch(() => undefined);
    return result;
  }

  private async completeAsync(p: PendingCall): Promise<void> {
    this.finish(p, await this.asyncHost().call(p.call));
  }

  private async runOutcomeAsync(o: ActionOutcome): Promise<void> {
    if (o.kill) {
      this.asyncHost().kill(o.kill);
      this.observeDown(o.kill);
    }
    for (const call of o.calls) await this.completeAsync(call);
  }

  runUntil(until: number): Promise<void> {
    if (this.host.kind === 'sync') {
      this.runUntilSync(until);
      return Promise.resolve();
    }
    return this.exclusive(() => this.runUntilAsync(until));
  }

  private async runUntilAsync(until: number): Promise<void> {
    for (;;) {
      const due = this.dueAction(until);
      if (due === 'wait') break;
      if (due) {
        let pending: Promise<void> = Promise.resolve();
        if (!this.applyRecorded(due, (o) => (pending = this.runOutcomeAsync(o)))) break;
        await pending;
        continue;
      }
      if (this.checkpointDue(until)) await this.checkpointAsync();
      const r = this.world.next(until);
      if (r === null) break;
      if (r !== 'internal') await this.completeAsync(r);
    }
    if (this.world.time < until && this.replayError === null) this.world.time = until;
    await this.refreshViewsAsync();
  }

  step(): Promise<boolean> {
    if (this.host.kind === 'sync') return Promise.resolve(this.stepSync());
    return this.exclusive(async () => {
      const start = this.recorder.length;
      while (this.recorder.length === start) {
        const due = this.dueAction(Infinity);
        if (due === 'wait') return false;
        if (due) {
          let pending: Promise<void> = Promise.resolve();
          if (!this.applyRecorded(due, (o) => (pending = this.runOutcomeAsync(o)))) return false;
          await pending;
          continue;
        }
        if (this.checkpointDue(Infinity)) await this.checkpointAsync();
        const r = this.world.next(Infinity);
        if (r === null) return false;
        if (r !== 'internal') await this.completeAsync(r);
      }
      await this.refreshViewsAsync();
      return true;
    });
  }

  act(action: SimAction): Promise<void> {
    if (this.host.kind === 'sync') {
      this.actSync(action);
      return Promise.resolve();
    }
    return this.exclusive(async () => {
      await this.runOutcomeAsync(this.recordLive(action));
      await this.refreshViewsAsync();
    });
  }

  seek(time: number): Promise<void> {
    if (this.host.kind === 'sync') {
      this.seekSync(time);
      return Promise.resolve();
    }
    return this.exclusive(async () => {
      if (time < this.world.time) await this.restoreAsync(this.checkpointBefore(time));
      await this.fastForwardAsync(time);
    });
  }

  private async checkpointAsync(): Promise<void> {
    const host = this.asyncHost();
    const ids = this.world.nodes.map((n) => n.id);
    const snaps = await Promise.all(ids.map((id) => host.snapshot(id)));
    const nodes = new Map<NodeId, NodeSnapshot>();
    ids.forEach((id, i) => {
      const s = snaps[i];
      if (s) nodes.set(id, s);
    });
    this.addCheckpoint(nodes);
  }

  private async restoreAsync(cp: Checkpoint): Promise<void> {
    const host = this.asyncHost();
    this.restoreWorld(cp);
    await Promise.all(
      this.world.nodes.map((n) => {
        const snap = cp.nodes.get(n.id);
        if (snap) return host.restore(n.id, this.world.bootInput(n), snap);
        host.kill(n.id);
        return Promise.resolve();
      }),
    );
  }

  private async refreshViewsAsync(): Promise<void> {
    const host = this.asyncHost();
    const ids = [...this.world.dirty];
    this.world.dirty.clear();
    const views = await Promise.all(ids.map((id) => host.view(id)));
    ids.forEach((id, i) => {
      const v = views[i];
      if (v) this.views.set(id, v);
    });
  }

  dispose(): void {
    this.host.dispose();
  }

  // ---------- fast-forward: lookahead batches ----------

  /**
   * Run to `until` as fast as the host allows. Nothing can reach a node sooner than the
   * smallest link latency, so within a window that short every node runs all its due
   * events in one call, and the results are merged in (time, seq) order: the trace is the
   * one step-by-step running gives (ARCHITECTURE.md, guarantee 8).
   */
  fastForward(until: number): Promise<void> {
    if (this.host.kind === 'sync') {
      this.fastForwardSync(until);
      return Promise.resolve();
    }
    return this.exclusive(() => this.fastForwardAsync(until));
  }

  fastForwardSync(until: number): void {
    const host = this.syncHost();
    for (;;) {
      const window = this.nextWindow(until);
      if (window === 'done') break;
      if (window === 'replay') return this.runUntilSync(until);
      if (window === 'step') {
        this.runUntilSync(Math.min(until, this.world.nextEventTime()));
        continue;
      }
      if (window === 'checkpoint') {
        this.checkpointSync();
        continue;
      }
      const results = new Map<NodeId, WindowResult>();
      for (const [id, request] of window.requests) {
        try {
          results.set(id, { calls: host.batch(id, request), next: 0, error: null });
        } catch (err) {
          results.set(id, { calls: [], next: 0, error: String(err) });
        }
      }
      this.mergeWindow(window.until, window.before, results);
    }
    if (this.world.time < until) this.world.time = until;
  }

  private async fastForwardAsync(until: number): Promise<void> {
    const host = this.asyncHost();
    for (;;) {
      const window = this.nextWindow(until);
      if (window === 'done') break;
      if (window === 'replay') return this.runUntilAsync(until);
      if (window === 'step') {
        await this.runUntilAsync(Math.min(until, this.world.nextEventTime()));
        continue;
      }
      if (window === 'checkpoint') {
        await this.checkpointAsync();
        continue;
      }
      const ids = [...window.requests.keys()];
      const settled = await Promise.allSettled(
        ids.map((id) => host.batch(id, window.requests.get(id) as BatchRequest)),
      );
      const results = new Map<NodeId, WindowResult>();
      ids.forEach((id, i) => {
        const s = settled[i];
        if (s?.status === 'fulfilled') results.set(id, { calls: s.value, next: 0, error: null });
        else results.set(id, { calls: [], next: 0, error: String(s?.reason) });
      });
      this.mergeWindow(window.until, window.before, results);
    }
    if (this.world.time < until) this.world.time = until;
    await this.refreshViewsAsync();
  }

  /**
   * What fast-forward does next: a batch window; a plain run when recorded actions are
   * pending; one plain step when links have no latency (no lookahead); a checkpoint; or nothing.
   */
  private nextWindow(
    until: number,
  ):
    | 'done'
    | 'replay'
    | 'step'
    | 'checkpoint'
    | { until: number; before: number; requests: Map<NodeId, BatchRequest> } {
    // Recorded actions are placed by step count: replay them one event at a time.
    if (this.cursor < this.actions.length || this.replayError !== null) return 'replay';
    // As step by step: a checkpoint due by `until` is taken even when no event is.
    if (this.checkpointDue(until)) return 'checkpoint';
    if (this.world.nextEventTime() > until) return 'done';
    const lookahead = this.world.network.minLatencyMs();
    if (!(lookahead > 0)) return 'step';
    // A window stops at the next checkpoint, taken at the moment step-by-step takes it.
    const end = Math.min(until, this.nextCheckpointAt);
    // It starts at the first event that runs a handler (none can send sooner): stale
    // timers and drops before it are settled in the same window, at no cost.
    const before = this.world.firstCallTime(end) + lookahead;
    const requests = new Map<NodeId, BatchRequest>();
    for (const [id, events] of this.world.dueCalls(end, before)) {
      const node = this.world.node(id);
      const timers: Record<string, number> = {};
      for (const [name, t] of Object.entries(node.timers)) timers[name] = t.id;
      requests.set(id, { events, clock: { ...node.clock }, timers, until: end, before });
    }
    return { until: end, before, requests };
  }

  /** Take the window's events in global order, applying each node's precomputed effects. */
  private mergeWindow(until: number, before: number, results: Map<NodeId, WindowResult>): void {
    for (let r = this.world.next(until, before); r !== null; r = this.world.next(until, before)) {
      if (r === 'internal') continue;
      const result = results.get(r.node);
      const call = result?.calls[result.next];
      const input = r.call.op === 'handle' ? r.call.input : null;
      const key =
        input?.kind === 'message' ? input.from : input?.kind === 'timer' ? input.name : null;
      if (
        result &&
        call &&
        call.kind === input?.kind &&
        call.key === key &&
        call.time === this.world.time
      ) {
        result.next++;
        this.finish(r, call.effects);
      } else if (result?.error) {
        this.finish(r, { sends: [], timers: [], logs: [], history: [], error: result.error });
      } else {
        throw new Error(
          `fast-forward diverged from step-by-step running at ${r.node}, ${this.world.time} ms (an engine bug)`,
        );
      }
    }
  }

  // ---------- shared between the two runners ----------

  /** Apply a handler's effects and show the invariants the node's new state. */
  private finish(p: PendingCall, effects: Effects): void {
    this.world.complete(p, effects);
    const node = this.world.node(p.node);
    if (effects.error !== undefined) this.observeDown(p.node);
    else if (effects.observation !== undefined) {
      this.monitor.observe({
        node: p.node,
        time: this.world.time,
        cause: p.cause,
        incarnation: node.incarnation,
        data: effects.observation,
      });
    }
  }

  /** The node's volatile state is gone (crash, fault): invariants must forget it. */
  private observeDown(id: NodeId): void {
    const node = this.world.node(id);
    this.views.delete(id);
    this.monitor.observe({
      node: id,
      time: this.world.time,
      cause: this.recorder.length - 1,
      incarnation: node.incarnation,
      data: null,
    });
  }

  invariantStatus(): InvariantStatus[] {
    return this.monitor.status();
  }

  /**
   * The recorded action due now, 'wait' when the next one belongs to this step but a
   * later time than `until`, or null when an event comes first.
   */
  private dueAction(until: number): RecordedAction | 'wait' | null {
    if (this.replayError !== null) return this.cursor < this.actions.length ? 'wait' : null;
    const a = this.actions[this.cursor];
    if (!a || a.afterStep !== this.world.steps) return null;
    return a.time <= until ? a : 'wait';
  }

  /** Apply a recorded action; false (and replayError set) when it no longer fits the run. */
  private applyRecorded(a: RecordedAction, run: (o: ActionOutcome) => void): boolean {
    const problem = actionProblem(this.world, a.action);
    if (problem !== null) {
      this.replayError = `the recorded run cannot continue at ${a.time.toFixed(1)} ms: ${problem}`;
      return false;
    }
    this.cursor++;
    this.world.time = a.time;
    run(applyAction(this.world, a.action));
    return true;
  }

  /** Record a live action (branching if the run is in its own past) and apply it. */
  private recordLive(action: SimAction): ActionOutcome {
    const problem = actionProblem(this.world, action);
    if (problem !== null) throw new ActionRejected(problem, action);
    // Acting in the past: the recorded future is discarded and a new branch begins.
    if (this.cursor < this.actions.length) this.branchHere();
    this.replayError = null;
    this.actions.push({ afterStep: this.world.steps, time: this.world.time, action });
    this.cursor++;
    return applyAction(this.world, action);
  }

  private checkpointDue(until: number): boolean {
    return this.nextCheckpointAt <= until && this.world.nextEventTime() > this.nextCheckpointAt;
  }

  private addCheckpoint(nodes: ReadonlyMap<NodeId, NodeSnapshot>): void {
    const time = Math.max(this.world.time, this.nextCheckpointAt);
    // A replay after seeking retakes checkpoints it already has: keep one per moment.
    while (this.checkpoints.length && (this.checkpoints.at(-1) as Checkpoint).time >= time)
      this.checkpoints.pop();
    this.world.time = time;
    this.checkpoints.push({
      time,
      steps: this.world.steps,
      cursor: this.cursor,
      world: this.world.snapshot(),
      trace: this.recorder.mark(),
      nodes,
      monitor: this.monitor.snapshot(),
    });
    if (this.checkpoints.length > MAX_CHECKPOINTS) this.thinCheckpoints();
    this.nextCheckpointAt =
      (Math.floor(time / this.checkpointEveryMs) + 1) * this.checkpointEveryMs;
  }

  /**
   * Keep memory flat on long runs: drop every other checkpoint in the older half (never the
   * first), so spacing grows with age — recent moments stay quick to seek to.
   */
  private thinCheckpoints(): void {
    const half = this.checkpoints.length >> 1;
    this.checkpoints = this.checkpoints.filter((_, i) => i === 0 || i >= half || i % 2 === 0);
  }

  private checkpointBefore(time: number): Checkpoint {
    let best = this.checkpoints[0];
    for (const c of this.checkpoints) if (c.time <= time) best = c;
    if (!best) throw new Error('no checkpoint to seek from');
    return best;
  }

  private restoreWorld(cp: Checkpoint): void {
    this.world.restore(cp.world);
    this.recorder.truncate(cp.trace);
    this.monitor.restore(cp.monitor);
    this.cursor = cp.cursor;
    this.replayError = null;
    this.nextCheckpointAt =
      (Math.floor(cp.time / this.checkpointEveryMs) + 1) * this.checkpointEveryMs;
    this.views.clear();
  }
}
