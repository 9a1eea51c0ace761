import { describe, expect, it } from 'vitest';
import { electionSweep } from './election-sweep';

const seeds = Array.from({ length: 60 }, (_, i) => i + 1);
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('election sweep', () => {
  it('times the first leader of every seed, and a narrow timeout spread splits more votes', () => {
    const wide = electionSweep({
      seeds,
      nodes: 5,
      electionMinMs: 150,
      electionMaxMs: 300,
      limitMs: 5000,
    });
    const narrow = electionSweep({
      seeds,
      nodes: 5,
      electionMinMs: 150,
      electionMaxMs: 160,
      limitMs: 5000,
    });
    expect(wide.map((r) => r.seed)).toEqual(seeds);
    // With a wide spread every seed elects, no sooner than the shortest timeout.
    for (const r of wide) expect(r.firstLeaderMs).toBeGreaterThan(150);
    const elected = (runs: typeof wide) =>
      runs.map((r) => r.firstLeaderMs).filter((t): t is number => t !== null);
    // Near-equal timeouts: several servers stand at once, votes split, terms pass.
    expect(mean(narrow.map((r) => r.elections))).toBeGreaterThan(
      mean(wide.map((r) => r.elections)),
    );
    expect(mean(elected(narrow))).toBeGreaterThan(2 * mean(elected(wide)));
  });

  it('with timeouts closer together than a message takes, votes split for ever', () => {
    const runs = electionSweep({
      seeds,
      nodes: 5,
      electionMinMs: 150,
      electionMaxMs: 152,
      limitMs: 3000,
    });
    expect(runs.every((r) => r.firstLeaderMs === null && r.elections > 10)).toBe(true);
  });

  it('is deterministic', () => {
    const p = { seeds: [3, 4], nodes: 5, electionMinMs: 150, electionMaxMs: 300, limitMs: 3000 };
    expect(electionSweep(p)).toEqual(electionSweep(p));
  });
});
