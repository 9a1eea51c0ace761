/**
 * End-of-run checks of a hash-ring run (after the network heals, servers restart, clients
 * stop and gossip and handoff have had time), read from the run's trace and last frame:
 *
 * - Views converge: every up server and client holds the newest view.
 * - No change is lost: the newest view includes every change every server made (its
 *   `applied`, `ring-change.ts`).
 * - Store mode, no acknowledged write lost (last writer wins by version, as Dynamo's
 *   coordinator stamps it): for every key, the version its primary holds (by the agreed view)
 *   is at least the highest version any client was told "ok" for. A write can be superseded
 *   by a higher version, never dropped.
 * - Cache mode, reads are valid: every value a read returned was written to that key by some
 *   client (or is null, never written) — the cache invents nothing. A cache promises no more:
 *   a read may be stale while views differ or after a write reached another replica's cache.
 */
import { recordedOpsOf } from '../../check/history';
import type { Json, NodeId } from '../../protocol';
import type { Simulation } from '../../sim/simulation';
import { isNewer, replicasOf, type RingConfig } from './config';
import { compareVersions, type Version } from './messages';
import type { ServerView } from './server-state';

interface Live {
  readonly id: NodeId;
  readonly protocol: string;
  readonly view: { readonly config?: RingConfig } | null;
}

function liveNodes(sim: Simulation): Live[] {
  return sim
    .frame(0)
    .nodes.filter((n) => n.status === 'up' && n.protocol !== 'ring-db')
    .map((n) => ({ id: n.id, protocol: n.protocol, view: n.view as Live['view'] }));
}

/** The newest view any live node holds, or null when none is up. */
export function agreedView(sim: Simulation): RingConfig | null {
  let best: RingConfig | null = null;
  for (const n of liveNodes(sim)) {
    const c = n.view?.config;
    if (c && (!best || isNewer(c, best))) best = c;
  }
  return best;
}

/** Live nodes whose view is not the newest, in words; null when all agree. */
export function viewsDiffer(sim: Simulation): string | null {
  const best = agreedView(sim);
  if (!best) return null;
  const behind = liveNodes(sim).filter(
    (n) => n.view?.config?.version !== best.version || n.view.config.origin !== best.origin,
  );
  return behind.length
    ? `views have not converged: ${behind.map((n) => `${n.id} at v${n.view?.config?.version ?? '?'}`).join(', ')}, newest v${best.version}`
    : null;
}

/** The highest acknowledged version of each key (from the clients' `write-acked` facts). */
export function ackedVersions(sim: Simulation): Map<string, { version: Version; t: number }> {
  const out = new Map<string, { version: Version; t: number }>();
  for (const e of sim.trace) {
    if (e.k !== 'log' || e.fact?.kind !== 'write-acked') continue;
    const key = String(e.fact.key);
    const version: Version = [Number(e.fact.counter), String(e.fact.by)];
    const had = out.get(key);
    if (!had || compareVersions(version, had.version) > 0) out.set(key, { version, t: e.t });
  }
  return out;
}

/**
 * The first acknowledged write missing from its key's primary (by the newest view, with
 * `replication` copies), in words; null when none.
 */
export function lostWrite(sim: Simulation, replication: number): string | null {
  const agreed = agreedView(sim);
  if (!agreed) return null;
  const frame = sim.frame(0);
  const servers = new Map(
    frame.nodes
      .filter((n) => n.protocol === 'ring-server')
      .map((n) => [n.id, { up: n.status === 'up', view: n.view as ServerView | null }]),
  );
  for (const [key, acked] of ackedVersions(sim)) {
    const primary = replicasOf(agreed, key, replication)[0];
    const s = primary ? servers.get(primary) : undefined;
    if (!primary || !s?.up || !s.view) continue;
    const held = s.view.held[key];
    if (!held || compareVersions(held[1], acked.version) < 0) {
      const has = held ? `version ${held[1][0]}.${held[1][1]}` : 'nothing';
      return `acknowledged write lost: ${key} was acknowledged at version ${acked.version[0]}.${acked.version[1]} (t=${Math.round(acked.t)} ms), but its primary ${primary} (view v${agreed.version}) holds ${has}`;
    }
  }
  return null;
}

/** A read that returned a value never written to its key, in words; null when none. */
export function inventedRead(sim: Simulation): string | null {
  const ops = recordedOpsOf(sim.trace);
  const written = new Map<string, Set<Json>>();
  for (const r of ops) {
    if (r.op.fn !== 'write' || r.op.phase !== 'invoke' || !r.op.key) continue;
    let set = written.get(r.op.key);
    if (!set) written.set(r.op.key, (set = new Set()));
    set.add(r.op.value ?? null);
  }
  for (const r of ops) {
    if (r.op.fn !== 'read' || r.op.phase !== 'ok' || !r.op.key) continue;
    const v = r.op.value ?? null;
    if (v !== null && !written.get(r.op.key)?.has(v))
      return `${r.client} read ${JSON.stringify(v)} from ${r.op.key} at t=${Math.round(r.time)} ms, which no client wrote there`;
  }
  return null;
}

/**
 * The servers some of whose own changes the newest view does not include, in words; null
 * when none. A server's changes are counted by the views it made (`applied[itself]`); one
 * that no longer applied when made again still counts as included (the view says so).
 */
export function lostChange(sim: Simulation): string | null {
  const best = agreedView(sim);
  if (!best) return null;
  const made = new Map<NodeId, number>();
  for (const e of sim.trace) {
    if (e.k !== 'log' || e.fact?.kind !== 'view' || e.fact.origin !== e.node) continue;
    const applied = e.fact.applied as Record<string, number> | undefined;
    made.set(e.node, Math.max(made.get(e.node) ?? 0, applied?.[e.node] ?? 0));
  }
  const lost = [...made].filter(([n, count]) => (best.applied[n] ?? 0) < count);
  return lost.length
    ? `change lost: the newest view v${best.version} from ${best.origin} lacks ${lost.map(([n, c]) => `${n}'s change ${c}`).join(', ')}`
    : null;
}
