/**
 * Faults and their repair, as the learner or a nemesis causes them: crash, restart, pause
 * and resume a node, skew its clock, cut links; and a protocol action (e.g. a client
 * request) handed to a node. Called by apply-action.ts.
 */
import type { NodeId, ProtocolAction } from '../protocol';
import type { NodeRecord } from './node-record';
import { WorldEvents } from './world-events';
import type { PendingCall } from './world-state';

/** The world's event rules, plus faults and protocol actions. */
export class WorldFaults extends WorldEvents {
  /** Crash: the node's volatile state is gone (its host kills it); its disk survives. */
  crash(node: NodeRecord): void {
    node.status = 'crashed';
    node.error = null;
    this.dirty.add(node.id);
    this.recorder.append({ t: this.time, k: 'crash', node: node.id });
    // Timers and anything buffered in the process die with it; the disk stays.
    node.timers = {};
    for (const d of node.deferred) if (d.kind === 'msg') this.drop(d.msg, 'crashed');
    node.deferred = [];
  }

  /** A fresh incarnation that recovers from its disk: the boot call for the runner. */
  restart(node: NodeRecord): PendingCall {
    node.status = 'up';
    node.error = null;
    node.incarnation++;
    node.timers = {};
    node.deferred = [];
    this.recorder.append({ t: this.time, k: 'restart', node: node.id });
    return this.boot(node.id);
  }

  /** Pause (a GC stall, a stopped VM): what arrives is kept, not handled, until resume. */
  pause(node: NodeRecord): void {
    node.status = 'paused';
    this.dirty.add(node.id);
    this.recorder.append({ t: this.time, k: 'pause', node: node.id });
  }

  /** Resume: what arrived during the pause is handled now, in arrival order. */
  resume(node: NodeRecord): void {
    node.status = 'up';
    this.dirty.add(node.id);
    this.recorder.append({ t: this.time, k: 'resume', node: node.id });
    const backlog = node.deferred;
    node.deferred = [];
    for (const d of backlog) {
      const seq = ++this.seq;
      if (d.kind === 'msg') {
        d.msg.deliverAt = this.time;
        d.msg.eventSeq = seq;
        this.flights.set(d.msg.id, d.msg);
        this.queue.push({ time: this.time, seq, type: 'msg', msg: d.msg.id });
      } else if (!node.timers[d.name]) {
        const id = ++this.timerCounter;
        node.timers[d.name] = { id, armedAt: this.time, fireAt: this.time };
        this.queue.push({
          time: this.time,
          seq,
          type: 'timer',
          node: node.id,
          name: d.name,
          timer: id,
        });
      }
    }
  }

  /** Cut the given directed links; messages in flight on them die where they are. */
  cut(links: ReadonlyArray<readonly [NodeId, NodeId]>, text: string): void {
    this.note(text);
    const newlyCut = new Set<string>();
    for (const [from, to] of links) {
      if (!this.network.isCut(from, to)) newlyCut.add(`${from}>${to}`);
      this.network.cutLink(from, to);
    }
    for (const m of [...this.flights.values()]) {
      // A held message has already crossed the network: it waits at its destination.
      if (m.lostAt === null && m.heldSince === null && newlyCut.has(`${m.from}>${m.to}`)) {
        m.lostTo = 'partition';
        this.drop(m, 'partition');
      }
    }
  }

  /** A protocol action (e.g. a client request) handled by the node now. */
  protocolAction(node: NodeRecord, action: ProtocolAction): PendingCall {
    const entry = this.recorder.append({ t: this.time, k: 'action', node: node.id, action });
    this.dirty.add(node.id);
    return {
      call: {
        op: 'handle',
        node: node.id,
        input: { kind: 'action', action, localTime: this.localTime(node) },
      },
      node: node.id,
      cause: entry.i,
    };
  }

  /** A change to the network, in words for the event log. */
  note(text: string): void {
    this.recorder.append({ t: this.time, k: 'net', text });
  }

  /**
   * Set a node's clock skew (ms) and drift (a rate: 0.1 runs 10% fast). Drift so far is
   * banked first, so the local clock never jumps when only the rate changes.
   */
  setClock(node: NodeRecord, skewMs: number, drift: number): void {
    const c = node.clock;
    c.driftAccumMs += (this.time - c.driftSince) * c.drift;
    c.driftSince = this.time;
    c.drift = drift;
    c.skewMs = skewMs;
    this.dirty.add(node.id);
    this.recorder.append({ t: this.time, k: 'clock', node: node.id, skewMs, drift });
  }
}
