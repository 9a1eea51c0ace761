/**
 * The ping package's checker against its broken variant, through the one seed runner: with
 * sticky suspicion a node keeps suspecting a peer it has just heard from, and the runner
 * names the seed and a lab link that replays it.
 */
import { describe, expect, it } from 'vitest';
import type { SimulationSuite } from '../../package';
import { runSeed } from '../../testing/seed-runner';
import { pingEntry } from './scenarios';
import { suites } from './simulation';

const correct = suites[0] as SimulationSuite;
const sticky: SimulationSuite = {
  ...correct,
  name: 'ping with sticky suspicion',
  settings: { broken: 'sticky-suspicion' },
  scenario: () => pingEntry.build({ nodes: 5, settings: { broken: 'sticky-suspicion' } }),
};

describe('ping: Suspicion clears on contact', () => {
  it('holds for the correct detector over the suite’s seeds', () => {
    for (let seed = 1; seed <= correct.seeds; seed++)
      expect(runSeed(correct, seed).failure, `seed ${seed}`).toBeNull();
  });

  it('catches the sticky-suspicion variant, with a link that replays it', () => {
    const caught = [1, 2, 3, 4, 5].map((seed) => runSeed(sticky, seed)).find((o) => o.failure);
    expect(caught?.failure).toMatch(/^suspicion-clears: n\d still suspects n\d/);
    expect(caught?.link).toMatch(/^#\/lab\/ping\?seed=\d+&nodes=5&broken=sticky-suspicion&run=/);
  });
});
