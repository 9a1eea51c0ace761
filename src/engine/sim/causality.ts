/**
 * Happened-before over a trace (Lamport, 1978): an event precedes the next event on the
 * same node, and a send precedes the delivery of its message. The index follows the trace
 * through one cursor (`Recorder.tail`): it grows with it and forgets what a seek back replaced.
 */
import type { NodeId } from '../protocol';
import { TRACE_START, type Recorder, type TraceCursor } from './recorder';
import type { TraceEntry } from './trace';

/** Entries that are steps of a node's own process (drawn on its line in the diagram). */
export function isProcessEvent(e: TraceEntry): boolean {
  switch (e.k) {
    case 'boot':
    case 'send':
    case 'deliver':
    case 'timer':
    case 'action':
    case 'crash':
    case 'restart':
    case 'pause':
    case 'resume':
    case 'fault':
    case 'clock':
      return true;
    case 'drop':
    case 'held':
    case 'log':
    case 'op':
    case 'net':
    case 'intervene':
    case 'disk':
      return false;
    default: {
      const never: never = e;
      throw new Error(`unknown trace entry ${JSON.stringify(never)}`);
    }
  }
}

const PRUNE_EVERY = 20_000;

export class CausalIndex {
  private cursor: TraceCursor = TRACE_START;
  private prunedTo = 0;
  private readonly sendOf = new Map<number, number>();
  /** For each process event, the previous process event on the same node (or -1). */
  private readonly previousOnNode = new Map<number, number>();
  private readonly lastOnNode = new Map<NodeId, number>();

  constructor(private readonly recorder: Pick<Recorder, 'at' | 'tail' | 'firstKept'>) {}

  /** Index new entries; returns a lookup by global index (undefined once let go). */
  private sync(): (i: number) => TraceEntry | undefined {
    const recorder = this.recorder;
    const tail = recorder.tail(this.cursor);
    if (tail.wentBack) this.forgetFrom(tail.validBelow);
    this.cursor = tail.cursor;
    // The recorder lets old entries go; so does the index, in batches (memory stays flat).
    if (recorder.firstKept - this.prunedTo > PRUNE_EVERY) this.prune(recorder.firstKept);
    for (const e of tail.entries) {
      if (e.k === 'send') this.sendOf.set(e.msg, e.i);
      if (isProcessEvent(e) && 'node' in e) {
        this.previousOnNode.set(e.i, this.lastOnNode.get(e.node) ?? -1);
        this.lastOnNode.set(e.node, e.i);
      }
    }
    return (i) => recorder.at(i);
  }

  private prune(below: number): void {
    for (const [msg, i] of this.sendOf) if (i < below) this.sendOf.delete(msg);
    for (const i of this.previousOnNode.keys()) if (i < below) this.previousOnNode.delete(i);
    this.prunedTo = below;
  }

  /** The run went back: forget entries from index `from` on (their replay is indexed anew). */
  private forgetFrom(from: number): void {
    // Each node's last event before the cut, walking its chain back (before it is pruned).
    for (const [node, last] of this.lastOnNode) {
      let j = last;
      while (j >= from) j = this.previousOnNode.get(j) ?? -1;
      if (j >= 0) this.lastOnNode.set(node, j);
      else this.lastOnNode.delete(node);
    }
    for (const [msg, i] of this.sendOf) if (i >= from) this.sendOf.delete(msg);
    for (const i of this.previousOnNode.keys()) if (i >= from) this.previousOnNode.delete(i);
  }

  /** The index of the send entry of message `msg`, if it is in the trace. */
  sendEntryOf(msg: number): number | undefined {
    this.sync();
    return this.sendOf.get(msg);
  }

  /** Every entry that happened before entry `i` (not including it), ascending. */
  causalPast(i: number): number[] {
    const entryAt = this.sync();
    const seen = new Set<number>();
    const stack: number[] = [];
    const push = (j: number | undefined) => {
      if (j !== undefined && j >= 0 && !seen.has(j)) {
        seen.add(j);
        stack.push(j);
      }
    };
    const start = entryAt(i);
    if (!start) return [];
    const predecessors = (j: number) => {
      const e = entryAt(j);
      if (!e) return;
      push(this.previousOnNode.get(j));
      if (e.k === 'deliver' || e.k === 'drop' || e.k === 'held') push(this.sendOf.get(e.msg));
    };
    // A non-process entry (a drop, a log line) inherits the past of what it belongs to.
    if (!isProcessEvent(start)) {
      if ('cause' in start) push(start.cause);
      else if ('msg' in start) push(this.sendOf.get(start.msg));
    } else {
      predecessors(i);
    }
    while (stack.length) predecessors(stack.pop() as number);
    return [...seen].sort((a, b) => a - b);
  }

  /** The chain of direct causes of entry `i`: the handler run that sent it, what triggered that, … */
  causeChain(i: number): number[] {
    const entryAt = this.sync();
    const chain: number[] = [];
    let j: number | undefined = i;
    while (j !== undefined && j >= 0 && chain.length < 1000) {
      const e: TraceEntry | undefined = entryAt(j);
      if (!e) break;
      chain.push(j);
      if ('cause' in e) j = e.cause;
      else if (e.k === 'deliver' || e.k === 'drop' || e.k === 'held') j = this.sendOf.get(e.msg);
      else j = undefined;
    }
    return chain;
  }
}
