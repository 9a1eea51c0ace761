/**
 * Every package's randomized simulation suites, through the one seed runner: the seed and
 * options are printed first, and a failing seed fails with the lab link that replays it.
 */
import { describe, expect, it } from 'vitest';
import { allSuites, banner, runSeed, seedsFor } from './seed-runner';

const suites = allSuites();

describe('every package’s simulation suites', () => {
  it('finds at least one suite', () => {
    expect(suites.length).toBeGreaterThan(0);
  });

  it.each(suites.map((s) => [`${s.family}: ${s.suite.name}`, s] as const))(
    '%s keeps every invariant',
    (_, found) => {
      const seeds = seedsFor(found.suite, process.env);
      console.log(banner(found, seeds));
      for (const seed of seeds) {
        const outcome = runSeed(found.suite, seed);
        if (outcome.failure)
          expect.fail(`seed ${seed}: ${outcome.failure}\nreplay: ${outcome.link}`);
      }
    },
    120_000,
  );
});
