/**
 * Multi-Paxos's randomized simulation suites (added to the Paxos family's list in
 * ../simulation.ts): three to seven servers and two clients writing and reading all the
 * while, under crashes, restarts, pauses, partitions, one-way cuts, loss, duplication and
 * reordering (the shared nemesis); then the network heals and the cluster settles. Agreement,
 * Validity and Learned-only-if-chosen are checked per slot after every event, no stale read
 * is watched live, and the clients' whole history must be linearizable.
 */
import { operationsOf, recordedOpsOf } from '../../../check/history';
import {
  checkLinearizability,
  kvModel,
  type LinearizabilityResult,
} from '../../../check/linearizability';
import type { SimulationSuite } from '../../../package';
import type { Simulation } from '../../../sim/simulation';
import { fromLab } from '../../../testing/lab-suite';
import { crashesAndCuts } from '../../../testing/nemesis';
import { multiPaxosEntry } from './scenarios';

/** Two clients, a request each every 60 ms. */
const LOAD = { clients: '2', load: '60' } as const;

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

/** What every Multi-Paxos suite shares: the faults, the timing and the end-of-run checks. */
export const multiPaxosUnderFaults = {
  durationMs: 2500,
  faultEveryMs: 120,
  settleMs: 1500,
  nemesis: (sim: Simulation, rng: Parameters<SimulationSuite['nemesis']>[1]) =>
    crashesAndCuts(sim, rng),
  check(sim: Simulation) {
    const v = linearizability(sim);
    return v.verdict === 'not-linearizable' ? `history not linearizable: ${v.reason ?? ''}` : null;
  },
  tally(sim: Simulation) {
    let acknowledged = 0;
    let decided = 0;
    let leaders = 0;
    for (const e of sim.trace) {
      if (e.k === 'op' && e.op.phase === 'ok') acknowledged++;
      if (e.k === 'log' && e.fact?.kind === 'decided') decided++;
      if (e.k === 'log' && e.fact?.kind === 'leader-elected') leaders++;
    }
    return {
      acknowledged,
      decided,
      leaders,
      undecided: linearizability(sim).verdict === 'unknown' ? 1 : 0,
    };
  },
  judge(t: Readonly<Record<string, number>>, seeds: number) {
    const problems = [
      (t.undecided ?? 0) > seeds / 100 && `${t.undecided} histories undecided (budget)`,
      !((t.acknowledged ?? 0) > seeds * 5) && `only ${t.acknowledged} operations acknowledged`,
      !((t.leaders ?? 0) > seeds) && `only ${t.leaders} leaders elected`,
    ].filter((p): p is string => typeof p === 'string');
    return problems.length ? problems.join('; ') : null;
  },
} satisfies Partial<SimulationSuite>;

export const multiPaxosSuites: readonly SimulationSuite[] = [
  {
    name: 'multi-paxos, 3 servers, 2 clients',
    ...fromLab(multiPaxosEntry, 3, LOAD),
    ...multiPaxosUnderFaults,
    seeds: 100,
  },
  {
    name: 'multi-paxos, 5 servers, 2 clients with INCR',
    ...fromLab(multiPaxosEntry, 5, { ...LOAD, incr: '1' }),
    ...multiPaxosUnderFaults,
    seeds: 120,
  },
  {
    name: 'multi-paxos, 7 servers, 2 clients',
    ...fromLab(multiPaxosEntry, 7, LOAD),
    ...multiPaxosUnderFaults,
    seeds: 80,
  },
];
