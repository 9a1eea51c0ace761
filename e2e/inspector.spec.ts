import { expect, test } from '@playwright/test';
import { openLab } from './helpers';

test('the inspector shows a Raft node’s log and a message’s causal history', async ({ page }) => {
  await openLab(page, '#/lab/raft?seed=4', { paused: true });
  await page.evaluate(() => window.netsplit.advance(800));
  await page.getByTestId('node-c1').click();
  await page.getByRole('button', { name: 'Client request', exact: true }).click();
  await page.evaluate(() => window.netsplit.advance(300));

  const leader = page.locator('[data-testid^="node-n"][data-role="leader"]');
  await leader.click();
  await page.keyboard.press('Escape');
  const inspector = page.getByTestId('inspector');
  const log = inspector.getByRole('table', { name: 'Log' });
  await expect(log.getByRole('row')).toHaveCount(3); // header, the leader's no-op, the write
  await expect(log.getByRole('row').nth(2)).toContainText(/put [xy]=c1\.1\s*committed/);
  await expect(inspector.getByRole('table', { name: 'Replication progress' })).toBeVisible();

  // A heartbeat in flight: it came from the leader's timer.
  const inFlight = page.locator('[data-testid^="msg-"][data-kind="AppendEntries"]');
  await expect
    .poll(async () => {
      await page.evaluate(() => window.netsplit.advance(5));
      return inFlight.count();
    })
    .toBeGreaterThan(0);
  // Messages can sit on top of each other; the keyboard reaches any one of them.
  await inFlight.first().focus();
  await page.keyboard.press('Enter');
  await page.keyboard.press('Escape');
  await expect(inspector.getByRole('heading', { level: 3 })).toContainText('AppendEntries');
  const history = inspector.getByRole('list', { name: 'Causal history' });
  await expect(history.getByRole('listitem').first()).toContainText('sent AppendEntries');
  expect(await history.getByRole('listitem').count()).toBeGreaterThan(1);
});
