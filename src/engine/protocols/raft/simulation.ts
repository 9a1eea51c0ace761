/**
 * Raft's randomized simulation suites, run by the one seed runner
 * (`src/engine/testing/seed-runner.ts`): five servers under crashes, restarts, pauses,
 * partitions (two-way and one-way), loss, duplication and reordering, with two clients
 * writing and reading (through the log and by ReadIndex) all the while; then the network
 * heals and the cluster settles. Every invariant is checked after every event (no-stale-read
 * among them) and the clients' whole history must be linearizable.
 *
 * Each suite is the Raft lab's own scenario, so a failing seed's link replays in the lab.
 * Soak: `npm run soak:raft` (RAFT_SEEDS=100000 through the same runner).
 */
import { operationsOf, recordedOpsOf } from '../../check/history';
import {
  checkLinearizability,
  kvModel,
  type LinearizabilityResult,
} from '../../check/linearizability';
import type { SimulationSuite } from '../../package';
import type { Simulation } from '../../sim/simulation';
import { fromLab } from '../../testing/lab-suite';
import { raftDiskNemesis, raftNemesis } from './nemesis';
import { raftEntry } from './scenarios';

/** Two clients, a request each every 60 ms, reads through the log or by ReadIndex. */
const LOAD = { clients: '2', load: '60', reads: 'mixed' } as const;

/** One check per run, shared by `check` and `tally` (it is the costly part). */
const verdicts = new WeakMap<Simulation, LinearizabilityResult>();
function linearizability(sim: Simulation): LinearizabilityResult {
  let v = verdicts.get(sim);
  if (!v) {
    v = checkLinearizability(kvModel(), operationsOf(recordedOpsOf(sim.trace)));
    verdicts.set(sim, v);
  }
  return v;
}

/** What every Raft suite shares: the faults, the timing, and the end-of-run checks. */
const underFaults = {
  durationMs: 3000,
  faultEveryMs: 120,
  settleMs: 1500,
  nemesis: raftNemesis,
  check(sim: Simulation) {
    const v = linearizability(sim);
    return v.verdict === 'not-linearizable' ? `history not linearizable: ${v.reason ?? ''}` : null;
  },
  tally(sim: Simulation) {
    let committed = 0;
    let readsLog = 0;
    let readsIndex = 0;
    for (const e of sim.trace) {
      if (e.k === 'op' && e.op.phase === 'ok') committed++;
      const mode = e.k === 'log' && e.fact?.kind === 'read-served' ? e.fact.mode : null;
      if (mode === 'log') readsLog++;
      if (mode === 'read-index') readsIndex++;
    }
    return {
      committed,
      events: sim.recorder.length,
      readsLog,
      readsIndex,
      undecided: linearizability(sim).verdict === 'unknown' ? 1 : 0,
    };
  },
  judge(t: Readonly<Record<string, number>>, seeds: number) {
    const problems = [
      // The checker decided (nearly) every history rather than running out of budget.
      (t.undecided ?? 0) > seeds / 100 && `${t.undecided} histories undecided (budget)`,
      // The runs did real work: clients got answers despite the faults.
      !((t.committed ?? 0) > seeds * 5) && `only ${t.committed} operations acknowledged`,
      !((t.events ?? 0) > seeds * 1000) && `only ${t.events} events`,
      // Both read paths were exercised (and no-stale-read watched them).
      !((t.readsLog ?? 0) > seeds) && `only ${t.readsLog} reads through the log`,
      !((t.readsIndex ?? 0) > seeds) && `only ${t.readsIndex} ReadIndex reads`,
    ].filter((p): p is string => typeof p === 'string');
    return problems.length ? problems.join('; ') : null;
  },
} satisfies Partial<SimulationSuite>;

export const suites: readonly SimulationSuite[] = [
  {
    name: '5 servers, 2 clients, log and ReadIndex reads',
    ...fromLab(raftEntry, 5, LOAD),
    ...underFaults,
    seeds: 750,
  },
  {
    name: '5 servers with pre-vote, 2 clients, log and ReadIndex reads',
    ...fromLab(raftEntry, 5, { ...LOAD, preVote: '1' }),
    ...underFaults,
    seeds: 250,
  },
  {
    // Lost writes and garbled log tails, with Raft's protection (disk.ts) on.
    name: '5 servers with disk faults (lost writes, garbled log tails), 2 clients',
    ...fromLab(raftEntry, 5, LOAD),
    ...underFaults,
    nemesis: raftDiskNemesis,
    seeds: 150,
  },
];
