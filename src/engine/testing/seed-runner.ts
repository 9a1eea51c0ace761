/**
 * The one seed runner for every family's randomized simulation tests, in the manner of
 * TigerBeetle's VOPR: one seed convention (the run's seed seeds the world; the stream
 * `nemesis` of the same seed draws the faults and their weights), the seed and options
 * printed first, and every failing seed printed as a lab link that replays it in the
 * browser. Suites come from each package's `simulation.ts`.
 *
 * Environment: SEEDS=<n> seeds per suite (default: the suite's own), or <FAMILY>_SEEDS=<n>
 * for one family's suites only (the soak script in package.json uses it); SEED_START=<first>;
 * SEED=<one seed> to replay a single failure.
 */
import type { SimulationSuite } from '../package';
import type { SimAction } from '../sim/actions';
import { packages } from '../packages';
import { encodeActions } from '../share/run-link';
import { labHash } from '../share/lab-link';
import { streamFor } from '../sim/prng';
import { ActionRejected, type Simulation } from '../sim/simulation';
import { healAll } from './nemesis';
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
 * invariant checked after every event; when the suite settles, its `quiesce` repairs at
 * `durationMs` and `settleMs` more; then the suite's own end-of-run check.
 */
export function runSeed(suite: SimulationSuite, seed: number): SeedOutcome {
  const sim = startInProcess(suite.scenario(), seed);
  const rng = streamFor(seed, 'nemesis');
  const act = (action: SimAction) => {
    try {
      sim.actSync(action);
    } catch (err) {
      // A fault that does not apply now (restarting a node that is up…) is simply skipped.
      if (!(err instanceof ActionRejected)) throw err;
    }
  };
  const tolerated = new Set(suite.tolerates ?? []);
  const violation = () => sim.monitor.violations.find((v) => !tolerated.has(v.invariant));
  const failed = () => violation() !== undefined;
  for (let t = suite.faultEveryMs; t < suite.durationMs; t += suite.faultEveryMs) {
    sim.runUntilSync(t);
    if (failed()) break;
    const action = suite.nemesis(sim, rng);
    if (action) act(action);
  }
  if (!failed()) sim.runUntilSync(suite.durationMs);
  if (!failed() && suite.settleMs !== undefined) {
    for (const action of (suite.quiesce ?? healAll)(sim)) act(action);
    sim.runUntilSync(suite.durationMs + suite.settleMs);
  }
  const v = violation();
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

/** Adds one seed's `tally` into `totals` (in place). */
export function addTally(
  totals: Record<string, number>,
  tally: Readonly<Record<string, number>> | undefined,
): void {
  for (const [k, n] of Object.entries(tally ?? {})) totals[k] = (totals[k] ?? 0) + n;
}

/**
 * The seeds to run for a suite of `family`, from the environment (SEED, <FAMILY>_SEEDS or
 * SEEDS, SEED_START) or the suite's own count.
 */
export function seedsFor(
  suite: SimulationSuite,
  env: Readonly<Record<string, string | undefined>>,
  family?: string,
): number[] {
  if (env.SEED !== undefined) return [Number(env.SEED)];
  const first = Number(env.SEED_START ?? 1);
  const own = family === undefined ? undefined : env[`${family.toUpperCase()}_SEEDS`];
  const count = Number(own ?? env.SEEDS ?? suite.seeds);
  return Array.from({ length: count }, (_, i) => first + i);
}

/**
 * A wall-clock budget for running `count` seeds of a suite that holds on a loaded 2-core CI
 * machine: generous (several times what a seed costs even on a 2-core machine shared by
 * a dozen processes, never under three minutes), because a timeout there is a false alarm, not a finding.
 */
export function budgetMs(suite: SimulationSuite, count: number): number {
  const perSeed = Math.max(400, (suite.durationMs + (suite.settleMs ?? 0)) / 10);
  return Math.max(180_000, Math.ceil(count * perSeed));
}

/** The line printed before a suite runs: what runs, with which seeds and options. */
export function banner(found: FoundSuite, seeds: readonly number[]): string {
  const s = found.suite;
  const range =
    seeds.length === 1 ? `seed ${seeds[0]}` : `seeds ${seeds[0]}…${seeds[seeds.length - 1]}`;
  const settings = Object.entries(s.settings ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  const settle = s.settleMs === undefined ? '' : `, then ${s.settleMs} ms healed`;
  return `[${found.family}] ${s.name}: ${range}; ${s.durationMs} ms each${settle}, a fault every ${s.faultEveryMs} ms${s.nodes === undefined ? '' : `; nodes=${s.nodes}`}${settings ? `; ${settings}` : ''}`;
}

/**
 * The first of seeds `1…budget` on which `suite` fails, or null: how a test shows a checker
 * catching a deliberately broken variant. Tests assert the seed it finds (written into the
 * test when it was found), so a change that makes the checker slower to catch it is seen.
 */
export function firstFailing(suite: SimulationSuite, budget: number): SeedOutcome | null {
  for (let seed = 1; seed <= budget; seed++) {
    const outcome = runSeed(suite, seed);
    if (outcome.failure) return outcome;
  }
  return null;
}
