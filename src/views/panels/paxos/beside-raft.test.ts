/** Paxos beside Raft: the scripts in words, the measurements as table rows and one reading. */
import { describe, expect, it } from 'vitest';
import { compareDecisionCosts } from '../../../engine/measure/compare';
import { decodeActions } from '../../../engine/share/run-link';
import type { DecisionCost } from '../../../engine/measure/decision-cost';
import {
  COMPARED,
  COMPARE_SCRIPTS,
  WORKLOAD,
  compareLink,
  compareSettings,
  costRow,
  readingOf,
  scriptInWords,
} from './beside-raft';

const script = (id: string) => {
  const s = COMPARE_SCRIPTS.find((x) => x.id === id);
  if (!s) throw new Error(`no script ${id}`);
  return s;
};

const cost = (over: Partial<DecisionCost>): DecisionCost => ({
  decisions: 80,
  messages: 2000,
  messagesPerDecision: 25,
  medianMs: 60.4,
  p95Ms: 66.6,
  actions: [],
  ...over,
});

describe('Paxos beside Raft, in words', () => {
  it('says the whole run in one sentence, for each script', () => {
    expect(scriptInWords(script('crash'), 3)).toBe(
      '5 servers, 2 clients each sending a request every 100 ms (7 in 10 of them writes); n1 crashes at 2 s and restarts at 4 s; 6 s; seed 3.',
    );
    expect(scriptInWords(script('none'), 1)).toContain('; no faults; 6 s; seed 1.');
    expect(scriptInWords(script('partition'), 1)).toContain('{n1, n2} and {n3, n4, n5} at 2 s');
    expect(COMPARE_SCRIPTS.map((s) => s.id)).toEqual(['none', 'crash', 'partition']);
  });

  it('turns a measurement into a row of words, rounding times and saying "none decided" for nothing', () => {
    expect(costRow('Multi-Paxos', cost({ messagesPerDecision: 24.86 }))).toEqual({
      protocol: 'Multi-Paxos',
      decisions: '80',
      messagesPerDecision: '24.9',
      medianMs: '60 ms',
      p95Ms: '67 ms',
    });
    const none = cost({ decisions: 0, messagesPerDecision: null, medianMs: null, p95Ms: null });
    expect(costRow('Raft', none)).toEqual({
      protocol: 'Raft',
      decisions: '0',
      messagesPerDecision: 'none decided',
      medianMs: 'none decided',
      p95Ms: 'none decided',
    });
  });

  it('reads the result honestly: both figures, and that heartbeats, client traffic and reads count', () => {
    const text = readingOf(cost({ messagesPerDecision: 24.86 }), cost({ messagesPerDecision: 48 }));
    expect(text).toContain('Multi-Paxos sent 24.9 messages per decision and Raft 48.0');
    expect(text).toMatch(/heartbeats, client requests and answers, and the reads/);
    expect(text).toContain('60 ms (median) to decide on Multi-Paxos and 60 ms on Raft');
    const none = cost({ decisions: 0, messagesPerDecision: null, medianMs: null, p95Ms: null });
    expect(readingOf(cost({}), none)).toMatch(/^Raft decided nothing in this run/);
    expect(readingOf(cost({}), none)).not.toContain('(median)');
  });
});

describe('Paxos beside Raft, measured', () => {
  // Lamport, "Paxos Made Simple" (2001), §3: a stable leader runs only phase 2 per command,
  // as Raft's leader sends one AppendEntries round — so both decide the same workload.
  it('runs the crash script on both labs: each decides, deterministically, in the order asked', () => {
    const params = {
      scenarioIds: COMPARED.map((c) => c.scenarioId),
      nodes: WORKLOAD.servers,
      settings: compareSettings(),
      seed: 1,
      script: script('crash').faults,
      durationMs: WORKLOAD.durationMs,
    };
    const costs = compareDecisionCosts(params);
    expect(costs).toHaveLength(2);
    for (const c of costs) {
      expect(c.decisions).toBeGreaterThan(20);
      expect(c.messagesPerDecision).toBeGreaterThan(3);
    }
    expect(
      compareDecisionCosts({ ...params, scenarioIds: [...params.scenarioIds].reverse() }),
    ).toEqual([...costs].reverse());

    // Each run's link replays it in its lab: seed, servers, load and the faults it recorded.
    const [paxos] = costs;
    if (!paxos) throw new Error('no Multi-Paxos cost');
    const link = compareLink('multi-paxos', 1, paxos);
    expect(link).toMatch(/^#\/lab\/multi-paxos\?seed=1&nodes=5&clients=2&load=100&run=/);
    const decoded = decodeActions(new URLSearchParams(link.split('?')[1]).get('run') ?? '');
    expect(decoded.ok && decoded.actions.map((a) => [a.time, a.action.type])).toEqual([
      [2000, 'crash'],
      [4000, 'restart'],
    ]);
    expect(compareLink('raft', 2, cost({}))).toBe('#/lab/raft?seed=2&nodes=5&clients=2&load=100');
  });
});
