/**
 * A recorded client history (Jepsen-style invoke/ok/fail/info entries at virtual times) as
 * the operations a linearizability checker orders: each with the interval in which it may
 * have taken effect.
 *
 * - ok: it happened, once, somewhere between its invoke and its completion.
 * - fail: it certainly did not happen (the system said so); it is dropped.
 * - info, or never completed (the client crashed, the run ended): it may or may not have
 *   happened, at any time after its invoke. Its return time is +∞ and its output unknown,
 *   as Knossos and Porcupine treat crashed operations.
 *
 * Values follow the clients' convention: a write's invoke carries the value written, a cas's
 * invoke carries [expected, new], and a read's ok carries the value read (null = nil).
 */
import type { HistoryOp, Json, NodeId } from '../protocol';
import type { TraceEntry } from '../sim/trace';

/** One entry of a recorded history: what a client recorded, and when. */
export interface RecordedOp {
  /** Virtual time in ms. */
  readonly time: number;
  readonly client: NodeId;
  readonly op: HistoryOp;
  /** The trace index of the entry, carried through so a view can point at it. */
  readonly entry?: number;
}

/** The client operations a run's trace recorded, in trace order. */
export function recordedOpsOf(trace: readonly TraceEntry[]): RecordedOp[] {
  return trace.flatMap((e) =>
    e.k === 'op' ? [{ time: e.t, client: e.node, op: e.op, entry: e.i }] : [],
  );
}

/** An operation that happened (ok) or may have happened (info). */
export interface Operation {
  /** Unique within one history; a checker reports operations by this id. */
  readonly id: number;
  readonly client: NodeId;
  /** The client's own id for it (the same id can recur after the client restarts). */
  readonly opId: string;
  readonly fn: string;
  readonly key: string;
  /** What the client asked for (a write's value, a cas's [expected, new]); null when none. */
  readonly input: Json;
  /** What the system answered (a read's value); undefined when unknown (info). */
  readonly output: Json | undefined;
  readonly outcome: 'ok' | 'info';
  /** Virtual time of the invoke. */
  readonly callMs: number;
  /** Virtual time of the completion; Infinity when it never (knowably) returned. */
  readonly returnMs: number;
  /** Trace indices of the invoke and the completion, when the history carried them. */
  readonly callEntry?: number;
  readonly returnEntry?: number;
}

/** The key operations without one are filed under (a single register). */
export const NO_KEY = '';

interface Open {
  readonly record: RecordedOp;
  readonly order: number;
}

/**
 * Pair invokes with their completions, per client and opId, in the order recorded. A
 * completion that matches no open invoke is ignored. A client that invokes an opId it still
 * has open (it restarted and numbers afresh) leaves the earlier one open for ever: info.
 * Operations come out in invoke order, ids numbered from 0.
 */
export function operationsOf(history: readonly RecordedOp[]): Operation[] {
  const open = new Map<string, Open>();
  const closed: { order: number; op: Omit<Operation, 'id'> }[] = [];
  const build = (invoke: RecordedOp, completion: RecordedOp | null): Omit<Operation, 'id'> => {
    const isOk = completion !== null && completion.op.phase === 'ok';
    return {
      client: invoke.client,
      opId: invoke.op.opId,
      fn: invoke.op.fn,
      key: invoke.op.key ?? NO_KEY,
      input: invoke.op.value ?? null,
      output: isOk ? (completion.op.value ?? null) : undefined,
      outcome: isOk ? 'ok' : 'info',
      callMs: invoke.time,
      returnMs: isOk ? completion.time : Infinity,
      ...(invoke.entry === undefined ? {} : { callEntry: invoke.entry }),
      ...(isOk && completion.entry !== undefined ? { returnEntry: completion.entry } : {}),
    };
  };
  history.forEach((record, order) => {
    const slot = `${record.client}\u0000${record.op.opId}`;
    const started = open.get(slot);
    switch (record.op.phase) {
      case 'invoke':
        if (started) closed.push({ order: started.order, op: build(started.record, null) });
        open.set(slot, { record, order });
        return;
      case 'ok':
      case 'info':
        if (!started) return;
        open.delete(slot);
        closed.push({ order: started.order, op: build(started.record, record) });
        return;
      case 'fail':
        open.delete(slot);
        return;
      default: {
        const never: never = record.op.phase;
        throw new Error(`unknown history phase ${String(never)}`);
      }
    }
  });
  for (const { record, order } of open.values()) closed.push({ order, op: build(record, null) });
  closed.sort((a, b) => a.order - b.order);
  return closed.map(({ op }, id) => ({ id, ...op }));
}
