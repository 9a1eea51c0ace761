/**
 * The same seed and actions give the same trace with one Web Worker per node in a real
 * browser as with the in-process host in Node: the test runs both and compares hashes.
 */
import { expect, test } from '@playwright/test';
import { engineRuns } from './app-modules';

test('workers in the browser and the in-process host give the same trace hash', async ({
  page,
}) => {
  await page.goto('/#/lab/ping?seed=42');
  await page.waitForFunction(() => window.netsplit?.ready === true);
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  const browser = await page.evaluate(async () => {
    await window.netsplit.advance(3000);
    return {
      time: window.netsplit.now(),
      hash: window.netsplit.traceHash(),
      version: window.netsplit.version,
    };
  });
  expect(browser.version).toMatch(/^\d+\.\d+\.\d+/);

  const { scenarioById, startInProcess } = await engineRuns();
  const inProcess = startInProcess(scenarioById('ping', {}), 42);
  inProcess.runUntilSync(browser.time);
  expect(browser.hash).toBe(inProcess.traceHash());

  const otherSeed = startInProcess(scenarioById('ping', {}), 43);
  otherSeed.runUntilSync(browser.time);
  expect(otherSeed.traceHash()).not.toBe(browser.hash);
});

test('a run with a crash clicked in the UI replays to the same hash in-process', async ({
  page,
}) => {
  await page.goto('/#/lab/ping?seed=7&nodes=4');
  await page.waitForFunction(() => window.netsplit?.ready === true);
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await page.evaluate(() => window.netsplit.advance(700));
  await page.getByTestId('node-n2').click();
  await page.getByRole('button', { name: 'Crash', exact: true }).click();
  await expect(page.getByTestId('node-n2')).toHaveAttribute('data-status', 'crashed');
  const browser = await page.evaluate(async () => {
    await window.netsplit.advance(1500);
    return {
      time: window.netsplit.now(),
      hash: window.netsplit.traceHash(),
      actions: window.netsplit.actions(),
    };
  });
  expect(browser.actions).toHaveLength(1);
  expect(browser.actions[0]?.action).toEqual({ type: 'crash', node: 'n2' });

  const { scenarioById, startInProcess } = await engineRuns();
  const replay = startInProcess(scenarioById('ping', { nodes: 4 }), 7, {
    actions: browser.actions,
  });
  replay.runUntilSync(browser.time);
  expect(replay.traceHash()).toBe(browser.hash);
});
