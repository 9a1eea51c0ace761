/**
 * The hash-ring family's randomized simulation suites, run by the one seed runner: the lab's
 * own scenario (so a failing seed's link replays in the lab) under crashes, restarts, pauses,
 * partitions, cuts and link weather among the servers (the shared nemesis), interleaved with
 * membership changes under traffic — a spare joins, a member leaves, the virtual nodes
 * change — each a node action a learner could take. Then the network heals, servers restart,
 * clients stop, and the end-of-run checks (`checks.ts`) run: views converge; store mode loses
 * no acknowledged write; cache mode reads only values that were written. "Only owners serve"
 * is checked live after every event.
 *
 * Runs are short (5 servers, 2 s of faults, 1.5 s to settle) so 300 seeds cost seconds.
 */
import type { SimulationSuite } from '../../package';
import type { SimAction } from '../../sim/actions';
import { pick } from '../../sim/draws';
import type { Rng } from '../../sim/prng';
import type { Simulation } from '../../sim/simulation';
import { crashesAndCuts, healAll } from '../../testing/nemesis';
import { fromLab } from '../../testing/lab-suite';
import { inventedRead, lostChange, lostWrite, viewsDiffer } from './checks';
import { hashRingEntry } from './scenarios';
import type { ServerView } from './server-state';

/** One fault in five is a membership change (join, leave, virtual nodes), the rest the shared nemesis. */
export function ringNemesis(sim: Simulation, rng: Rng): SimAction | null {
  const servers = sim.world.nodes.filter((n) => n.protocol === 'ring-server');
  if (rng.chance(0.2)) {
    const frame = sim.frame(0);
    const up = frame.nodes.filter((n) => n.protocol === 'ring-server' && n.status === 'up');
    const node = up.length ? pick(rng, up) : undefined;
    if (!node) return null;
    const view = node.view as ServerView | null;
    if (!view) return null;
    if (rng.chance(0.2))
      return {
        type: 'protocol',
        node: node.id,
        action: { id: 'set-vnodes', args: { vnodes: pick(rng, [1, 8, 32, 128]) } },
      };
    // Keep at least two members, so a leave always has somewhere to hand keys to.
    if (view.member && view.config.members.length <= 2) return null;
    return { type: 'protocol', node: node.id, action: { id: view.member ? 'leave' : 'join' } };
  }
  return crashesAndCuts(
    sim,
    rng,
    servers.map((n) => n.id),
  );
}

const RUN = { durationMs: 2000, faultEveryMs: 150, settleMs: 1500 } as const;

function suite(
  name: string,
  settings: Record<string, string>,
  seeds: number,
  replication: number,
): SimulationSuite {
  const store = settings.mode === 'store';
  return {
    name,
    ...fromLab(hashRingEntry, 5, settings),
    ...RUN,
    seeds,
    nemesis: ringNemesis,
    // Heal, restart every server, stop the clients: gossip and handoff then finish.
    quiesce: (sim) => healAll(sim, ['c1', 'c2']),
    check(sim) {
      const fault = sim.trace.find((e) => e.k === 'fault');
      if (fault?.k === 'fault') return `${fault.node} threw ${fault.error}`;
      return (
        viewsDiffer(sim) ??
        lostChange(sim) ??
        (store ? lostWrite(sim, replication) : null) ??
        inventedRead(sim)
      );
    },
    tally(sim) {
      const t = { ok: 0, changes: 0, redirects: 0, acked: 0 };
      for (const e of sim.trace) {
        if (e.k === 'op' && e.op.phase === 'ok') t.ok++;
        if (e.k === 'action' && ['join', 'leave', 'set-vnodes'].includes(e.action.id)) t.changes++;
        if (e.k === 'deliver' && e.kind === 'Redirect') t.redirects++;
        if (e.k === 'log' && e.fact?.kind === 'write-acked') t.acked++;
      }
      return t;
    },
    judge(t, n) {
      if (!((t.ok ?? 0) > n * 8)) return `only ${t.ok} operations acknowledged`;
      if (!((t.changes ?? 0) > n)) return `only ${t.changes} membership changes`;
      if (!((t.redirects ?? 0) > 0)) return 'no request was ever redirected (views never differed)';
      return null;
    },
  };
}

export const suites: readonly SimulationSuite[] = [
  suite(
    'hash-ring cache, replication 1, membership changes and faults',
    { mode: 'cache', replication: '1' },
    60,
    1,
  ),
  suite(
    'hash-ring store, replication 2, membership changes and faults',
    { mode: 'store', replication: '2' },
    80,
    2,
  ),
  suite(
    'hash-ring store, replication 3, rendezvous, hot key',
    { mode: 'store', replication: '3', placement: 'rendezvous', workload: 'hot' },
    60,
    3,
  ),
];
