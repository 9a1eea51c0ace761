/**
 * The two generals in crafted runs: each variant with its last messenger captured ends with the
 * last sender attacking alone or holding while the other attacks; with nothing captured both
 * attack; more messengers per message ride out captures; a general keeps what it heard across a
 * crash, and one down at dawn holds. The decision rule is checked as a table.
 */
import { describe, expect, it } from 'vitest';
import type { SimulationSuite } from '../../package';
import type { Simulation } from '../../sim/simulation';
import { runSeed } from '../../testing/seed-runner';
import { startInProcess } from '../../testing/run';
import { decide, GENERAL_DEFAULTS, lastRoundTo, type GeneralView } from './general';
import { generalsAgree } from './invariants';
import { messengerLook } from './message-look';
import { GENERAL_A, GENERAL_B, twoGeneralsEntry } from './scenarios';
import { suites } from './simulation';
import { aloneByArithmetic, attackSweep, everyCapture } from './sweep';
import type { TwoGeneralsSummary } from './summary';

const lab = (settings: Record<string, string | number>, seed = 3) =>
  startInProcess(twoGeneralsEntry.build({ nodes: 2, settings }), seed);

const view = (sim: Simulation, id: string) =>
  sim.frame(0).nodes.find((n) => n.id === id)?.view as GeneralView;

/** Drops every messenger carrying `round` while it crosses, until `until` ms. */
function captureRound(sim: Simulation, round: number, until: number): void {
  while (sim.frame(0).time < until) {
    for (const m of sim.frame(0).inFlight)
      if ((m.payload as { round: number }).round === round && m.lostAt === null)
        sim.actSync({ type: 'drop-message', msg: m.id });
    if (!sim.stepSync()) break;
  }
}

const decisions = (sim: Simulation) => [
  view(sim, GENERAL_A).decision,
  view(sim, GENERAL_B).decision,
];

describe('two generals: the last messenger decides nothing certain', () => {
  it('with nothing captured, every variant attacks together', () => {
    for (const rounds of [1, 2, 3, 4]) {
      const sim = lab({ rounds });
      sim.runUntilSync(7_000);
      expect(decisions(sim), `rounds ${rounds}`).toEqual(['attack', 'attack']);
      expect(view(sim, rounds % 2 === 1 ? GENERAL_B : GENERAL_A).knowledgeDepth).toBe(rounds);
    }
  });

  it('capturing the last messenger leaves its sender attacking alone, in every variant', () => {
    for (const rounds of [1, 2, 3, 4]) {
      const sim = lab({ rounds });
      captureRound(sim, rounds, 7_000);
      const lastSender = rounds % 2 === 1 ? GENERAL_A : GENERAL_B;
      const other = lastSender === GENERAL_A ? GENERAL_B : GENERAL_A;
      expect(view(sim, lastSender).decision, `rounds ${rounds}`).toBe('attack');
      expect(view(sim, other).decision, `rounds ${rounds}`).toBe('hold');
      expect(view(sim, lastSender).lastSentConfirmed).toBe(false);
    }
  });

  it('capturing an earlier messenger makes both hold (coordinated, but no attack)', () => {
    const sim = lab({ rounds: 3 });
    captureRound(sim, 2, 7_000);
    expect(decisions(sim)).toEqual(['hold', 'hold']);
  });

  it('under the "first" rule, capturing the plan leaves A attacking alone', () => {
    const sim = lab({ rounds: 3, rule: 'first' });
    captureRound(sim, 1, 7_000);
    expect(decisions(sim)).toEqual(['attack', 'hold']);
  });

  it('more messengers per message ride out a few captures: the next copy carries the round', () => {
    const sim = lab({ rounds: 2, messengers: 3 });
    // Capture only the first copy of the plan.
    sim.runUntilSync(1);
    const first = sim.frame(0).inFlight.find((m) => (m.payload as { copy: number }).copy === 1);
    expect(first).toBeDefined();
    sim.actSync({ type: 'drop-message', msg: first?.id ?? -1 });
    sim.runUntilSync(7_000);
    expect(decisions(sim)).toEqual(['attack', 'attack']);
    // A cannot tell its plan got through before B's answer crosses back, so it sends all three;
    // B answered on the second copy, the first that reached it.
    const sends = sim.trace.filter((e) => e.k === 'send');
    expect(sends.filter((e) => e.node === GENERAL_A)).toHaveLength(3);
    const firstAck = sends.find((e) => e.node === GENERAL_B);
    const secondCopy = sim.trace.find((e) => e.k === 'deliver' && e.node === GENERAL_B);
    expect(secondCopy && firstAck && firstAck.t === secondCopy.t).toBe(true);
  });

  it('what a general heard survives a crash; a general down at dawn holds', () => {
    const sim = lab({ rounds: 2 });
    sim.runUntilSync(2_000);
    expect(view(sim, GENERAL_A).heard).toBe(2);
    sim.actSync({ type: 'crash', node: GENERAL_A });
    sim.runUntilSync(3_000);
    sim.actSync({ type: 'restart', node: GENERAL_A });
    sim.actSync({ type: 'crash', node: GENERAL_B });
    sim.runUntilSync(7_000);
    expect(view(sim, GENERAL_A).heard).toBe(2);
    expect(view(sim, GENERAL_A).decision).toBe('attack');
    sim.actSync({ type: 'restart', node: GENERAL_B });
    sim.runUntilSync(7_500);
    expect(view(sim, GENERAL_B).decision).toBe('hold');
  });

  it('the decision rule, as a table', () => {
    expect(lastRoundTo(true, 1)).toBe(0);
    expect(lastRoundTo(false, 1)).toBe(1);
    expect(lastRoundTo(true, 4)).toBe(4);
    expect(lastRoundTo(false, 4)).toBe(3);
    const a = { ...GENERAL_DEFAULTS, rounds: 3, initiator: true };
    const b = { ...a, initiator: false };
    expect([0, 1, 2, 3].map((h) => decide(a, h))).toEqual(['hold', 'hold', 'attack', 'attack']);
    expect([0, 1, 2, 3].map((h) => decide(b, h))).toEqual(['hold', 'hold', 'hold', 'attack']);
    expect(decide({ ...a, rule: 'first' }, 0)).toBe('attack');
    expect(decide({ ...b, rule: 'first' }, 1)).toBe('attack');
  });
});

describe('two generals: the checkers', () => {
  it('"Both generals do the same at dawn" names the general who attacked alone; the summary agrees', () => {
    const sim = lab({ rounds: 2 });
    captureRound(sim, 2, 7_000);
    const status = sim.monitor.status().find((s) => s.id === generalsAgree.id);
    expect(status?.violation?.message).toBe('B attacks alone: A holds (it heard 0 of 2 rounds)');
    const summary = status?.summary?.data as unknown as TwoGeneralsSummary;
    expect(summary.uncoordinated).toBe(true);
    expect(summary.chain.map((r) => [r.round, r.from, r.copiesArrived])).toEqual([
      [1, 'A', 1],
      [2, 'B', 0],
    ]);
    expect(summary.generals.find((g) => g.node === 'B')?.lastSentConfirmed).toBe(false);
  });

  it('the broken "attack-anyway" variant is caught by "No attack on a plan never heard", through the seed runner', () => {
    const suite = suites[0] as SimulationSuite;
    const settings = { ...suite.settings, broken: 'attack-anyway' };
    const broken: SimulationSuite = {
      ...suite,
      name: 'two generals, attack anyway',
      settings,
      scenario: () => twoGeneralsEntry.build({ nodes: 2, settings }),
    };
    const caught = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
      .map((seed) => runSeed(broken, seed))
      .find((o) => o.failure);
    expect(caught?.failure).toMatch(/^attack-needs-plan: B attacks although no plan reached it/);
    expect(caught?.link).toMatch(/^#\/lab\/two-generals\?seed=\d+.*broken=attack-anyway/);
    // The same seed with the generals as designed passes.
    expect(runSeed(suite, caught?.seed ?? 0).failure).toBeNull();
  });
});

describe('two generals: how a messenger is drawn', () => {
  it('labels the round and the copy, in its sender’s colour', () => {
    expect(messengerLook({ type: 'Messenger', round: 1, copy: 1 })).toEqual({
      owner: 'A',
      label: 'round 1',
      detail: 'round 1, the plan',
    });
    expect(messengerLook({ type: 'Messenger', round: 2, copy: 3 })).toEqual({
      owner: 'B',
      label: 'round 2 (copy 3)',
      detail: 'round 2, ack of round 1 (copy 3)',
    });
    expect(messengerLook({ type: 'Other' })).toBeNull();
  });
});

describe('two generals: the sweep over messengers', () => {
  it('lone attacks follow the arithmetic and fall as messengers are added, never to zero at 50 % capture', () => {
    const points = attackSweep({
      rounds: 2,
      lossPct: 50,
      rule: 'all',
      messengers: [1, 2, 4],
      seeds: 200,
    });
    const alone = points.map((p) => p.attackedAlone / p.seeds);
    points.forEach((p, i) => {
      const expected = aloneByArithmetic(2, 0.5, p.messengers, 'all');
      const tolerance = 4 * Math.sqrt((expected * (1 - expected)) / p.seeds) + 1 / p.seeds;
      expect(Math.abs((alone[i] ?? 0) - expected), `k = ${p.messengers}`).toBeLessThan(tolerance);
      expect(p.coordinated + p.attackedAlone).toBe(200);
    });
    expect(alone[0]).toBeGreaterThan(alone[2] ?? 1);
    expect(aloneByArithmetic(2, 0.5, 1, 'all')).toBe(0.25);
    expect(aloneByArithmetic(3, 0.5, 1, 'first')).toBe(0.5);
  });
});

describe('two generals: resending until answered (at-least-once), told as a payment', () => {
  const pay = (resend: string) => lab({ rounds: 2, messengers: 1, resend, story: 'payment' });
  const charges = (sim: Simulation) => view(sim, GENERAL_B).arrivals[0] ?? 0;

  it('the bank’s charges are on its disk: a crash and restart keep them', () => {
    const sim = pay('fixed');
    sim.runUntilSync(1_000);
    expect(charges(sim)).toBe(1);
    sim.actSync({ type: 'crash', node: GENERAL_B });
    sim.actSync({ type: 'restart', node: GENERAL_B });
    sim.runUntilSync(1_100);
    expect(charges(sim)).toBe(1);
  });

  it('sent once (at-most-once), a captured payment is lost: the bank never charges', () => {
    const sim = pay('fixed');
    captureRound(sim, 1, 7_000);
    expect(charges(sim)).toBe(0);
    expect(view(sim, GENERAL_A).heard).toBe(0);
  });

  it('resent until answered (at-least-once), a captured receipt makes the bank charge twice; nothing captured, once', () => {
    const once = pay('until-ack');
    once.runUntilSync(7_000);
    expect(charges(once)).toBe(1);
    const sim = pay('until-ack');
    // Capture only the first receipt: the payment is resent after 1.5 s and answered again.
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
    expect(charges(sim)).toBe(2);
    expect(view(sim, GENERAL_A).heard).toBe(2);
    const summary = sim.monitor.status().find((s) => s.id === generalsAgree.id)?.summary
      ?.data as unknown as TwoGeneralsSummary;
    expect(summary.story).toBe('payment');
    expect(summary.chain[0]?.copiesArrived).toBe(2);
  });
});

describe('two generals: every single capture', () => {
  it('finds, for every variant, the capture that leaves a general attacking alone', () => {
    for (const rounds of [1, 2, 3, 5])
      for (const rule of ['all', 'first'] as const) {
        const outcomes = everyCapture({ rounds, rule });
        expect(outcomes[0]?.broken, `${rounds} ${rule}: nothing captured`).toBe(false);
        expect(
          outcomes.some((o) => o.broken),
          `${rounds} ${rule}: some capture breaks it`,
        ).toBe(true);
      }
    // Under "all", the last messenger is the one.
    expect(everyCapture({ rounds: 3, rule: 'all' }).map((o) => o.broken)).toEqual([
      false,
      false,
      false,
      true,
    ]);
  });
});
