/**
 * Coordination against messengers, measured (issue 16; CURRICULUM L3 and the ladder of
 * abstraction, P12): the two-generals scenario run over many seeds for each number of
 * messengers per message, counting runs where the generals did the same (both attacked, or
 * both held) and runs where one attacked alone. More messengers make a lone attack rarer,
 * never impossible while any messenger can be captured. Runs in-process (in its own worker in
 * the page) with no checks: it only reads each general's decision after dawn.
 */
import { startInProcess } from '../../testing/run';
import type { GeneralView } from './general';
import { twoGeneralsEntry } from './scenarios';
import type { AttackSweepPoint } from './summary';

export interface AttackSweepParams {
  readonly rounds: number;
  /** Chance a messenger is captured, percent (0–90). */
  readonly lossPct: number;
  readonly rule: 'all' | 'first';
  /** Messenger counts to run, e.g. [1, 2, 3, 4, 5, 6]. */
  readonly messengers: readonly number[];
  readonly seeds: number;
}

/** Dawn is at 6 s; the last decision is taken by then. */
const AFTER_DAWN_MS = 6_500;

/**
 * The chance one general attacks alone, by the arithmetic, when every message gets through
 * in time: a message of k messengers is lost with chance q = p^k; under "all" a lone attack
 * needs rounds 1…R−1 through and round R lost, (1 − q)^(R−1)·q; under "first" it needs the
 * plan lost, q. (Timing is ignored: a chain too long to finish before dawn does worse.)
 */
export function aloneByArithmetic(
  rounds: number,
  p: number,
  k: number,
  rule: 'all' | 'first',
): number {
  const q = p ** k;
  return rule === 'first' ? q : (1 - q) ** (rounds - 1) * q;
}

export function attackSweep(params: AttackSweepParams): AttackSweepPoint[] {
  return params.messengers.map((k) => {
    const scenario = twoGeneralsEntry.build({
      nodes: 2,
      settings: {
        rounds: params.rounds,
        messengers: k,
        loss: params.lossPct,
        rule: params.rule,
      },
    });
    let coordinated = 0;
    let attackedAlone = 0;
    for (let seed = 1; seed <= params.seeds; seed++) {
      const sim = startInProcess(scenario, seed, { invariants: [] });
      sim.runUntilSync(AFTER_DAWN_MS);
      const d = sim.frame(0).nodes.map((n) => (n.view as GeneralView | undefined)?.decision);
      if (d.includes('attack') && d.includes('hold')) attackedAlone++;
      else coordinated++;
      sim.dispose();
    }
    return { messengers: k, seeds: params.seeds, coordinated, attackedAlone };
  });
}
