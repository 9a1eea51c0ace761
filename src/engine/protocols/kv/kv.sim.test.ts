/**
 * The key-value store's checkers shown catching eventual consistency reading stale, through
 * the one seed runner (each catch prints the lab link that replays it). The store's safety
 * suites (every mode, 400 seeds each) are in simulation.ts, run by
 * `src/engine/testing/packages.sim.test.ts`.
 *
 * The seeds that once failed before the runner (primary-backup-sync 19: a backup's stale
 * refusal; multi-master-lww 15 and 29: equal timestamps) drew their faults from another
 * stream; the fixes stay covered by the suites' seeds, not by those numbers.
 */
import { describe, expect, it } from 'vitest';
import { operationsOf, recordedOpsOf } from '../../check/history';
import { checkLinearizability, kvModel } from '../../check/linearizability';
import { runSeed } from '../../testing/seed-runner';
import { STORE_CONFIGS, storeSuite } from './simulation';

/** The first seeds of the eventual suite (3 replicas) that read stale, found by search. */
const EVENTUAL_STALE_SEEDS = [1, 2, 3];

describe('the checkers catch eventual consistency reading stale', () => {
  const eventual = STORE_CONFIGS.eventual;
  if (!eventual) throw new Error('no eventual store configuration');
  const suite = storeSuite(eventual, 3, 1);
  it.each(EVENTUAL_STALE_SEEDS)(
    'eventual, seed %i: a stale read, and a history that is not linearizable',
    (seed) => {
      const outcome = runSeed(suite, seed);
      console.log(`eventual, seed ${seed}: replay ${outcome.link}`);
      expect(outcome.sim.monitor.violations[0]?.invariant).toBe('no-stale-read');
      const ops = operationsOf(recordedOpsOf(outcome.sim.trace));
      expect(checkLinearizability(kvModel(), ops).verdict).toBe('not-linearizable');
    },
    180_000,
  );
});
