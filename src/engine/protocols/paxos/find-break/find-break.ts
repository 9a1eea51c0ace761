/**
 * Find a run that breaks the Paxos lab's current settings (issue 14: "when Q1 + Q2 ≤ N the
 * checker finds a run where two values are chosen, and the lab links to it"). The package's
 * own randomized suite — its nemesis of crashes, restarts, pauses, partitions, cuts, loss,
 * duplication and reordering, every checker after every event — runs over seeds 1…n of the
 * lab's scenario as the lab's link spells it, stopping at the first seed a checker fails.
 * The seed runner's replay link opens that same run in the lab. Runs in-process, so the page
 * calls it from a worker (`find-break.worker.ts`).
 */
import type { SimulationSuite } from '../../../package';
import { fromLab } from '../../../testing/lab-suite';
import { runSeed } from '../../../testing/seed-runner';
import { paxosEntry } from '../scenarios';
import { suites } from '../simulation';

export interface FindBreakParams {
  /** Servers in the lab (3–9). */
  readonly nodes: number;
  /** The lab's settings as its link spells them (`settingsToQuery`): only those not at their default. */
  readonly settings: Readonly<Record<string, string>>;
  /** Try seeds 1…`seeds`. */
  readonly seeds: number;
}

/** The first failing seed: which check failed, in its own words, and the link that replays it. */
export interface FoundBreak {
  readonly seed: number;
  /** The failed check's title as the Invariants panel shows it ("Agreement"). */
  readonly check: string;
  /** The checker's message ("two values chosen: A in ballot 1.n1, then B in ballot 1.n2 …"). */
  readonly message: string;
  /** Virtual ms at which the check failed; null when the suite's end-of-run check failed. */
  readonly atMs: number | null;
  /** `#/lab/paxos?seed=…&nodes=…&<settings>&run=…`: the seed runner's replay link. */
  readonly link: string;
}

export interface FindBreakResult {
  /** Seeds run (the failing one included). */
  readonly tried: number;
  /** The first failing seed, or null when none of them failed. */
  readonly found: FoundBreak | null;
}

/** The single-decree suite the search borrows its nemesis and timing from. */
function baseSuite(): SimulationSuite {
  const base = suites.find((s) => s.scenarioId === paxosEntry.id);
  if (!base) throw new Error('the Paxos package has no single-decree simulation suite');
  return base;
}

/**
 * Run seeds 1…`p.seeds` of the package's suite on the lab's scenario, stopping at the first
 * that fails; `onProgress(tried)` is told every `every` seeds. Deterministic: the same
 * params find the same seed, message and link.
 * @throws Error when a setting is unknown or out of range (the link could not replay it).
 */
export function findBreak(
  p: FindBreakParams,
  onProgress?: (tried: number) => void,
  every = 10,
): FindBreakResult {
  const suite: SimulationSuite = { ...baseSuite(), ...fromLab(paxosEntry, p.nodes, p.settings) };
  for (let seed = 1; seed <= p.seeds; seed++) {
    const outcome = runSeed(suite, seed);
    if (outcome.failure !== null) {
      const tolerated = new Set(suite.tolerates ?? []);
      const v = outcome.sim.monitor.violations.find((x) => !tolerated.has(x.invariant));
      const title = outcome.sim.invariantStatus().find((c) => c.id === v?.invariant)?.title;
      const found: FoundBreak = v
        ? {
            seed,
            check: title ?? v.invariant,
            message: v.message,
            atMs: v.time,
            link: outcome.link,
          }
        : { seed, check: suite.name, message: outcome.failure, atMs: null, link: outcome.link };
      outcome.sim.dispose();
      return { tried: seed, found };
    }
    outcome.sim.dispose();
    if (seed % every === 0) onProgress?.(seed);
  }
  return { tried: p.seeds, found: null };
}
