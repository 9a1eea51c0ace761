/** Determinism cost: the same run in workers (browser) and in-process (Node) must hash the same. */
import { test } from '@playwright/test';
import { engineRuns } from '../e2e/app-modules';
import { record } from './record';

test('trace hash: workers vs in-process', async ({ page }) => {
  await page.goto('/#/lab/raft?seed=99');
  await page.waitForFunction(() => window.netsplit?.ready === true);
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  const browser = await page.evaluate(async () => {
    await window.netsplit.advance(20_000);
    return {
      time: window.netsplit.now(),
      hash: window.netsplit.traceHash(),
      events: window.netsplit.stats().events,
    };
  });
  const { scenarioById, startInProcess } = await engineRuns();
  const sim = startInProcess(scenarioById('raft', {}), 99);
  const started = performance.now();
  sim.runUntilSync(browser.time);
  const inProcessSeconds = (performance.now() - started) / 1000;
  const equal = sim.traceHash() === browser.hash;
  record({
    id: 'determinism',
    label: 'trace hash equal, workers vs in-process',
    unit: '',
    value: equal ? 1 : 0,
    goal: 'equal, always',
    met: equal,
    note: `${browser.events} events over ${browser.time.toFixed(0)} virtual ms; in-process replay ${(
      sim.recorder.length / inProcessSeconds
    ).toFixed(0)} events/s`,
  });
});
