/**
 * The generals card's sentences from real runs of the lab's scenario: the knowledge ladder
 * climbs one "knows that" per round that got through; the last sender is told it cannot know;
 * the outcome names the general who attacked alone.
 */
import { describe, expect, it } from 'vitest';
import { startInProcess } from '../../../engine/testing/run';
import { twoGeneralsEntry } from '../../../engine/protocols/two-generals/scenarios';
import type { Simulation } from '../../../engine/sim/simulation';
import {
  decisionWords,
  doubtOf,
  generalsSummaryOf,
  knowledgeSentence,
  ladderOf,
  outcomeSentence,
  paymentLines,
} from './generals-view';

const run = (rounds: number, dropRound: number | null) => {
  const sim = startInProcess(twoGeneralsEntry.build({ nodes: 2, settings: { rounds } }), 2);
  while (sim.frame(0).time < 7_000) {
    for (const m of sim.frame(0).inFlight)
      if ((m.payload as { round: number }).round === dropRound && m.lostAt === null)
        sim.actSync({ type: 'drop-message', msg: m.id });
    if (!sim.stepSync()) break;
  }
  return sim;
};
const summary = (sim: Simulation) => {
  const s = generalsSummaryOf(sim.frame(0).checks);
  if (!s) throw new Error('no summary');
  return s;
};

describe('generals card sentences', () => {
  it('nest one "knows that" per round', () => {
    expect(knowledgeSentence('B', 'A', 1)).toBe('B knows the plan');
    expect(knowledgeSentence('A', 'B', 2)).toBe('A knows that B knows the plan');
    expect(knowledgeSentence('B', 'A', 3)).toBe('B knows that A knows that B knows the plan');
  });

  it('three rounds, the last captured: A attacks alone; neither can tell whether its last messenger got through', () => {
    const s = summary(run(3, 3));
    const [a, b] = s.generals;
    if (!a || !b) throw new Error('two generals');
    expect(ladderOf(a, 'B', true)).toEqual(['A made the plan', 'A knows that B knows the plan']);
    expect(ladderOf(b, 'A', false)).toEqual(['B knows the plan']);
    expect(doubtOf(a, 'B', 3)).toBe(
      'A cannot tell whether its messenger with round 3 got through, so it cannot know what B will do.',
    );
    // B's round 2 did arrive, but nothing came back to tell B so.
    expect(doubtOf(b, 'A', 2)).toMatch(/^B cannot tell whether its messenger with round 2/);
    expect(decisionWords(a, s.dawnMs)).toBe('attacks at dawn');
    expect(decisionWords(b, s.dawnMs)).toBe('holds at dawn');
    expect(outcomeSentence(s)).toBe('A attacked alone: the attack failed.');
    expect(s.chain.map((r) => [r.round, r.copiesSent, r.copiesArrived])).toEqual([
      [1, 1, 1],
      [2, 1, 1],
      [3, 1, 0],
    ]);
  });

  it('nothing captured: both attack; before dawn, both are undecided', () => {
    const sim = startInProcess(twoGeneralsEntry.build({ nodes: 2, settings: { rounds: 2 } }), 2);
    sim.runUntilSync(3_000);
    const early = summary(sim);
    expect(outcomeSentence(early)).toBeNull();
    const [first] = early.generals;
    if (!first) throw new Error('two generals');
    expect(decisionWords(first, early.dawnMs)).toBe(
      'undecided: decides at dawn (6.0 s on its clock)',
    );
    sim.runUntilSync(7_000);
    expect(outcomeSentence(summary(sim))).toBe('Both attacked together.');
  });
});

describe('the payment story', () => {
  it('a receipt captured and the payment resent: the bank charged twice, and the payer has its receipt', () => {
    const sim = startInProcess(
      twoGeneralsEntry.build({
        nodes: 2,
        settings: { rounds: 2, resend: 'until-ack', story: 'payment' },
      }),
      2,
    );
    let captured = false;
    while (sim.frame(0).time < 7_000) {
      const receipt = sim
        .frame(0)
        .inFlight.find((m) => (m.payload as { round: number }).round === 2);
      if (receipt && !captured) {
        sim.actSync({ type: 'drop-message', msg: receipt.id });
        captured = true;
      }
      if (!sim.stepSync()) break;
    }
    expect(paymentLines(summary(sim))).toEqual({
      payer: 'A sent the payment twice and has a receipt.',
      bank: 'B, the bank, charged the account twice.',
      outcome: 'Charged twice for one payment: a duplicate.',
    });
  });

  it('sent once and captured: lost, and the payer cannot tell', () => {
    const sim = run(2, 1);
    const lines = paymentLines(summary(sim));
    expect(lines.payer).toBe(
      'A sent the payment once and has no receipt: it cannot tell whether the bank charged it.',
    );
    expect(lines.outcome).toBe('The payment was lost: nothing was charged.');
  });
});
