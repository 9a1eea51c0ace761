/**
 * Raft's randomized simulation suites, run by the one seed runner
 * (`src/engine/testing/seed-runner.ts`): five servers under crashes, restarts, pauses,
 * partitions (two-way and one-way), loss, duplication and reordering, with two clients
 * writing and reading (through the log and by ReadIndex) all the while; then the network
 * heals and the cluster settles. Every invariant is checked after every event (no-stale-read
 * among them) and the clients' whole history must be linearizable.
 *
 * Each suite is the Raft lab's own scenario, so a failing seed's link replays in the lab.
 * Soak: `npm run soak:raft` (RAFT_SEEDS seeds per suite, 14,286 by default: about 100,000 in all).
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
import { clockDriftNemesis, raftDiskNemesis, raftMembershipNemesis, raftNemesis } from './nemesis';
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
    let readsLease = 0;
    let incrs = 0;
    for (const e of sim.trace) {
      if (e.k === 'op' && e.op.phase === 'ok') {
        committed++;
        if (e.op.fn === 'incr') incrs++;
      }
      const mode = e.k === 'log' && e.fact?.kind === 'read-served' ? e.fact.mode : null;
      if (mode === 'log') readsLog++;
      if (mode === 'read-index') readsIndex++;
      if (mode === 'lease') readsLease++;
    }
    return {
      committed,
      events: sim.recorder.length,
      readsLog,
      readsIndex,
      readsLease,
      incrs,
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

/** The shared checks, plus a count of CheckQuorum step-downs: the rule must have acted. */
const withCheckQuorum = {
  ...underFaults,
  tally(sim: Simulation) {
    let quorumStepDowns = 0;
    for (const e of sim.trace)
      if (e.k === 'log' && e.fact?.kind === 'stepped-down' && e.fact.reason === 'check-quorum')
        quorumStepDowns++;
    return { ...underFaults.tally(sim), quorumStepDowns };
  },
  judge(t: Readonly<Record<string, number>>, seeds: number) {
    const steps = t.quorumStepDowns ?? 0;
    const shared = underFaults.judge(t, seeds);
    const mine = steps > seeds / 4 ? null : `only ${steps} CheckQuorum step-downs`;
    return [shared, mine].filter((p) => p !== null).join('; ') || null;
  },
} satisfies Partial<SimulationSuite>;

/** The lease suite's drift bound (10%): its nemesis drifts clocks within it, never past. */
const DRIFT_BOUND = 0.1;

/** Two clients, SET and INCR (not idempotent) on the same keys: the session table at work. */
const WITH_INCR = { ...LOAD, incr: '1' } as const;

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
    // CheckQuorum's step-downs (thesis §6.2) under the same faults: a leader that stops
    // hearing a majority gives up, and no invariant or client history may suffer for it.
    name: '5 servers with pre-vote and CheckQuorum, 2 clients, log and ReadIndex reads',
    ...fromLab(raftEntry, 5, { ...LOAD, preVote: '1', checkQuorum: '1' }),
    ...withCheckQuorum,
    seeds: 150,
  },
  {
    // Thesis §4.2: three of five servers start in the cluster; the nemesis adds (after a
    // learner's catch-up) and removes servers, the leader among them, amid the usual faults.
    name: '5 servers (2 spare), membership changes, 2 clients, log and ReadIndex reads',
    ...fromLab(raftEntry, 5, { ...LOAD, spares: '2' }),
    ...underFaults,
    nemesis: raftMembershipNemesis,
    tally(sim: Simulation) {
      let added = 0;
      let changes = 0;
      for (const e of sim.trace) {
        if (e.k !== 'log' || !e.fact) continue;
        if (e.fact.kind === 'learner-caught-up') added++;
        if (e.fact.kind === 'config-committed') changes++;
      }
      return { ...underFaults.tally(sim), added, changes };
    },
    judge(t: Readonly<Record<string, number>>, seeds: number) {
      const problems = [
        underFaults.judge(t, seeds),
        // The changes really happened: servers caught up and joined, configurations committed.
        !((t.added ?? 0) > seeds / 4) && `only ${t.added} servers added after catching up`,
        !((t.changes ?? 0) > seeds / 2) && `only ${t.changes} configuration changes committed`,
      ].filter((p): p is string => typeof p === 'string');
      return problems.length ? problems.join('; ') : null;
    },
    seeds: 150,
  },
  {
    // Retries after lost replies, duplicated requests: each INCR must count once (§6.3).
    name: '5 servers, 2 clients, SET and INCR with client sessions',
    ...fromLab(raftEntry, 5, WITH_INCR),
    ...underFaults,
    seeds: 150,
    judge(t, seeds) {
      const base = underFaults.judge(t, seeds);
      const few = !((t.incrs ?? 0) > seeds) && `only ${t.incrs} INCRs acknowledged`;
      return [base, few].filter(Boolean).join('; ') || null;
    },
  },
  {
    // Lease reads are linearizable while clocks keep within the bound (§6.4.1).
    name: '5 servers, 2 clients, lease reads, clocks drifting within ±10%',
    ...fromLab(raftEntry, 5, { ...WITH_INCR, reads: 'lease', drift: String(DRIFT_BOUND * 100) }),
    ...underFaults,
    nemesis: clockDriftNemesis(DRIFT_BOUND),
    seeds: 150,
    judge(t, seeds) {
      return (
        [
          (t.undecided ?? 0) > seeds / 100 && `${t.undecided} histories undecided (budget)`,
          !((t.committed ?? 0) > seeds * 5) && `only ${t.committed} operations acknowledged`,
          !((t.readsLease ?? 0) > seeds) && `only ${t.readsLease} lease reads`,
        ]
          .filter((p): p is string => typeof p === 'string')
          .join('; ') || null
      );
    },
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
