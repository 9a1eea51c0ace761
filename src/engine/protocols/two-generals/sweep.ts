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

/** One single-message capture and what it did: the round captured (null: none) and the decisions. */
export interface CaptureOutcome {
  readonly captured: number | null;
  readonly a: 'attack' | 'hold' | 'undecided';
  readonly b: 'attack' | 'hold' | 'undecided';
  /** One general attacked alone. */
  readonly broken: boolean;
}

/**
 * Every single-message capture of a variant (one messenger per message): the run with nothing
 * captured, then with round 1 captured, round 2, … — what each general did at dawn. Whatever
 * the rounds and the rule, some capture leaves one general attacking alone (or, with a rule
 * under which nobody ever attacks, nothing happens at all): the search shows which.
 */
export function everyCapture(params: {
  readonly rounds: number;
  readonly rule: 'all' | 'first';
}): CaptureOutcome[] {
  const scenario = twoGeneralsEntry.build({
    nodes: 2,
    settings: { rounds: params.rounds, rule: params.rule, messengers: 1 },
  });
  const captures = [null, ...Array.from({ length: params.rounds }, (_, i) => i + 1)];
  return captures.map((captured) => {
    const sim = startInProcess(scenario, 1, { invariants: [] });
    while (sim.time < AFTER_DAWN_MS) {
      for (const m of sim.frame(0).inFlight)
        if ((m.payload as { round?: unknown }).round === captured && m.lostAt === null)
          sim.actSync({ type: 'drop-message', msg: m.id });
      if (!sim.stepSync()) break;
    }
    const [a, b] = sim
      .frame(0)
      .nodes.map((n) => (n.view as GeneralView | undefined)?.decision ?? 'undecided');
    sim.dispose();
    const outcome = { captured, a: a ?? 'undecided', b: b ?? 'undecided' };
    return { ...outcome, broken: [outcome.a, outcome.b].sort().join() === 'attack,hold' };
  });
}
