/**
 * A step watch resumed from saved progress sees the step's own actions and trace again, as
 * the watch begun with the step did (issue 12, item 2: a reload inside a step).
 */
import { expect, it } from 'vitest';
import type { SimAction } from '../engine/sim/actions';
import { scenarioById, startInProcess } from '../engine/testing/run';
import { StepWatch } from './goal-context';

const broadcast: SimAction = { type: 'protocol', node: 'A', action: { id: 'broadcast' } };

it('a watch told where its step began sees the step’s actions and entries; one begun now does not', () => {
  const sim = startInProcess(scenarioById('notes', { settings: {} }), 1);
  sim.runUntilSync(100);
  const origin = { actionsBefore: sim.recordedActions().length, firstEntry: sim.recorder.length };
  const atStart = sim.frame(0);
  const live = new StepWatch(sim, atStart);
  sim.actSync(broadcast);
  sim.runUntilSync(800);

  const resumed = new StepWatch(sim, atStart, origin).context(sim.frame(0), {});
  const seen = live.context(sim.frame(0), {});
  expect(resumed.actions).toEqual([broadcast]);
  expect(resumed.actions).toEqual(seen.actions);
  expect(resumed.trace.map((e) => e.i)).toEqual(seen.trace.map((e) => e.i));
  expect(resumed.trace.some((e) => e.k === 'log' && e.fact?.kind === 'note-sent')).toBe(true);
  expect(resumed.start.time).toBe(atStart.time);

  const fresh = new StepWatch(sim, sim.frame(0)).context(sim.frame(0), {});
  expect(fresh.actions).toEqual([]);
  expect(fresh.trace).toEqual([]);
});
