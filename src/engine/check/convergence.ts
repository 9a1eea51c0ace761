/**
 * Convergence, checked live from what key-value clients publish (the ClientHistorySummary of
 * stale-read.ts): once the writes to a key have stopped, every replica comes to hold the
 * same value, so reads of it agree wherever they are served (Vogels 2009, "eventual
 * consistency"; Terry et al. 1994).
 *
 * Strictly this is a promise about "eventually", which no finite run can break. The check
 * makes it concrete with a settling time: reads of a key invoked at least SETTLE_MS after the
 * last write of it was invoked, answered or given up on — while no write of it is under way
 * — must all return the same value (siblings count as one value, as the client shows them).
 * Two such reads that differ are the violation: the replicas had that long and still
 * disagree. A write of the key (by any client) starts a new settling period. Clients that
 * restart are the same observers: convergence is about the replicas, not the sessions.
 */
import type { NodeId } from '../protocol';
import type { Invariant, Observation, Violation } from './invariant';
import { asClientHistory } from './stale-read';

/** How long after the last write of a key its reads must agree (virtual ms). */
export const SETTLE_MS = 5000;

interface KeyMemory {
  /** The last time a write of this key was invoked, pending or completed. */
  lastWriteAt: number;
  /** Writes of the key under way, by `${node}/${incarnation}/${op}`. */
  pending: string[];
  /** The first settled read since the last write: who, what, when, and its trace entry. */
  settled: { node: NodeId; value: string; time: number; cause: number } | null;
}

export interface ConvergenceMemory {
  keys: Record<string, KeyMemory>;
  /** Per client: its pending operation (id, fn, key, invoked at) and operations done. */
  clients: Record<
    NodeId,
    {
      incarnation: number;
      done: number;
      pending: { id: string; fn: string; key: string; at: number } | null;
    }
  >;
}

const ms = (t: number) => `${Math.round(t)} ms`;

const keyOf = (m: ConvergenceMemory, key: string): KeyMemory =>
  (m.keys[key] ??= { lastWriteAt: -Infinity, pending: [], settled: null });

function writeActivity(m: ConvergenceMemory, key: string, at: number): void {
  const k = keyOf(m, key);
  k.lastWriteAt = Math.max(k.lastWriteAt, at);
  k.settled = null;
}

export const convergence: Invariant<ConvergenceMemory> = {
  id: 'convergence',
  title: 'Convergence',
  description: `Once writes to a key stop, the replicas come to agree: reads of it that begin ${SETTLE_MS / 1000} s or more after its last write return the same value.`,
  init: () => ({ keys: {}, clients: {} }),
  check(memory, o: Observation): Violation | null {
    const h = asClientHistory(o.data);
    const known = memory.clients[o.node];
    const tag = (id: string) => `${o.node}/${known?.incarnation ?? o.incarnation}/${id}`;
    // A client that went down leaves its write under way: it may still land, so the key's
    // settling period starts again from now.
    const abandon = () => {
      const p = known?.pending;
      if (p?.fn === 'write') {
        const k = keyOf(memory, p.key);
        k.pending = k.pending.filter((x) => x !== tag(p.id));
        writeActivity(memory, p.key, o.time);
      }
    };
    if (!h) {
      if (known) {
        abandon();
        delete memory.clients[o.node];
      }
      return null;
    }
    let client = known;
    if (!client || client.incarnation !== o.incarnation) {
      if (client) abandon();
      client = { incarnation: o.incarnation, done: 0, pending: null };
      memory.clients[o.node] = client;
    }
    let found: Violation | null = null;
    const last = h.last;
    if (h.done > client.done && last) {
      const invoked = client.pending?.id === last.id ? client.pending : null;
      const k = keyOf(memory, last.key);
      if (last.fn === 'write') {
        k.pending = k.pending.filter((x) => x !== tag(last.id));
        writeActivity(memory, last.key, o.time);
      } else if (
        last.outcome === 'ok' &&
        invoked &&
        k.pending.length === 0 &&
        invoked.at - k.lastWriteAt >= SETTLE_MS
      ) {
        const value = last.value ?? 'nil';
        if (!k.settled) k.settled = { node: o.node, value, time: o.time, cause: o.cause };
        else if (k.settled.value !== value) {
          const since = Number.isFinite(k.lastWriteAt)
            ? `the last write of ${last.key} (at ${ms(k.lastWriteAt)})`
            : `the start, with no write of ${last.key}`;
          found = {
            invariant: 'convergence',
            message: `${k.settled.node} read ${last.key} = ${k.settled.value} at ${ms(k.settled.time)} and ${o.node} read ${last.key} = ${value} at ${ms(o.time)}, both ${SETTLE_MS / 1000} s or more after ${since}: the replicas have not converged`,
            time: o.time,
            events: [k.settled.cause, o.cause],
          };
        }
      }
      client.done = h.done;
      client.pending = null;
    }
    const p = h.pending;
    if (p && p.id !== client.pending?.id) {
      client.pending = { id: p.id, fn: p.fn, key: p.key, at: o.time };
      if (p.fn === 'write') {
        keyOf(memory, p.key).pending.push(tag(p.id));
        writeActivity(memory, p.key, o.time);
      }
    } else if (!p) client.pending = null;
    return found;
  },
};
