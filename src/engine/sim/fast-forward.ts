/**
 * Fast-forward windows (ARCHITECTURE.md, guarantee 8). Nothing can reach a node sooner
 * than the smallest link latency, so within a window that short every node runs all its
 * due events in one host call, and the results are merged back in (time, seq) order: the
 * trace is the one step-by-step running gives.
 */
import type { BatchRequest, Effects } from '../host/types';
import type { NodeId } from '../protocol';
import type { ActionLog } from './action-log';
import type { Checkpoints } from './checkpoints';
import type { BatchOutcome } from './host-requests';
import type { PendingCall, World } from './world';

/** One window: every node's batch of events due by `until` and strictly before `before`. */
export interface Window {
  /** Virtual time (ms) the window runs to, inclusive. */
  readonly until: number;
  /** Events at or after this moment (ms) wait for the next window: a send could reach them. */
  readonly before: number;
  readonly requests: ReadonlyMap<NodeId, BatchRequest>;
}

/**
 * What fast-forward does next: a batch window; a plain run ('replay') when recorded actions
 * are pending; one plain step when links have no latency (no lookahead); a checkpoint; or
 * nothing ('done') when no event is due by `until`.
 */
export type WindowPlan = 'done' | 'replay' | 'step' | 'checkpoint' | Window;

/** Plan fast-forward's next move towards `until` (ms). */
export function planWindow(
  world: World,
  until: number,
  log: ActionLog,
  checkpoints: Checkpoints,
): WindowPlan {
  // Recorded actions are placed by step count: replay them one event at a time.
  if (log.isInPast) return 'replay';
  // As step by step: a checkpoint due by `until` is taken even when no event is.
  if (checkpoints.isDue(until, world.nextEventTime())) return 'checkpoint';
  if (world.nextEventTime() > until) return 'done';
  const lookahead = world.network.minLatencyMs();
  if (!(lookahead > 0)) return 'step';
  // A window stops at the next checkpoint, taken at the moment step-by-step takes it.
  const end = Math.min(until, checkpoints.nextAt);
  // It starts at the first event that runs a handler (none can send sooner): stale
  // timers and drops before it are settled in the same window, at no cost.
  const before = world.firstCallTime(end) + lookahead;
  const requests = new Map<NodeId, BatchRequest>();
  for (const [id, events] of world.dueCalls(end, before)) {
    const node = world.node(id);
    const timers: Record<string, number> = {};
    for (const [name, t] of Object.entries(node.timers)) timers[name] = t.id;
    requests.set(id, { events, clock: { ...node.clock }, timers, until: end, before });
  }
  return { until: end, before, requests };
}

/**
 * Take the window's events in global order, applying each node's precomputed effects with
 * `finish`. Throws if a node's batch does not match the events the world hands out: that
 * would be an engine bug, and going on would silently fork the trace.
 */
export function mergeWindow(
  world: World,
  window: Window,
  outcomes: ReadonlyMap<NodeId, BatchOutcome>,
  finish: (p: PendingCall, effects: Effects) => void,
): void {
  const { until, before } = window;
  /** Per node, how many of its batch's calls are consumed. */
  const used = new Map<NodeId, number>();
  for (let r = world.next(until, before); r !== null; r = world.next(until, before)) {
    if (r === 'internal') continue;
    const outcome = outcomes.get(r.node);
    const index = used.get(r.node) ?? 0;
    const call = outcome?.calls[index];
    const input = r.call.op === 'handle' ? r.call.input : null;
    const key =
      input?.kind === 'message' ? input.from : input?.kind === 'timer' ? input.name : null;
    if (call && call.kind === input?.kind && call.key === key && call.time === world.time) {
      used.set(r.node, index + 1);
      finish(r, call.effects);
    } else if (outcome?.error) {
      finish(r, { sends: [], timers: [], logs: [], history: [], error: outcome.error });
    } else {
      throw new Error(
        `fast-forward diverged from step-by-step running at ${r.node}, ${world.time} ms (an engine bug)`,
      );
    }
  }
}
