/**
 * Applying what a handler did to the world: its disk, narration, history, timers and sends
 * (each send planned by the network model into copies that arrive, or are lost, later), and
 * the two ways a node's run ends without a handler: a fault, and a dropped message.
 */
import type { Effects, LogLine, OutgoingMessage, TimerChange } from '../host/types';
import type { Transit } from '../net/network';
import type { HistoryOp, Json, MessageBase, NodeId } from '../protocol';
import type { InFlight } from './in-flight';
import type { NodeRecord } from './node-record';
import type { DropReason, NewEntry } from './trace';
import { WorldState, type PendingCall } from './world-state';

/** The world's state plus the rules for a handler's effects. */
export class WorldEffects extends WorldState {
  /** The boot call for a node's current incarnation, recorded in the trace. */
  boot(id: NodeId): PendingCall {
    const node = this.node(id);
    const entry = this.recorder.append({
      t: this.time,
      k: 'boot',
      node: id,
      incarnation: node.incarnation,
      recovered: node.persisted !== undefined,
    });
    this.dirty.add(id);
    return { call: { op: 'boot', input: this.bootInput(node) }, node: id, cause: entry.i };
  }

  /** Apply what a handler did. Order matters and is fixed: disk, narration, timers, sends. */
  complete(pending: PendingCall, effects: Effects): void {
    const node = this.node(pending.node);
    const t = this.time;
    if (effects.error !== undefined) {
      this.fault(node, effects.error, pending.cause);
      return;
    }
    // Index loops, not for…of: this runs after every event, and effects' empty lists are
    // one shared frozen array, which for…of walks with an iterator object per loop.
    const { sends, logs, history, timers } = effects;
    for (let i = 0; i < sends.length; i++) {
      const s = sends[i] as OutgoingMessage;
      if (!this.nodeMap.has(s.to)) {
        this.fault(node, `sent ${s.message.type} to unknown node "${s.to}"`, pending.cause);
        return;
      }
    }
    // Durable before any message leaves, like an fsync before replying.
    if (effects.persisted !== undefined) {
      // Kept for a lying fsync (disk-faults.ts); the new write replaces any torn record.
      if (effects.persisted !== node.persisted) node.previousPersisted = node.persisted;
      node.persisted = effects.persisted;
      if (node.tornWrite) node.tornWrite = false;
    }
    for (let i = 0; i < logs.length; i++) {
      const { text, marker, fact } = logs[i] as LogLine;
      this.recorder.append({
        t,
        k: 'log',
        node: node.id,
        text,
        cause: pending.cause,
        ...(marker === undefined ? {} : { marker }),
        ...(fact === undefined ? {} : { fact }),
      });
    }
    for (let i = 0; i < history.length; i++)
      this.recorder.append({
        t,
        k: 'op',
        node: node.id,
        op: history[i] as HistoryOp,
        cause: pending.cause,
      });
    for (let i = 0; i < timers.length; i++) {
      const change = timers[i] as TimerChange;
      if (change.delayMs === null) {
        delete node.timers[change.name];
        continue;
      }
      const id = ++this.timerCounter;
      // A fast clock (drift > 0) makes local delays elapse sooner in virtual time.
      const fireAt = t + change.delayMs / (1 + node.clock.drift);
      node.timers[change.name] = { id, armedAt: t, fireAt };
      this.queue.push({
        time: fireAt,
        seq: ++this.seq,
        type: 'timer',
        node: node.id,
        name: change.name,
        timer: id,
      });
    }
    for (let i = 0; i < sends.length; i++) {
      const s = sends[i] as OutgoingMessage;
      // The network's plans are read at once: it reuses them for the next message.
      const copies = this.network.planCopies(node.id, s.to, t, s.sizeBytes);
      let original: number | undefined;
      for (let c = 0; c < copies; c++) {
        const id = this.launch(
          node.id,
          s.to,
          s.message,
          s.sizeBytes,
          this.network.planned(c),
          pending.cause,
          original,
        );
        original ??= id;
      }
    }
  }

  protected launch(
    from: NodeId,
    to: NodeId,
    message: MessageBase,
    sizeBytes: number,
    transit: Transit,
    cause: number,
    duplicateOf: number | undefined,
  ): number {
    const id = ++this.msgCounter;
    // Every send takes this path: the optional field is set after, not spread in.
    const send: NewEntry & { k: 'send' } = {
      t: this.time,
      k: 'send',
      node: from,
      to,
      msg: id,
      kind: message.type,
      payload: message as unknown as Json,
      cause,
      deliverAt: transit.deliverAt,
    };
    if (duplicateOf !== undefined) send.duplicateOf = duplicateOf;
    const entry = this.recorder.append(send);
    const seq = ++this.seq;
    const flight: { -readonly [K in keyof InFlight]: InFlight[K] } = {
      id,
      from,
      to,
      kind: message.type,
      message,
      sizeBytes,
      sentAt: this.time,
      departAt: transit.departAt,
      deliverAt: transit.deliverAt,
      lostAt: transit.lostAt,
      lostTo: transit.lostTo,
      sendEntry: entry.i,
      eventSeq: seq,
      heldSince: null,
    };
    if (duplicateOf !== undefined) flight.duplicateOf = duplicateOf;
    this.flights.set(id, flight);
    this.queue.push({ time: transit.lostAt ?? transit.deliverAt, seq, type: 'msg', msg: id });
    return id;
  }

  protected drop(m: InFlight, reason: DropReason): void {
    this.flights.delete(m.id);
    if (m.lostAt === null) m.lostAt = this.time;
    this.recorder.append({
      t: this.time,
      k: 'drop',
      node: m.to,
      from: m.from,
      msg: m.id,
      kind: m.kind,
      reason,
    });
  }

  /** A handler threw (or broke a rule): the node stops, shown with its error, and the run goes on. */
  fault(node: NodeRecord, error: string, cause: number): void {
    node.status = 'faulted';
    node.error = error;
    node.timers = {};
    node.deferred = [];
    this.dirty.add(node.id);
    this.recorder.append({ t: this.time, k: 'fault', node: node.id, error, cause });
  }
}
