import { describe, expect, it } from 'vitest';
import { checkLinearizability, kvModel } from '../engine/check/linearizability';
import { operationsOf, recordedOpsOf } from '../engine/check/history';
import { kvEventualEntry } from '../engine/protocols/kv/scenarios/replica';
import { startInProcess } from '../engine/testing/run';
import { deltaOf, VerdictKeeper, type HistoryVerdict } from './history-verdict';

describe('the history verdict keeper', () => {
  it('judges a history once, as the checker does, and again only when it changed', () => {
    const sim = startInProcess(kvEventualEntry.build({ settings: { load: 50 } }), 3);
    sim.runUntilSync(3000);
    const history = recordedOpsOf(sim.trace);
    expect(history.length).toBeGreaterThan(10);
    const landed: HistoryVerdict[] = [];
    // No wall-clock budget to speak of: the verdict must not depend on how busy the machine is.
    const keeper = new VerdictKeeper((v) => landed.push(v), 60_000);
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

  it('tells the worker only what changed: dropped at the front, cut at the end, appended', () => {
    const sim = startInProcess(kvEventualEntry.build({ settings: { load: 50 } }), 3);
    sim.runUntilSync(2000);
    const ops = recordedOpsOf(sim.trace);
    const held = ops.slice(0, 10);
    const apply = (d: ReturnType<typeof deltaOf>) => [
      ...held.slice(d.drop, d.drop + d.keep),
      ...d.append,
    ];
    const grown = ops.slice(2, 14); // two dropped at the front, four appended
    expect(deltaOf(held, grown)).toMatchObject({ drop: 2, keep: 8 });
    expect(apply(deltaOf(held, grown))).toEqual(grown);
    const cut = [...ops.slice(0, 6), ...recordedOpsOf(sim.trace).slice(6, 8)]; // replayed: new objects
    expect(deltaOf(held, cut)).toMatchObject({ drop: 0, keep: 6 });
    expect(apply(deltaOf(held, cut))).toEqual(cut);
    const unrelated = recordedOpsOf(sim.trace).slice(0, 3);
    expect(deltaOf(held, unrelated)).toMatchObject({ drop: 0, keep: 0, append: unrelated });
  });
});
