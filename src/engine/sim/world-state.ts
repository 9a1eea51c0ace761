/**
 * The world's state: the clock, the agenda, the nodes, the messages in flight and the
 * counters that name new things, with the lookups every rule needs and the snapshot a
 * checkpoint keeps. The rules that change it are layered on top, one idea per file:
 * world-effects.ts (applying a handler's effects), world-events.ts (taking the next event),
 * world-faults.ts (node lifecycle, clocks, links) and world-interventions.ts (the learner's
 * hand on single messages); world.ts assembles them.
 */
import type { BootInput, HostCall } from '../host/types';
import { Network, type NetworkSnapshot } from '../net/network';
import type { NodeId } from '../protocol';
import type { Scenario } from '../scenario';
import { EventQueue } from './event-queue';
import { copyFlight, type InFlight, type QueueEvent } from './in-flight';
import { copyNodeRecord, localClockAt, type NodeRecord } from './node-record';
import { seedState } from './prng';
import type { Recorder } from './recorder';

/** A handler call the world is waiting on, and the trace entry that caused it. */
export interface PendingCall {
  readonly call: HostCall;
  readonly node: NodeId;
  readonly cause: number;
}

/** The world at one moment, as a checkpoint keeps it (see snapshot() for what is shared). */
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

/** What taking one event gave: a handler call to run, an event settled inside the world, or nothing due. */
export type StepResult = PendingCall | 'internal' | null;

/** The state under the world's rules; see world.ts for the class callers use. */
export class WorldState {
  time = 0;
  /** Queue events taken so far: recorded actions are placed by this count. */
  steps = 0;
  readonly network: Network;
  protected readonly queue = new EventQueue<QueueEvent>();
  protected readonly nodeMap = new Map<NodeId, NodeRecord>();
  protected readonly flights = new Map<number, InFlight>();
  protected seq = 0;
  protected msgCounter = 0;
  protected timerCounter = 0;
  /** Hold mode: messages wait at their destination for the learner to deliver them. */
  holdMessages = false;
  /** Nodes whose state changed since the views were last read. */
  readonly dirty = new Set<NodeId>();
  /** Whether nodes summarise their state for invariants after every call (see BootInput). */
  observeStates = true;

  constructor(
    readonly scenario: Scenario,
    readonly seed: number,
    protected readonly recorder: Recorder,
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

  /** Every node, in scenario order (a fresh array: safe to keep). */
  get nodes(): readonly NodeRecord[] {
    return [...this.nodeMap.values()];
  }

  /** The node's record; throws on an unknown id (an engine or scenario bug). */
  node(id: NodeId): NodeRecord {
    const n = this.nodeMap.get(id);
    if (!n) throw new Error(`no node ${id}`);
    return n;
  }

  hasNode(id: NodeId): boolean {
    return this.nodeMap.has(id);
  }

  /** Messages between send and delivery, held ones included (a live view: do not change the world while iterating). */
  inFlight(): IterableIterator<InFlight> {
    return this.flights.values();
  }

  /** One message in flight by id; undefined once delivered or dropped. */
  flight(id: number): InFlight | undefined {
    return this.flights.get(id);
  }

  /** Time of the next queued event, or Infinity. Stale events count: they cost nothing. */
  nextEventTime(): number {
    return this.queue.peek()?.time ?? Infinity;
  }

  /** The node's local clock reading (ms) at virtual time t. */
  localTime(node: NodeRecord, t = this.time): number {
    return localClockAt(node.clock, t);
  }
  /** What a node's host needs to start its current incarnation (its random stream is seeded per incarnation). */
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
      ...(node.tornWrite ? { tornWrite: true } : {}),
    };
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
