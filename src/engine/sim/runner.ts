/**
 * The run loop, written once. Each operation (start, run until, step, act, seek,
 * fast-forward) is a generator over the world that yields its host requests
 * (host-requests.ts); `driveSync` runs it on the in-process host and `driveAsync` on the
 * worker host. One body for both is what keeps their traces identical: there is no second
 * copy to drift.
 */
import type { Monitor } from '../check/monitor';
import type { Effects, NodeSnapshot } from '../host/types';
import type { NodeId, NodeView } from '../protocol';
import { ActionRejected, type ActionLog } from './action-log';
import type { SimAction } from './actions';
import { actionProblem, type ActionOutcome } from './apply-action';
import type { Checkpoint, Checkpoints } from './checkpoints';
import { mergeWindow, planWindow } from './fast-forward';
import { ask, type Run } from './host-requests';
import type { Recorder } from './recorder';
import type { PendingCall, World } from './world';

/** The parts of a run the runner moves forward together. */
export interface RunParts {
  readonly world: World;
  readonly recorder: Recorder;
  readonly monitor: Monitor;
  readonly log: ActionLog;
  readonly checkpoints: Checkpoints;
}

/** A simulation's operations as host-agnostic generators (see the module comment). */
export class Runner {
  /** The nodes' latest view models, as last read from the host. */
  readonly views = new Map<NodeId, NodeView>();
  private readonly world: World;
  private readonly recorder: Recorder;
  private readonly monitor: Monitor;
  private readonly log: ActionLog;
  private readonly checkpoints: Checkpoints;

  constructor(parts: RunParts) {
    ({
      world: this.world,
      recorder: this.recorder,
      monitor: this.monitor,
      log: this.log,
      checkpoints: this.checkpoints,
    } = parts);
  }

  /**
   * Boot every node and take the first checkpoint. All boots are recorded first, then
   * their effects applied in order, so a worker host may boot its workers in parallel.
   */
  *start(): Run<void> {
    const boots = this.world.nodes.map((n) => this.world.boot(n.id));
    const effects = yield* ask({ op: 'calls', calls: boots.map((b) => b.call) });
    boots.forEach((b, i) => this.finish(b, effects[i] as Effects));
    yield* this.checkpoint();
  }

  /** Run every event due up to virtual time `until`, then set the clock to `until`. */
  *runUntil(until: number): Run<void> {
    yield* this.advance(until, false);
    if (this.world.time < until) this.world.time = until;
  }

  /** Process the next event that leaves a mark in the trace; false when none is left. */
  *step(): Run<boolean> {
    return yield* this.advance(Infinity, true);
  }

  /**
   * Take a live action now; throws ActionRejected when the world cannot take it. Acting
   * in the past discards the recorded future and starts a new branch.
   */
  *act(action: SimAction): Run<void> {
    const problem = actionProblem(this.world, action);
    if (problem !== null) throw new ActionRejected(problem, action);
    if (this.log.isInPast) this.branchHere();
    yield* this.runOutcome(this.log.record(this.world, action));
  }

  /** Go to `time`: back via the nearest checkpoint, then forward by fast-forward windows. */
  *seek(time: number): Run<void> {
    if (time < this.world.time) yield* this.restore(this.checkpoints.before(time));
    yield* this.fastForward(time);
  }

  /** Run to `until` as fast as the host allows, by lookahead windows (fast-forward.ts). */
  *fastForward(until: number): Run<void> {
    for (;;) {
      const plan = planWindow(this.world, until, this.log, this.checkpoints);
      if (plan === 'done') break;
      if (plan === 'replay') return yield* this.runUntil(until);
      if (plan === 'step') {
        yield* this.runUntil(Math.min(until, this.world.nextEventTime()));
        continue;
      }
      if (plan === 'checkpoint') {
        yield* this.checkpoint();
        continue;
      }
      const outcomes = yield* ask({ op: 'batches', requests: plan.requests });
      mergeWindow(this.world, plan, outcomes, (p, effects) => this.finish(p, effects));
    }
    if (this.world.time < until) this.world.time = until;
  }

  /** Read the views of the nodes whose state changed since they were last read. */
  *refreshViews(): Run<void> {
    const ids = [...this.world.dirty];
    this.world.dirty.clear();
    const views = yield* ask({ op: 'views', nodes: ids });
    ids.forEach((id, i) => {
      const v = views[i];
      if (v) this.views.set(id, v);
    });
  }

  /** Forget the recorded future here, as acting in the past does. */
  branchHere(): void {
    this.log.forgetFuture();
    this.checkpoints.forgetAfter(this.world.steps, this.world.time);
  }

  /**
   * Move towards `until`: each move applies a due recorded action, or (after a checkpoint,
   * if one is due) takes the next event. Stops when there is nothing more to do by
   * `until` (false), or with `toNextMark`, once the trace has grown (true). One loop for
   * both, not a generator per move: this runs once per event.
   */
  private *advance(until: number, toNextMark: boolean): Run<boolean> {
    const start = this.recorder.length;
    for (;;) {
      if (toNextMark && this.recorder.length !== start) return true;
      const due = this.log.due(until, this.world.steps, this.world.nextEventTime());
      if (due === 'wait') return false;
      if (due) {
        const outcome = this.log.replay(this.world, due);
        // A skipped action (it did not fit the run): go on with the next move.
        if (outcome === null) continue;
        yield* this.runOutcome(outcome);
        continue;
      }
      if (this.checkpoints.isDue(until, this.world.nextEventTime())) yield* this.checkpoint();
      const r = this.world.next(until);
      if (r === null) return false;
      // The handler call inline, not through ask(): the per-event path allocates nothing.
      if (r !== 'internal') this.finish(r, (yield r.call) as Effects);
    }
  }

  private *runOutcome(o: ActionOutcome): Run<void> {
    if (o.kill) {
      yield* ask({ op: 'kill', node: o.kill });
      this.observeDown(o.kill);
    }
    for (const p of o.calls) this.finish(p, yield* ask(p.call));
  }

  private *checkpoint(): Run<void> {
    const ids = this.world.nodes.map((n) => n.id);
    const snapshots = yield* ask({ op: 'snapshots', nodes: ids });
    const nodes = new Map<NodeId, NodeSnapshot>();
    ids.forEach((id, i) => {
      const s = snapshots[i];
      if (s) nodes.set(id, s);
    });
    const time = this.checkpoints.momentFor(this.world.time);
    this.world.time = time;
    this.checkpoints.add({
      time,
      steps: this.world.steps,
      cursor: this.log.cursor,
      world: this.world.snapshot(),
      trace: this.recorder.mark(),
      nodes,
      monitor: this.monitor.snapshot(),
    });
  }

  private *restore(cp: Checkpoint): Run<void> {
    this.world.restore(cp.world);
    this.recorder.truncate(cp.trace);
    this.monitor.restore(cp.monitor);
    this.log.rewind(cp.cursor);
    this.checkpoints.resumeFrom(cp.time);
    this.views.clear();
    const nodes = this.world.nodes.map((n) => {
      const snapshot = cp.nodes.get(n.id);
      return { node: n.id, to: snapshot ? { boot: this.world.bootInput(n), snapshot } : null };
    });
    yield* ask({ op: 'restore', nodes });
  }

  /** Apply a handler's effects and show the invariants the node's new state. */
  private finish(p: PendingCall, effects: Effects): void {
    this.world.complete(p, effects);
    const node = this.world.node(p.node);
    if (effects.crashed !== undefined) {
      this.world.crashAtPoint(node, effects.crashed, p.cause);
      this.observeDown(p.node);
    } else if (effects.error !== undefined) this.observeDown(p.node);
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
}
