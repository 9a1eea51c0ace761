/**
 * The world: the simulator's state and its rules, synchronous and host-agnostic. It owns
 * the clock, the agenda, the network, the nodes' fault state, their timers and their disks.
 * Handler calls are handed out (`next`) and their effects applied (`complete`) by a runner,
 * which is the only part that knows whether nodes live in workers or in-process.
 *
 * The class is assembled in layers, one idea per file, each extending the one before:
 * world-state.ts → world-effects.ts → world-events.ts → world-faults.ts →
 * world-interventions.ts → this file, which adds what fast-forward asks of the world.
 */
import type { BatchEvent } from '../host/types';
import type { NodeId } from '../protocol';
import type { InFlight, QueueEvent } from './in-flight';
import { WorldInterventions } from './world-interventions';

export type { InFlight, QueueEvent } from './in-flight';
export {
  localClockAt,
  type ClockState,
  type NodeRecord,
  type NodeStatus,
  type TimerState,
} from './node-record';
export type { PendingCall, StepResult, WorldSnapshot } from './world-state';

/** The world as runners, actions and frames use it (see the layers named above). */
export class World extends WorldInterventions {
  /**
   * The handler calls due strictly before `before` (and at or before `until`), grouped by
   * node and in each node's order — what a node can run in one batch during fast-forward,
   * when `before` is no later than the earliest moment a message sent now could arrive.
   * Paused, crashed and faulted nodes are left out; the world settles their events itself.
   */
  dueCalls(until: number, before: number): Map<NodeId, BatchEvent[]> {
    const byNode = new Map<NodeId, BatchEvent[]>();
    const add = (node: NodeId, e: BatchEvent) => {
      const list = byNode.get(node);
      if (list) list.push(e);
      else byNode.set(node, [e]);
    };
    for (const ev of this.queue.items()) {
      if (ev.time > until || ev.time >= before) continue;
      const m = this.callFor(ev);
      if (m === null) continue;
      if (ev.type === 'msg') {
        const { from, to, message } = m as InFlight;
        add(to, { time: ev.time, seq: ev.seq, kind: 'message', from, message });
      } else {
        add(ev.node, {
          time: ev.time,
          seq: ev.seq,
          kind: 'timer',
          name: ev.name,
          timerId: ev.timer,
        });
      }
    }
    for (const list of byNode.values()) list.sort((a, b) => a.time - b.time || a.seq - b.seq);
    return byNode;
  }

  /**
   * The time of the first queued event (at or before `until`) that will run a handler, or
   * Infinity: stale timers, drops and deliveries to stopped nodes run none, so they send
   * nothing and need not start a fast-forward window.
   */
  firstCallTime(until: number): number {
    let first = Infinity;
    for (const ev of this.queue.items()) {
      if (ev.time < first && ev.time <= until && this.callFor(ev) !== null) first = ev.time;
    }
    return first;
  }

  /** The message (or true, for a timer) a queued event hands a running node, else null. */
  private callFor(ev: QueueEvent): InFlight | true | null {
    if (ev.type === 'msg') {
      const m = this.flights.get(ev.msg);
      if (!m || m.eventSeq !== ev.seq || m.lostAt !== null || this.holdMessages) return null;
      return this.node(m.to).status === 'up' ? m : null;
    }
    const node = this.node(ev.node);
    const timer = node.timers[ev.name];
    return timer && timer.id === ev.timer && node.status === 'up' ? true : null;
  }
}
