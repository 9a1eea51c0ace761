import { describe, expect, it } from 'vitest';
import { checkLinearizability, kvModel } from '../engine/check/linearizability';
import { operationsOf, recordedOpsOf } from '../engine/check/history';
import { scenarioById, startInProcess } from '../engine/testing/run';
import { VerdictKeeper, type HistoryVerdict } from './history-verdict';

describe('the history verdict keeper', () => {
  it('judges a history once, as the checker does, and again only when it changed', () => {
    const sim = startInProcess(scenarioById('kv-eventual', { settings: { load: 50 } }), 3);
    sim.runUntilSync(3000);
    const history = recordedOpsOf(sim.trace);
    expect(history.length).toBeGreaterThan(10);
    const landed: HistoryVerdict[] = [];
    const keeper = new VerdictKeeper((v) => landed.push(v));
    keeper.update(history);
    keeper.update(history);
    expect(landed).toHaveLength(1);
    const expected = checkLinearizability(kvModel(), operationsOf(history));
    expect(landed[0]?.verdict).toBe(expected.verdict);
    expect(landed[0]?.history).toBe(history);
    expect(landed[0]?.operations).toBe(operationsOf(history).length);
    keeper.update(history.slice(0, 5));
    expect(landed).toHaveLength(2);
  });
});
