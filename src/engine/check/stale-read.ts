/**
 * No stale reads: a read must not return a value that an acknowledged write had already
 * replaced before the read began. It is the part of linearizability a learner can see in one
 * sentence, and it is checked live, event by event, from what clients publish.
 *
 * Any key-value client can be watched: its observe(state) returns a ClientHistorySummary
 * (what is pending, how many operations are done, the last one done). The checker times each
 * operation with the virtual time of the observations: invoked when it first shows as
 * pending, completed when the done counter moves past it.
 *
 * A read of key k that returns v, invoked at time R, is STALE when some write w2 of k was
 * acknowledged (ok) before R, and
 *  - v is nil (nothing deletes a key, so w2's write must be visible), or
 *  - every write of v was acknowledged before w2 was invoked (w1 → w2 → read, in real time).
 * Writes whose outcome is unknown (info, or their client crashed) may take effect at any
 * time, so their values are always possibly current. A value no watched client wrote cannot
 * be judged. Values are expected to be unique per write; a value written twice is judged
 * by all its writes (stale only if each of them is superseded).
 */
import type { Json, NodeId } from '../protocol';
import type { Invariant, Observation, Violation } from './invariant';

/** One operation, as a client summarises it. */
export interface OpSummary {
  readonly id: string;
  readonly fn: 'read' | 'write';
  readonly key: string;
  /** A write's value; a completed read's result (null = nil); null for a pending read. */
  readonly value: string | null;
}

export interface CompletedOpSummary extends OpSummary {
  readonly outcome: 'ok' | 'fail' | 'info';
}

/**
 * What a key-value client publishes with observe(). A client completes at most one operation
 * per handler call, so `last` is enough to see every completion.
 */
export interface ClientHistorySummary {
  /** Tags the observation: the checker ignores nodes that publish anything else. */
  readonly history: 'kv';
  readonly pending: OpSummary | null;
  /** Operations completed (ok, fail or info) since this client (re)started. */
  readonly done: number;
  readonly last: CompletedOpSummary | null;
}

export function asClientHistory(data: Json | null): ClientHistorySummary | null {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return null;
  return data.history === 'kv' ? (data as unknown as ClientHistorySummary) : null;
}

/** As a client builds it for observe(): a plain, structured-clonable value. */
export function clientHistory(summary: Omit<ClientHistorySummary, 'history'>): Json {
  const s: ClientHistorySummary = { history: 'kv', ...summary };
  return s as unknown as Json;
}

interface WriteRecord {
  readonly node: NodeId;
  /** A restarted client numbers its operations afresh: (node, incarnation, id) is unique. */
  readonly incarnation: number;
  readonly id: string;
  readonly key: string;
  readonly value: string;
  readonly invokedAt: number;
  completedAt: number | null;
  /** 'pending' until it completes; 'info' = may or may not have taken effect. */
  outcome: 'pending' | 'ok' | 'info';
  /** Trace index of the completion (for ok writes). */
  cause: number;
}

interface ClientMemory {
  incarnation: number;
  done: number;
  pending: (OpSummary & { invokedAt: number }) | null;
}

export interface StaleReadMemory {
  clients: Record<NodeId, ClientMemory>;
  /** Per key, writes in invocation order; at most WRITES_PER_KEY (the oldest finished go first). */
  writes: Record<string, WriteRecord[]>;
}

/**
 * Forgetting old writes only loses detections, never invents one — unless a forgotten
 * write of unknown outcome shared its value with a remembered one (values should be unique).
 */
const WRITES_PER_KEY = 256;

const ms = (t: number) => `${Math.round(t)} ms`;

function forgetPending(memory: StaleReadMemory, node: NodeId, client: ClientMemory): void {
  const p = client.pending;
  if (!p || p.fn !== 'write') return;
  // The client is gone, but its request may still be in flight: outcome unknown.
  const w = memory.writes[p.key]?.find(
    (x) => x.node === node && x.incarnation === client.incarnation && x.id === p.id,
  );
  if (w && w.outcome === 'pending') w.outcome = 'info';
}

function remember(memory: StaleReadMemory, w: WriteRecord): void {
  const list = (memory.writes[w.key] ??= []);
  list.push(w);
  if (list.length > WRITES_PER_KEY) {
    const oldest = list.findIndex((x) => x.outcome !== 'pending');
    list.splice(oldest === -1 ? 0 : oldest, 1);
  }
}

/** The write that proves a read of `value`, invoked at `invokedAt`, stale; or null. */
function supersedingWrite(
  writes: readonly WriteRecord[],
  value: string | null,
  invokedAt: number,
): WriteRecord | null {
  const acknowledged = writes.filter(
    (w) => w.outcome === 'ok' && w.completedAt !== null && w.completedAt < invokedAt,
  );
  let candidates = acknowledged;
  if (value !== null) {
    const sources = writes.filter((w) => w.value === value);
    if (sources.length === 0) return null; // written by no watched client: cannot judge
    let lastSourceDone = -Infinity;
    for (const w of sources) {
      if (w.outcome !== 'ok' || w.completedAt === null) return null; // possibly current
      lastSourceDone = Math.max(lastSourceDone, w.completedAt);
    }
    candidates = acknowledged.filter((w) => w.invokedAt > lastSourceDone);
  }
  let best: WriteRecord | null = null;
  for (const w of candidates) if (!best || (w.completedAt ?? 0) > (best.completedAt ?? 0)) best = w;
  return best;
}

export const noStaleRead: Invariant<StaleReadMemory> = {
  id: 'no-stale-read',
  title: 'No stale reads',
  description:
    'A read never returns a value that a write acknowledged before the read began had already replaced.',
  init: () => ({ clients: {}, writes: {} }),
  check(memory, o: Observation): Violation | null {
    const known = memory.clients[o.node];
    const h = asClientHistory(o.data);
    if (!h) {
      // Down (its volatile state is gone) or not a client at all.
      if (known) {
        forgetPending(memory, o.node, known);
        delete memory.clients[o.node];
      }
      return null;
    }
    let client = known;
    if (!client || client.incarnation !== o.incarnation) {
      if (client) forgetPending(memory, o.node, client);
      client = { incarnation: o.incarnation, done: 0, pending: null };
      memory.clients[o.node] = client;
    }
    let found: Violation | null = null;
    if (h.done > client.done && h.last) {
      found = complete(memory, o, client, h.last);
      client.done = h.done;
      client.pending = null;
    }
    if (h.pending && h.pending.id !== client.pending?.id) {
      if (client.pending) forgetPending(memory, o.node, client);
      client.pending = { ...h.pending, invokedAt: o.time };
      if (h.pending.fn === 'write' && h.pending.value !== null) {
        remember(memory, {
          node: o.node,
          incarnation: o.incarnation,
          id: h.pending.id,
          value: h.pending.value,
          key: h.pending.key,
          invokedAt: o.time,
          completedAt: null,
          outcome: 'pending',
          cause: o.cause,
        });
      }
    } else if (!h.pending && client.pending) {
      forgetPending(memory, o.node, client);
      client.pending = null;
    }
    return found;
  },
};

function complete(
  memory: StaleReadMemory,
  o: Observation,
  client: ClientMemory,
  last: CompletedOpSummary,
): Violation | null {
  const invoked = client.pending?.id === last.id ? client.pending : null;
  const writes = memory.writes[last.key] ?? [];
  if (last.fn === 'write') {
    const w = writes.find(
      (x) => x.node === o.node && x.incarnation === client.incarnation && x.id === last.id,
    );
    if (!w) return null;
    if (last.outcome === 'fail')
      writes.splice(writes.indexOf(w), 1); // it had no effect
    else {
      w.outcome = last.outcome;
      w.completedAt = o.time;
      w.cause = o.cause;
    }
    return null;
  }
  // A read: only an ok read with a known invocation time can be judged.
  if (last.outcome !== 'ok' || !invoked) return null;
  const w2 = supersedingWrite(writes, last.value, invoked.invokedAt);
  if (!w2 || w2.completedAt === null) return null;
  return {
    invariant: 'no-stale-read',
    message: `${o.node} read ${last.key} = ${last.value ?? 'nil'} at ${ms(o.time)}, but ${last.key} = ${w2.value} had been written and acknowledged at ${ms(w2.completedAt)}`,
    time: o.time,
    events: [...new Set([w2.cause, o.cause])].sort((a, b) => a - b),
  };
}
