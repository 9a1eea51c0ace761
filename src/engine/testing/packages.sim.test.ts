/**
 * Every package's randomized simulation suites, through the one seed runner: the seed and
 * options are printed first, and a failing seed fails with the lab link that replays it.
 * After the last seed, the suite's `judge` reads the tallies summed over all seeds (did the
 * runs do real work?).
 *
 * Replay one seed: SEED=<seed> npx vitest run src/engine/testing/packages.sim.test.ts -t '<suite>'
 * Soak one family: RAFT_SEEDS=14286 npx vitest run src/engine/testing/packages.sim.test.ts -t raft
 * (the count is per suite; `npm run soak:raft` and `soak:paxos` give about 100,000 in all)
 */
import { describe, expect, it } from 'vitest';
import { addTally, allSuites, banner, budgetMs, runSeed, seedsFor } from './seed-runner';

const suites = allSuites();

describe('every package’s simulation suites', () => {
  it('finds at least one suite', () => {
    expect(suites.length).toBeGreaterThan(0);
  });

  for (const found of suites) {
    const seeds = seedsFor(found.suite, process.env, found.family);
    it(
      `${found.family}: ${found.suite.name} keeps every invariant`,
      () => {
        console.log(banner(found, seeds));
        const totals: Record<string, number> = {};
        for (const seed of seeds) {
          const outcome = runSeed(found.suite, seed);
          if (outcome.failure)
            expect.fail(`seed ${seed}: ${outcome.failure}\nreplay: ${outcome.link}`);
          addTally(totals, found.suite.tally?.(outcome.sim));
        }
        if (found.suite.tally)
          console.log(`  over ${seeds.length} seeds: ${JSON.stringify(totals)}`);
        if (seeds.length > 1) {
          const verdict = found.suite.judge?.(totals, seeds.length) ?? null;
          if (verdict) expect.fail(`over ${seeds.length} seeds: ${verdict}`);
        }
      },
      budgetMs(found.suite, seeds.length),
    );
  }
});
