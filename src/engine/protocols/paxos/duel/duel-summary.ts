/**
 * The duel sweep's shapes and its summary (median, p95, undecided), apart from the runs
 * themselves: the page imports these, and must not pull in the in-process runner (which
 * loads every protocol) that `duel-sweep.ts` uses in its worker.
 */

export interface DuelSweepParams {
  readonly seeds: readonly number[];
  /** Servers in the lab (3–9); n1 and n2 propose. */
  readonly nodes: number;
  /** Jitter on every link (ms); 0 is the preset's own network, where the duel never ends. */
  readonly jitterMs: number;
  /** Give up on a seed after this much virtual time without a decision (ms). */
  readonly horizonMs: number;
}

export interface DuelRun {
  readonly seed: number;
  /** Virtual ms from the first prepare until a learner knew the chosen value; null: not within the horizon. */
  readonly decidedMs: number | null;
  /** Ballots the proposers started in that time (the duel counter). */
  readonly ballots: number;
}

export interface DuelSweepResult {
  readonly fixed: readonly DuelRun[];
  readonly random: readonly DuelRun[];
}

/** One policy's figures: runs decided, and the median and 95th percentile time to decide. */
export interface DuelSummary {
  readonly runs: number;
  readonly undecided: number;
  /**
   * Nearest-rank percentiles over every run, an undecided run counting as slower than any
   * (so a median is null, "over the horizon", when half the runs did not decide).
   */
  readonly medianMs: number | null;
  readonly p95Ms: number | null;
  /** Mean ballots started per run. */
  readonly meanBallots: number;
}

/** Nearest-rank percentile `q` (0–1) of ascending `xs`; Infinity stands for "not decided". */
const nearestRank = (xs: readonly number[], q: number) =>
  xs[Math.max(0, Math.ceil(q * xs.length) - 1)] ?? Number.POSITIVE_INFINITY;

/** The figures the lab and the test report for one policy's runs. */
export function summarizeDuel(runs: readonly DuelRun[]): DuelSummary {
  const times = runs.map((r) => r.decidedMs ?? Number.POSITIVE_INFINITY).sort((a, b) => a - b);
  const finite = (x: number) => (Number.isFinite(x) ? x : null);
  return {
    runs: runs.length,
    undecided: runs.filter((r) => r.decidedMs === null).length,
    medianMs: runs.length ? finite(nearestRank(times, 0.5)) : null,
    p95Ms: runs.length ? finite(nearestRank(times, 0.95)) : null,
    meanBallots: runs.length ? runs.reduce((a, r) => a + r.ballots, 0) / runs.length : 0,
  };
}
