import { expect, test, type Page } from '@playwright/test';
import { advance, openLab } from './helpers';

const openRaftAt = (page: Page, seed: number) =>
  openLab(page, `#/lab/raft?seed=${seed}`, { paused: true });

const leader = (page: Page) =>
  page.locator('[data-testid^="node-"][data-role="leader"][data-status="up"]');

test('scrubbing the timeline back shows the earlier leader; acting there branches history', async ({
  page,
}) => {
  await openRaftAt(page, 1);
  await advance(page, 1000);
  const first = await leader(page).getAttribute('data-testid');
  expect(first).toBeTruthy();
  await page.getByTestId(first ?? '').click();
  await page.getByRole('button', { name: 'Crash', exact: true }).click();
  await advance(page, 1500);
  await expect(leader(page)).toHaveCount(1);
  expect(await leader(page).getAttribute('data-testid')).not.toBe(first);
  // A marker for the crash is on the timeline.
  await expect(page.getByRole('button', { name: /^Go to .* crashed$/ })).toHaveCount(1);

  await page.getByRole('slider', { name: 'Timeline' }).fill('600');
  await expect(page.getByTestId('virtual-time')).toHaveText('600.0 ms');
  await expect(page.getByTestId(first ?? '')).toHaveAttribute('data-role', 'leader');
  await expect(page.getByTestId(first ?? '')).toHaveAttribute('data-status', 'up');
  await expect(page.getByTestId('timeline-past')).toBeVisible();

  // Act in the past: crash a different node; history branches, and the UI says so.
  const other = first === 'node-n1' ? 'n3' : 'n1';
  await page.getByTestId(`node-${other}`).click();
  await page.getByRole('button', { name: 'Crash', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'history branched' })).toBeVisible();
  await expect(page.getByTestId('timeline-past')).toBeHidden();
  await expect(page.getByTestId(`node-${other}`)).toHaveAttribute('data-status', 'crashed');
  await expect(page.getByTestId(first ?? '')).toHaveAttribute('data-status', 'up');
  const actions = await page.evaluate(() => window.netsplit.actions());
  expect(actions.map((a) => a.action)).toEqual([{ type: 'crash', node: other }]);
});

test('a shared link reproduces the run exactly (same trace hash)', async ({ page, context }) => {
  await openRaftAt(page, 5);
  await advance(page, 700);
  await page.getByTestId('node-n2').click();
  await page.getByRole('button', { name: 'Isolate', exact: true }).click();
  await advance(page, 500);
  await page.getByTestId('node-c1').click();
  await page.getByRole('button', { name: 'Client request', exact: true }).click();
  await advance(page, 800);
  const original = await page.evaluate(() => ({
    time: window.netsplit.now(),
    hash: window.netsplit.traceHash(),
  }));

  await page.getByRole('button', { name: 'Share this run' }).click();
  const link = await page.getByRole('textbox', { name: 'Share link' }).inputValue();
  expect(link).toContain('run=');

  const other = await context.newPage();
  await other.goto(link);
  await other.waitForFunction(() => window.netsplit?.ready === true);
  await other.getByRole('button', { name: 'Pause', exact: true }).click();
  const replayed = await other.evaluate(async (t) => {
    await window.netsplit.advance(Math.max(0, t - window.netsplit.now()));
    return { time: window.netsplit.now(), hash: window.netsplit.traceHash() };
  }, original.time);
  // The same events at the same moment; the moment itself may differ in its last bit (the
  // replay reached it as now + (t − now), and floating point need not give back t exactly).
  expect(replayed.hash).toBe(original.hash);
  expect(replayed.time).toBeCloseTo(original.time, 6);
  await expect(other.getByTestId('link-n1-n2')).toHaveAttribute('data-state', 'cut');
});
