/**
 * The world: the simulator's state and its rules, synchronous and host-agnostic. It owns
 * the clock, the agenda, the network, the nodes' fault state, their timers and their disks.
 * Handler calls are handed out (`next`) and their effects applied (`complete`) by a runner,
 * which is the only part that knows whether nodes live in workers or in-process.
 */
import type {
  BatchEvent,
  BootInput,
  Effects,
  HostCall,
  LogLine,
  OutgoingMessage,
  TimerChange,
} from '../host/types';
import { Network, type NetworkSnapshot, type Transit } from '../net/network';
import type { HistoryOp, Json, MessageBase, NodeId, ProtocolAction } from '../protocol';
import type { Scenario } from '../scenario';
import { EventQueue } from './event-queue';
import { seedState } from './prng';
import type { Recorder } from './recorder';
import type { DropReason, NewEntry } from './trace';

export type NodeStatus = 'up' | 'crashed' | 'paused' | 'faulted';

/** A node's local clock reading at virtual time t (shared with batched runs in workers). */
export function localClockAt(c: ClockState, t: number): number {
  return t + c.skewMs + c.driftAccumMs + (t - c.driftSince) * c.drift;
}

export interface TimerState {
  readonly id: number;
  readonly armedAt: number;
  readonly fireAt: number;
}

/** A node's local clock: virtual time plus skew plus accumulated drift. */
export interface ClockState {
  skewMs: number;
  drift: number;
  driftSince: number;
  driftAccumMs: number;
}

export interface NodeRecord {
  readonly id: NodeId;
  readonly protocol: string;
  readonly options: Json;
  readonly peers: readonly NodeId[];
  status: NodeStatus;
  incarnation: number;
  /** The node's disk: survives crashes. */
  persisted: Json | undefined;
  error: string | null;
  clock: ClockState;
  timers: Record<string, TimerState>;
  /** What reached the node while it was paused, in arrival order. */
  deferred: Deferred[];
}

type Deferred = { kind: 'msg'; msg: InFlight } | { kind: 'timer'; name: string };

export interface InFlight {
  readonly id: number;
  readonly from: NodeId;
  readonly to: NodeId;
  readonly kind: string;
  readonly message: MessageBase;
  readonly sizeBytes: number;
  readonly sentAt: number;
  readonly departAt: number;
  deliverAt: number;
  lostAt: number | null;
  lostTo: 'loss' | 'partition' | null;
  /** Index of this copy's send entry in the trace. */
  readonly sendEntry: number;
  readonly duplicateOf?: number;
  /** Seq of the queue event that is live for this message; older ones are stale. */
  eventSeq: number;
  /** In hold mode: when it reached its destination and began waiting to be delivered by hand. */
  heldSince: number | null;
}

export type QueueEvent =
  | { readonly time: number; readonly seq: number; readonly type: 'msg'; readonly msg: number }
  | {
      readonly time: number;
      readonly seq: number;
      readonly type: 'timer';
      readonly node: NodeId;
      readonly name: string;
      readonly timer: number;
    };

/** A handler call the world is waiting on, and the trace entry that caused it. */
export interface PendingCall {
  readonly call: HostCall;
  readonly node: NodeId;
  readonly cause: number;
}

export interface WorldSnapshot {
  readonly time: number;
  readonly steps: number;
  readonly counters: { seq: number; msg: number; timer: number };
  readonly nodes: NodeRecord[];
  readonly queue: QueueEvent[];
  readonly inFlight: InFlight[];
  readonly network: NetworkSnapshot;
  readonly holdMessages: boolean;
}

export type StepResult = PendingCall | 'internal' | null;

export class World {
  time = 0;
  /** Queue events taken so far: recorded actions are placed by this count. */
  steps = 0;
  readonly network: Network;
  private readonly queue = new EventQueue<QueueEvent>();
  private readonly nodeMap = new Map<NodeId, NodeRecord>();
  private readonly flights = new Map<number, InFlight>();
  private seq = 0;
  private msgCounter = 0;
  private timerCounter = 0;
  /** Hold mode: messages wait at their destination for the learner to deliver them. */
  holdMessages = false;
  /** Nodes whose state changed since the views were last read. */
  readonly dirty = new Set<NodeId>();
  /** Whether nodes summarise their state for invariants after every call (see BootInput). */
  observeStates = true;

  constructor(
    readonly scenario: Scenario,
    readonly seed: number,
    private readonly recorder: Recorder,
  ) {
    this.network = new Network(seed, scenario.network?.defaults);
    for (const l of scenario.network?.links ?? []) this.network.configure(l.from, l.to, l.config);
    for (const spec of scenario.nodes) {
      if (this.nodeMap.has(spec.id)) throw new Error(`scenario lists node ${spec.id} twice`);
      const peers = scenario.nodes
        .filter((n) => n.protocol === spec.protocol && n.id !== spec.id)
        .map((n) => n.id);
      this.nodeMap.set(spec.id, {
        id: spec.id,
        protocol: spec.protocol,
        options: spec.options ?? null,
        peers,
        status: 'up',
        incarnation: 0,
        persisted: undefined,
        error: null,
        clock: { skewMs: 0, drift: 0, driftSince: 0, driftAccumMs: 0 },
        timers: {},
        deferred: [],
      });
    }
  }

  get nodes(): readonly NodeRecord[] {
    return [...this.nodeMap.values()];
  }

  node(id: NodeId): NodeRecord {
    const n = this.nodeMap.get(id);
    if (!n) throw new Error(`no node ${id}`);
    return n;
  }

  hasNode(id: NodeId): boolean {
    return this.nodeMap.has(id);
  }

  inFlight(): IterableIterator<InFlight> {
    return this.flights.values();
  }

  flight(id: number): InFlight | undefined {
    return this.flights.get(id);
  }

  /** Time of the next queued event, or Infinity. Stale events count: they cost nothing. */
  nextEventTime(): number {
    return this.queue.peek()?.time ?? Infinity;
  }

  localTime(node: NodeRecord, t = this.time): number {
    return localClockAt(node.clock, t);
  }

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

  bootInput(node: NodeRecord): BootInput {
    return {
      node: node.id,
      protocol: node.protocol,
      options: node.options,
      peers: node.peers,
      persisted: node.persisted,
      rng: seedState(this.seed, `node:${node.id}:${node.incarnation}`),
      localTime: this.localTime(node),
      observe: this.observeStates,
    };
  }

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
  private handOver(m: InFlight): StepResult {
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
    if (effects.persisted !== undefined) node.persisted = effects.persisted;
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

  private launch(
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

  private drop(m: InFlight, reason: DropReason): void {
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

  fault(node: NodeRecord, error: string, cause: number): void {
    node.status = 'faulted';
    node.error = error;
    node.timers = {};
    node.deferred = [];
    this.dirty.add(node.id);
    this.recorder.append({ t: this.time, k: 'fault', node: node.id, error, cause });
  }

  // ---- Faults and interventions (called by applyAction) ----

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

  restart(node: NodeRecord): PendingCall {
    node.status = 'up';
    node.error = null;
    node.incarnation++;
    node.timers = {};
    node.deferred = [];
    this.recorder.append({ t: this.time, k: 'restart', node: node.id });
    return this.boot(node.id);
  }

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

  setHoldMessages(on: boolean): void {
    this.holdMessages = on;
    this.note(on ? 'hold mode on: messages wait to be delivered by hand' : 'hold mode off');
    if (on) return;
    // Everything that was waiting is delivered now, in the order it arrived.
    const waiting = [...this.flights.values()].filter((m) => m.heldSince !== null);
    waiting.sort((a, b) => (a.heldSince ?? 0) - (b.heldSince ?? 0) || a.id - b.id);
    for (const m of waiting) {
      m.heldSince = null;
      m.deliverAt = this.time;
      m.eventSeq = ++this.seq;
      this.queue.push({ time: this.time, seq: m.eventSeq, type: 'msg', msg: m.id });
    }
  }

  /** The learner delivers one held message now. */
  deliverHeld(m: InFlight): StepResult {
    m.heldSince = null;
    m.deliverAt = this.time;
    m.eventSeq = ++this.seq;
    return this.handOver(m);
  }

  interveneDrop(m: InFlight): void {
    this.recorder.append({ t: this.time, k: 'intervene', node: m.to, msg: m.id, what: 'drop' });
    this.drop(m, 'intervention');
  }

  interveneDelay(m: InFlight, byMs: number): void {
    this.recorder.append({
      t: this.time,
      k: 'intervene',
      node: m.to,
      msg: m.id,
      what: 'delay',
      byMs,
    });
    m.deliverAt += byMs;
    if (m.lostAt !== null) m.lostAt += byMs;
    m.eventSeq = ++this.seq;
    this.queue.push({ time: m.lostAt ?? m.deliverAt, seq: m.eventSeq, type: 'msg', msg: m.id });
  }

  /** A second copy of an in-flight message, taking as long from now as the original takes. */
  interveneDuplicate(m: InFlight): void {
    this.recorder.append({
      t: this.time,
      k: 'intervene',
      node: m.to,
      msg: m.id,
      what: 'duplicate',
    });
    const travel = m.deliverAt - m.departAt;
    const transit: Transit = {
      departAt: this.time,
      deliverAt: this.time + travel,
      lostAt: null,
      lostTo: null,
    };
    const cause = this.recorder.at(m.sendEntry);
    this.launch(
      m.from,
      m.to,
      m.message,
      m.sizeBytes,
      transit,
      cause?.k === 'send' ? cause.cause : -1,
      m.id,
    );
  }

  setClock(node: NodeRecord, skewMs: number, drift: number): void {
    const c = node.clock;
    c.driftAccumMs += (this.time - c.driftSince) * c.drift;
    c.driftSince = this.time;
    c.drift = drift;
    c.skewMs = skewMs;
    this.dirty.add(node.id);
    this.recorder.append({ t: this.time, k: 'clock', node: node.id, skewMs, drift });
  }

  /**
   * The world's state for a checkpoint. Only what the world changes in place is copied
   * (node records, their clocks, timer tables and backlogs; messages in flight); what is
   * replaced whole and never changed — disks, message payloads, queue events, link
   * settings — is shared, since a checkpoint per virtual second would otherwise copy every
   * node's disk each time.
   */
  snapshot(): WorldSnapshot {
    return {
      time: this.time,
      steps: this.steps,
      counters: { seq: this.seq, msg: this.msgCounter, timer: this.timerCounter },
      nodes: [...this.nodeMap.values()].map(copyNodeRecord),
      queue: [...this.queue.items()],
      inFlight: [...this.flights.values()].map(copyFlight),
      network: this.network.snapshot(),
      holdMessages: this.holdMessages,
    };
  }

  /** Go back to a checkpoint; the snapshot stays as it was (it may be restored again). */
  restore(s: WorldSnapshot): void {
    this.time = s.time;
    this.steps = s.steps;
    this.seq = s.counters.seq;
    this.msgCounter = s.counters.msg;
    this.timerCounter = s.counters.timer;
    this.nodeMap.clear();
    for (const n of s.nodes) this.nodeMap.set(n.id, copyNodeRecord(n));
    this.queue.reset(s.queue);
    this.flights.clear();
    for (const m of s.inFlight) this.flights.set(m.id, copyFlight(m));
    this.network.restore(s.network);
    this.holdMessages = s.holdMessages;
    for (const n of s.nodes) this.dirty.add(n.id);
  }
}

/** An in-flight message's own record (its payload is never changed, so it is shared). */
function copyFlight(m: InFlight): InFlight {
  return { ...m };
}

/** A node record with its own clock, timer table and backlog (timer states never change). */
function copyNodeRecord(n: NodeRecord): NodeRecord {
  return {
    ...n,
    clock: { ...n.clock },
    timers: { ...n.timers },
    deferred: n.deferred.map((d) =>
      d.kind === 'msg' ? { kind: 'msg', msg: copyFlight(d.msg) } : d,
    ),
  };
}
