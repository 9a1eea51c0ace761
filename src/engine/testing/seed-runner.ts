/**
 * The one seed runner for every family's randomized simulation tests, in the manner of
 * TigerBeetle's VOPR: one seed convention (the run's seed seeds the world; the stream
 * `nemesis` of the same seed draws the faults and their weights), the seed and options
 * printed first, and every failing seed printed as a lab link that replays it in the
 * browser. Suites come from each package's `simulation.ts`.
 *
 * Environment: SEEDS=<n> seeds per suite (default: the suite's own), SEED_START=<first>,
 * SEED=<one seed> to replay a single failure.
 */
import type { SimulationSuite } from '../package';
import { packages } from '../packages';
import { encodeActions } from '../share/run-link';
import { labHash } from '../share/lab-link';
import { streamFor } from '../sim/prng';
import { ActionRejected, type Simulation } from '../sim/simulation';
import { startInProcess } from './run';

/** A suite with the package it came from. */
export interface FoundSuite {
  readonly family: string;
  readonly suite: SimulationSuite;
}

const suitesByPath = import.meta.glob<readonly SimulationSuite[]>('../protocols/*/simulation.ts', {
  eager: true,
  import: 'suites',
});

/** Every simulation suite of every package (`protocols/<family>/simulation.ts`), in catalogue order. */
export function allSuites(): FoundSuite[] {
  const familyOf = (path: string) => path.split('/').at(-2) ?? path;
  const found = Object.entries(suitesByPath).flatMap(([path, suites]) =>
    suites.map((suite) => ({ family: familyOf(path), suite })),
  );
  const rank = (family: string) => packages.findIndex((p) => p.id === family);
  return found.sort((a, b) => rank(a.family) - rank(b.family));
}

/** What one seed did: its failure in words (null when every check held) and its replay link. */
export interface SeedOutcome {
  readonly seed: number;
  readonly failure: string | null;
  /** `#/lab/<scenario>?seed=…&run=…`: opens the same run in the lab. */
  readonly link: string;
  readonly events: number;
  readonly sim: Simulation;
}

/**
 * Run one seed of a suite in-process: faults every `faultEveryMs` from the nemesis, every
 * invariant checked after every event, then the suite's own end-of-run check.
 */
export function runSeed(suite: SimulationSuite, seed: number): SeedOutcome {
  const sim = startInProcess(suite.scenario(), seed);
  const rng = streamFor(seed, 'nemesis');
  for (let t = suite.faultEveryMs; t < suite.durationMs; t += suite.faultEveryMs) {
    sim.runUntilSync(t);
    if (sim.monitor.violations.length) break;
    const action = suite.nemesis(sim, rng);
    if (!action) continue;
    try {
      sim.actSync(action);
    } catch (err) {
      // A fault that does not apply now (restarting a node that is up…) is simply skipped.
      if (!(err instanceof ActionRejected)) throw err;
    }
  }
  if (!sim.monitor.violations.length) sim.runUntilSync(suite.durationMs);
  const v = sim.monitor.violations[0];
  const failure = v
    ? `${v.invariant}: ${v.message} (events ${v.events.join(', ')})`
    : (suite.check?.(sim) ?? null);
  const link = labHash(
    suite.scenarioId,
    seed,
    suite.nodes ?? null,
    encodeActions(sim.recordedActions()),
    suite.settings ?? {},
  );
  return { seed, failure, link, events: sim.recorder.length, sim };
}

/** The seeds to run for a suite, from the environment or the suite's own count. */
export function seedsFor(
  suite: SimulationSuite,
  env: Readonly<Record<string, string | undefined>>,
): number[] {
  if (env.SEED !== undefined) return [Number(env.SEED)];
  const first = Number(env.SEED_START ?? 1);
  const count = Number(env.SEEDS ?? suite.seeds);
  return Array.from({ length: count }, (_, i) => first + i);
}

/** The line printed before a suite runs: what runs, with which seeds and options. */
export function banner(found: FoundSuite, seeds: readonly number[]): string {
  const s = found.suite;
  const range =
    seeds.length === 1 ? `seed ${seeds[0]}` : `seeds ${seeds[0]}…${seeds[seeds.length - 1]}`;
  const settings = Object.entries(s.settings ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  return `[${found.family}] ${s.name}: ${range}; ${s.durationMs} ms each, a fault every ${s.faultEveryMs} ms${settings ? `; ${settings}` : ''}`;
}
