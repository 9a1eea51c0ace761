/**
 * What a sharded store must show once a run has settled (simulation.ts): every key owned by
 * exactly one server (none orphaned, none doubled), no acknowledged write lost, and a
 * linearizable history of the clients' reads and writes (reusing `check/`: Wing & Gong's
 * search over a kv model, key by key).
 */
import { operationsOf, recordedOpsOf, type Operation } from '../../check/history';
import { checkLinearizability, kvModel } from '../../check/linearizability';
import type { NodeId } from '../../protocol';
import type { Simulation } from '../../sim/simulation';
import { intersect, sizeOf, union, type Intervals } from './intervals';

interface ServerLook {
  readonly id: NodeId;
  readonly store: Readonly<Record<string, string>>;
  readonly owns: Intervals;
}

/** The shard servers' views (store and ownership) at the end of the run. */
export function serversOf(sim: Simulation): ServerLook[] {
  return sim.frame(0).nodes.flatMap((n) => {
    const v = n.view as { store?: Record<string, string>; owns?: Intervals } | null;
    return n.protocol === 'shard-server' && v?.store && v.owns
      ? [{ id: n.id, store: v.store, owns: v.owns }]
      : [];
  });
}

/** Two servers owning one key, or a key nobody owns, in words; null when ownership is a partition. */
export function ownershipProblem(servers: readonly ServerLook[], keySpace: number): string | null {
  let all: Intervals = [];
  for (let i = 0; i < servers.length; i++) {
    const a = servers[i] as ServerLook;
    for (const b of servers.slice(i + 1)) {
      const both = intersect(a.owns, b.owns);
      if (both.length)
        return `${a.id} and ${b.id} both own keys ${both[0]?.[0]}…${(both[0]?.[1] ?? 1) - 1}`;
    }
    all = union(all, a.owns);
  }
  const owned = sizeOf(all);
  return owned === keySpace ? null : `${keySpace - owned} keys have no owner`;
}

/**
 * Acknowledged writes lost: a key whose final value (on its owner) is not written by any
 * write that could be the last — i.e. some acknowledged write began after the write of the
 * final value had finished (so it must have replaced it), or nothing is stored though a write
 * was acknowledged. Returns the first, in words, or null.
 */
export function lostWrite(sim: Simulation, servers: readonly ServerLook[]): string | null {
  const ops = operationsOf(recordedOpsOf(sim.trace)).filter((o) => o.fn === 'write');
  const byKey = new Map<string, Operation[]>();
  for (const o of ops) byKey.set(o.key, [...(byKey.get(o.key) ?? []), o]);
  for (const [key, writes] of byKey) {
    const acked = writes.filter((w) => w.outcome === 'ok');
    if (!acked.length) continue;
    const holder = servers.find((s) => s.store[key] !== undefined);
    const final = holder?.store[key];
    const source = writes.find((w) => w.input === final);
    const latest = acked.reduce((a, b) => (b.callMs > a.callMs ? b : a));
    if (final === undefined || !source)
      return `key ${key}: ${latest.input as string} was acknowledged at ${Math.round(latest.returnMs)} ms, but no server holds it${cutOverAfter(sim, Number(key), latest.returnMs)}`;
    const later = acked.find((w) => w.callMs > source.returnMs);
    if (later)
      return `key ${key}: ${later.input as string} was acknowledged at ${Math.round(later.returnMs)} ms, but ${holder?.id ?? '?'} holds the older ${final}${cutOverAfter(sim, Number(key), later.returnMs)}`;
  }
  return null;
}

/** ", lost at the cut-over …": the first cut-over of `key` after `t` ms (the moment it was lost). */
function cutOverAfter(sim: Simulation, key: number, t: number): string {
  for (const e of sim.trace) {
    if (e.k !== 'log' || e.t < t || e.fact?.kind !== 'cut-over') continue;
    const set = e.fact.set as unknown as Intervals;
    if (Array.isArray(set) && set.some(([lo, hi]) => key >= lo && key < hi))
      return `; lost at the cut-over from ${e.node} to ${String(e.fact.to)} at ${Math.round(e.t)} ms (event ${e.i})`;
  }
  return '';
}

/** Is the run's client history linearizable? A failure in words, or null. */
export function notLinearizable(sim: Simulation): string | null {
  const ops = operationsOf(recordedOpsOf(sim.trace));
  const v = checkLinearizability(kvModel(), ops, { maxConfigurations: 100_000 });
  return v.verdict === 'not-linearizable' ? `not linearizable: ${v.reason ?? ''}` : null;
}
