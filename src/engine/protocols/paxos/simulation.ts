/**
 * Paxos's randomized simulation suites, run by the one seed runner
 * (`src/engine/testing/seed-runner.ts`): 3 to 9 acceptors, 1 to 3 proposers, under crashes,
 * restarts (a restarted proposer proposes again and must adopt what was chosen), pauses,
 * partitions, one-way cuts, loss, duplication and reordering. Agreement, Validity and
 * Learned-only-if-chosen are checked after every event. Each suite is the Paxos lab's own
 * scenario, so a failing seed's link replays in the lab.
 */
import type { SimulationSuite } from '../../package';
import type { Simulation } from '../../sim/simulation';
import { crashesAndCuts } from '../../testing/nemesis';
import { fromLab } from '../../testing/lab-suite';
import { multiPaxosSuites } from './multi/simulation';
import { paxosEntry } from './scenarios';

/** How many nodes learned a value, and how many ballots the proposers started. */
function tally(sim: Simulation) {
  let learned = 0;
  let ballots = 0;
  for (const e of sim.trace) {
    if (e.k !== 'log' || !e.fact) continue;
    if (e.fact.kind === 'learned') learned++;
    if (e.fact.kind === 'prepare-sent') ballots++;
  }
  return { decided: learned > 0 ? 1 : 0, learned, ballots };
}

const underFaults = {
  durationMs: 2500,
  faultEveryMs: 100,
  settleMs: 1500,
  nemesis: (sim: Simulation, rng: Parameters<SimulationSuite['nemesis']>[1]) =>
    crashesAndCuts(sim, rng),
  tally,
} satisfies Partial<SimulationSuite>;

/** With randomized backoff the proposers decide in (nearly) every run despite the faults. */
const decides = (t: Readonly<Record<string, number>>, seeds: number) =>
  (t.decided ?? 0) >= seeds * 0.9 ? null : `only ${t.decided} of ${seeds} runs chose a value`;

export const suites: readonly SimulationSuite[] = [
  {
    name: 'paxos, 3 acceptors, 1 proposer',
    ...fromLab(paxosEntry, 3, { proposers: '1' }),
    ...underFaults,
    seeds: 150,
    judge: decides,
  },
  {
    name: 'paxos, 5 acceptors, 2 proposers at once, randomized backoff',
    ...fromLab(paxosEntry, 5, { proposers: '2', start: 'together' }),
    ...underFaults,
    seeds: 300,
    judge: decides,
  },
  {
    name: 'paxos, 5 acceptors, 3 proposers at once, fixed retry (duels)',
    ...fromLab(paxosEntry, 5, { proposers: '3', start: 'together', backoff: 'fixed' }),
    ...underFaults,
    seeds: 200,
  },
  {
    name: 'paxos, 7 acceptors, 3 proposers',
    ...fromLab(paxosEntry, 7, { proposers: '3' }),
    ...underFaults,
    seeds: 200,
    judge: decides,
  },
  {
    name: 'paxos, 9 acceptors, 2 proposers',
    ...fromLab(paxosEntry, 9, { proposers: '2', start: 'together' }),
    ...underFaults,
    seeds: 150,
    judge: decides,
  },
  // Multi-Paxos with clients (multi/simulation.ts): 3 to 7 servers, every history judged.
  ...multiPaxosSuites,
  {
    // The duel preset (fixed retry, three at once) with a distinguished proposer (§2.4):
    // under crashes and cuts a leader is (re-)elected and the runs decide.
    name: 'paxos, 5 acceptors, 3 proposers at once, fixed retry, leader',
    ...fromLab(paxosEntry, 5, { proposers: '3', start: 'together', backoff: 'fixed', leader: '1' }),
    ...underFaults,
    seeds: 100,
    judge: decides,
  },
];
