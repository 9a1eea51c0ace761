/**
 * Faults and their repair, as the learner or a nemesis causes them: crash, restart, pause
 * and resume a node, skew its clock, cut links; and a protocol action (e.g. a client
 * request) handed to a node. Called by apply-action.ts.
 */
import type { NodeId, ProtocolAction } from '../protocol';
import { corruptTail } from './disk-faults';
import type { NodeRecord } from './node-record';
import { createRng, seedState } from './prng';
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

  /**
   * The node reached a crash point in a handler (`NodeContext.crashPoint`): the handler's
   * disk write, logs and history are applied (World.complete), then the process dies here.
   */
  crashAtPoint(node: NodeRecord, point: string, cause: number): void {
    this.recorder.append({
      t: this.time,
      k: 'log',
      node: node.id,
      text: `crashed ${point}`,
      cause,
    });
    this.crash(node);
  }

  /**
   * Crash after a lying fsync: the node's last write never reached the disk, which holds
   * what it held before (disk-faults.ts). Messages the node sent after that write are
   * already out: the world acted on a promise the disk did not keep.
   */
  crashLosingWrites(node: NodeRecord): void {
    this.crash(node);
    const lost = node.previousPersisted !== node.persisted;
    node.persisted = node.previousPersisted;
    node.tornWrite = lost;
    this.recorder.append({
      t: this.time,
      k: 'disk',
      node: node.id,
      fault: 'lost-write',
      text: lost
        ? `${node.id}'s last write never reached its disk (the fsync lied)`
        : `${node.id} had no write to lose`,
    });
  }

  /**
   * Garble the last few entries of the node's on-disk log (crashing it first if it runs:
   * the damage is found when it next reads its disk, at boot). Which entries and bytes is
   * drawn from the run's seed, the node and its incarnation, so a replay garbles the same.
   */
  corruptDisk(node: NodeRecord): void {
    if (node.status !== 'crashed' && node.status !== 'faulted') this.crash(node);
    const rng = createRng(
      seedState(this.seed, `disk:${node.id}:${node.incarnation}:${this.steps}`),
    );
    const corruption = corruptTail(node.persisted, rng);
    if (corruption) {
      node.persisted = corruption.disk;
      // Nothing older is on disk intact to fall back to: the garbled write is the disk.
      node.previousPersisted = corruption.disk;
    }
    this.dirty.add(node.id);
    const { garbled = 0, length = 0 } = corruption ?? {};
    this.recorder.append({
      t: this.time,
      k: 'disk',
      node: node.id,
      fault: 'corrupted',
      text: corruption
        ? `${node.id}'s disk garbled ${garbled === 1 ? `entry ${length}` : `entries ${length - garbled + 1}–${length}`} of its log`
        : `${node.id}'s disk has no log to garble`,
    });
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
