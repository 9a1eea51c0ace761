/**
 * Taking the next event off the agenda: a message arrives (or is lost, held for the
 * learner, kept by a paused node, dropped at a stopped one) or a timer fires. Each event
 * either becomes a handler call for the runner or is settled here.
 */
import type { InFlight, QueueEvent } from './in-flight';
import type { NodeRecord } from './node-record';
import { WorldEffects } from './world-effects';
import type { PendingCall, StepResult } from './world-state';

/** The world's state and effects, plus the rules for what each agenda event does. */
export class WorldEvents extends WorldEffects {
  /**
   * Take the next event due at or before `until`. Returns the handler call it needs, or
   * 'internal' when the event was settled here (a drop, a deferral, a stale entry), or null
   * when nothing is due.
   */
  next(until: number, before = Infinity): StepResult {
    const ev = this.queue.peek();
    if (!ev || ev.time > until || ev.time >= before) return null;
    this.queue.pop();
    this.steps++;
    this.time = ev.time;
    return ev.type === 'msg' ? this.arrive(ev) : this.fire(ev);
  }

  private arrive(ev: Extract<QueueEvent, { type: 'msg' }>): StepResult {
    const m = this.flights.get(ev.msg);
    if (!m || m.eventSeq !== ev.seq) return 'internal';
    if (m.lostAt !== null) {
      this.drop(m, m.lostTo ?? 'loss');
      return 'internal';
    }
    if (this.holdMessages) {
      m.heldSince = this.time;
      this.recorder.append({
        t: this.time,
        k: 'held',
        node: m.to,
        from: m.from,
        msg: m.id,
        kind: m.kind,
      });
      return 'internal';
    }
    return this.handOver(m);
  }

  /** A message has arrived: the node handles it, or keeps it while paused, or it is lost. */
  protected handOver(m: InFlight): StepResult {
    const node = this.node(m.to);
    if (node.status === 'paused') {
      this.flights.delete(m.id);
      node.deferred.push({ kind: 'msg', msg: m });
      return 'internal';
    }
    if (node.status !== 'up') {
      this.drop(m, node.status === 'crashed' ? 'crashed' : 'faulted');
      return 'internal';
    }
    return this.deliver(node, m);
  }

  private deliver(node: NodeRecord, m: InFlight): PendingCall {
    this.flights.delete(m.id);
    const entry = this.recorder.append({
      t: this.time,
      k: 'deliver',
      node: m.to,
      from: m.from,
      msg: m.id,
      kind: m.kind,
    });
    this.dirty.add(node.id);
    return {
      call: {
        op: 'handle',
        node: node.id,
        input: {
          kind: 'message',
          from: m.from,
          message: m.message,
          localTime: this.localTime(node),
        },
      },
      node: node.id,
      cause: entry.i,
    };
  }

  private fire(ev: Extract<QueueEvent, { type: 'timer' }>): StepResult {
    const node = this.node(ev.node);
    const timer = node.timers[ev.name];
    if (!timer || timer.id !== ev.timer) return 'internal';
    delete node.timers[ev.name];
    if (node.status === 'paused') {
      node.deferred.push({ kind: 'timer', name: ev.name });
      return 'internal';
    }
    if (node.status !== 'up') return 'internal';
    return this.timerCall(node, ev.name);
  }

  private timerCall(node: NodeRecord, name: string): PendingCall {
    const entry = this.recorder.append({ t: this.time, k: 'timer', node: node.id, name });
    this.dirty.add(node.id);
    return {
      call: {
        op: 'handle',
        node: node.id,
        input: { kind: 'timer', name, localTime: this.localTime(node) },
      },
      node: node.id,
      cause: entry.i,
    };
  }
}
