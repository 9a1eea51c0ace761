/**
 * One step up the ladder of abstraction (CURRICULUM.md P12, L9): not one election but a
 * hundred, one per seed, with the same timeouts — how long until the first leader? A wide
 * timeout spread makes one server time out first; a narrow one splits votes, term after term.
 * Runs in-process (in its own worker in the page), with no checks: it only watches the clock.
 */
import { scenarioById, startInProcess } from '../../../testing/run';

export interface ElectionSweepParams {
  readonly seeds: readonly number[];
  readonly nodes: number;
  readonly electionMinMs: number;
  readonly electionMaxMs: number;
  /** Give up on a seed after this much virtual time without a leader. */
  readonly limitMs: number;
}

export interface ElectionSweepRun {
  readonly seed: number;
  /** Virtual time of the first leader; null when none came within the limit. */
  readonly firstLeaderMs: number | null;
  /** Elections started before it (split votes show as more than one). */
  readonly elections: number;
}

const STEP_MS = 5;

export function electionSweep(p: ElectionSweepParams): ElectionSweepRun[] {
  const scenario = scenarioById('raft', {
    nodes: p.nodes,
    settings: { electionMin: p.electionMinMs, electionMax: p.electionMaxMs },
  });
  return p.seeds.map((seed) => {
    const sim = startInProcess(scenario, seed, { invariants: [] });
    let seen = 0;
    let elections = 0;
    for (let t = STEP_MS; t <= p.limitMs; t += STEP_MS) {
      sim.runUntilSync(t);
      const r = sim.recorder;
      for (; seen < r.length; seen++) {
        const e = r.at(seen);
        if (e?.k !== 'log') continue;
        if (e.fact?.kind === 'election-started') elections++;
        if (e.fact?.kind === 'leader-elected') return { seed, firstLeaderMs: e.t, elections };
      }
    }
    return { seed, firstLeaderMs: null, elections };
  });
}
