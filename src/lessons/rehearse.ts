/**
 * A lesson rehearsed headless, for tests: the lesson's scenario in-process, its steps
 * played by the golden path (or by a learner who only waits), and the goals checked the way
 * the player checks them — every few virtual milliseconds, against what happened since
 * the step began.
 */
import type { Json, NodeId } from '../engine/protocol';
import type { Simulation } from '../engine/sim/simulation';
import { scenarioEntry } from '../engine/scenarios';
import { readSettings } from '../engine/scenarios/settings';
import { scenarioById, startInProcess } from '../engine/testing/run';
import { StepWatch } from './goal-context';
import { evaluateStep, freshStatus, goalHolds, runSettingsAt, type StepStatus } from './runner';
import type { FreshRun, GoalContext, Lesson, Move, Step } from './types';

/** How often (virtual ms) the rehearsal checks goals, like a frame in the player. */
const CHECK_EVERY_MS = 20;

export interface StepRehearsal {
  readonly step: Step;
  readonly status: StepStatus;
  /** The goal context when the rehearsal of the step ended. */
  readonly ctx: GoalContext;
}

export class Rehearsal {
  sim: Simulation;
  vars: Record<string, Json> = {};
  /** The node a scripted learner has selected (a fresh run clears it, as the lab does). */
  selected: NodeId | null = null;

  constructor(readonly lesson: Lesson) {
    this.sim = this.startRun(0);
  }

  /**
   * A new run of the lesson's scenario, with the settings in use at step `index`, read as the
   * lab reads them (a URL's text: "0" is off for a switch), so both build the same run.
   */
  private startRun(index: number): Simulation {
    const sc = this.lesson.scenario;
    const raw = runSettingsAt(this.lesson, index);
    const specs = scenarioEntry(sc.scenarioId)?.settings;
    return startInProcess(
      scenarioById(sc.scenarioId, {
        ...(sc.nodes === undefined ? {} : { nodes: sc.nodes }),
        settings: specs ? readSettings(specs, raw).values : raw,
      }),
      sc.seed,
    );
  }

  /** A step (or the sandbox) that begins a new run gets one, as the player opens one. */
  private freshRun(fresh: FreshRun | undefined, index: number): void {
    if (fresh) {
      this.sim = this.startRun(index);
      this.selected = null;
    }
  }

  /**
   * Run one step: apply its setup, then the moves, checking the goals as time passes;
   * afterwards keep running up to `idleMs` until the goals hold. `moves`: the golden path's;
   * `'idle'`, none; `'all-but-last'`, the golden path without its last action or preset (a
   * learner who sets everything up but never makes the step's decisive move).
   */
  step(index: number, moves: 'golden' | 'idle' | 'all-but-last', idleMs = 0): StepRehearsal {
    const step = this.lesson.steps[index];
    if (!step) throw new Error(`lesson ${this.lesson.id} has no step ${index}`);
    this.freshRun(step.freshRun, index);
    for (const a of step.setup ?? []) this.sim.actSync(a);
    const watch = new StepWatch(this.sim, this.sim.frame(0));
    const context = (): GoalContext => watch.context(this.sim.frame(0), this.vars, this.selected);
    let status = freshStatus(step);
    const wait = (ms: number) => {
      const until = this.sim.time + ms;
      while (this.sim.time < until && !status.done) {
        this.sim.runUntilSync(Math.min(until, this.sim.time + CHECK_EVERY_MS));
        status = evaluateStep(step, context(), status);
      }
    };
    if (moves !== 'idle') {
      const golden = this.lesson.golden[step.id] ?? [];
      const last = golden.findLastIndex((m) => 'act' in m || 'preset' in m);
      const played = moves === 'golden' ? golden : golden.filter((_, i) => i !== last);
      for (const move of played) {
        if ('waitMs' in move) wait(move.waitMs);
        else if ('select' in move) this.selected = move.select;
        else if ('preset' in move) {
          const preset = step.presets?.find((p) => p.id === move.preset);
          if (!preset) throw new Error(`step ${step.id} has no preset ${move.preset}`);
          for (const a of preset.actions(this.sim.frame(0))) this.sim.actSync(a);
        } else if ('act' in move)
          this.sim.actSync(typeof move.act === 'function' ? move.act(context()) : move.act);
        status = evaluateStep(step, context(), status);
      }
    }
    wait(idleMs);
    const ctx = context();
    if (status.done) this.vars = { ...this.vars, ...(step.capture?.(ctx) ?? {}) };
    return { step, status, ctx };
  }

  /** Idle in the sandbox for `idleMs`: the challenges met meanwhile (none, for a fair lesson). */
  sandboxIdle(idleMs: number): string[] {
    return this.sandbox([{ waitMs: idleMs }]);
  }

  /** Play `moves` in the sandbox (actions and waits): the challenges met, by id. */
  sandbox(moves: readonly Move[]): string[] {
    this.freshRun(this.lesson.sandbox.freshRun, this.lesson.steps.length);
    for (const a of this.lesson.sandbox.setup ?? []) this.sim.actSync(a);
    const watch = new StepWatch(this.sim, this.sim.frame(0));
    const context = () => watch.context(this.sim.frame(0), this.vars, this.selected);
    const met = new Set<string>();
    const check = () => {
      const ctx = context();
      for (const c of this.lesson.sandbox.challenges)
        if (goalHolds(c.goal.check(ctx))) met.add(c.id);
    };
    for (const move of moves) {
      if ('waitMs' in move) {
        const until = this.sim.time + move.waitMs;
        while (this.sim.time < until) {
          this.sim.runUntilSync(Math.min(until, this.sim.time + CHECK_EVERY_MS * 10));
          check();
        }
      } else if ('act' in move)
        this.sim.actSync(typeof move.act === 'function' ? move.act(context()) : move.act);
      else if ('select' in move) this.selected = move.select;
      else throw new Error('the sandbox has no presets or predictions');
      check();
    }
    return [...met];
  }
}
