import { describe, expect, it } from 'vitest';
import { decisionCost, type ScriptedFault } from '../engine/measure/decision-cost';

const script: ScriptedFault[] = [
  { atMs: 2000, action: { type: 'crash', node: 'n1' } },
  { atMs: 4000, action: { type: 'restart', node: 'n1' } },
];

describe('decisionCost', () => {
  it('measures a Raft run under a fault script: decisions, messages per decision, time to decide', () => {
    const p = {
      scenarioId: 'raft',
      nodes: 5,
      settings: { clients: 2, load: 100 },
      seed: 1,
      script,
      durationMs: 6000,
    };
    const cost = decisionCost(p);
    console.log('raft, 5 servers, 2 clients, n1 down 2–4 s:', cost);
    expect(cost.decisions).toBeGreaterThan(20);
    expect(cost.messagesPerDecision).toBeGreaterThan(4);
    expect(cost.medianMs).toBeGreaterThan(0);
    expect(cost.p95Ms).toBeGreaterThanOrEqual(cost.medianMs ?? 0);
    expect(decisionCost(p)).toEqual(cost);
  });

  it('puts Multi-Paxos beside Raft on the same script: both decide, and each figure is comparable', () => {
    const run = (scenarioId: string) =>
      decisionCost({
        scenarioId,
        nodes: 5,
        settings: { clients: 2, load: 100 },
        seed: 1,
        script,
        durationMs: 6000,
      });
    const raft = run('raft');
    const paxos = run('multi-paxos');
    console.log('same script, raft vs multi-paxos:', { raft, paxos });
    for (const c of [raft, paxos]) {
      expect(c.decisions).toBeGreaterThan(20);
      expect(c.medianMs).toBeGreaterThan(0);
    }
  });

  it('says null, not zero, when nothing was decided', () => {
    const cost = decisionCost({
      scenarioId: 'raft',
      nodes: 3,
      seed: 1,
      script: [],
      durationMs: 500,
    });
    expect(cost).toMatchObject({ decisions: 0, messagesPerDecision: null, medianMs: null });
  });
});
