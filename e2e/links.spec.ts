import { expect, test } from '@playwright/test';
import { openLab } from './helpers';

test('cut a link one way, restore it, and make it lossy — by clicking the link', async ({
  page,
}) => {
  await openLab(page, '#/lab/ping?seed=2&nodes=3', { paused: true });

  await page.getByRole('button', { name: 'link n1–n2, connected' }).focus();
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: 'Cut n1 → n2' }).click();
  await expect(page.getByTestId('link-n1-n2')).toHaveAttribute('data-state', 'one-way');
  await page.evaluate(() => window.netsplit.advance(300));
  await expect(page.getByTestId('event-log')).toContainText('n1 → n2 cut off by a partition');
  await expect(page.getByTestId('event-log')).not.toContainText('n2 → n1 cut off');

  await page.getByRole('button', { name: 'link n1–n2, n1 → n2 cut' }).focus();
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: 'Restore link' }).click();
  await expect(page.getByTestId('link-n1-n2')).toHaveAttribute('data-state', 'up');

  // A message may sit on the link at this moment: the keyboard reaches it regardless.
  await page.getByRole('button', { name: 'link n2–n3, connected' }).focus();
  await page.keyboard.press('Enter');
  await page.getByRole('spinbutton', { name: 'Loss (%)' }).fill('100');
  await page.getByRole('button', { name: 'Apply to this link' }).click();
  await expect(page.getByTestId('event-log')).toContainText('link n3 → n2: loss 100%');
  await page.evaluate(() => window.netsplit.advance(600));
  await expect(page.getByTestId('event-log')).toContainText('n2 → n3 lost on the way');
  // With every message between them lost, they come to suspect each other.
  await expect(page.getByTestId('event-log')).toContainText(/n2 suspects n3|n3 suspects n2/);
});

test('skew a node’s clock from its menu', async ({ page }) => {
  await openLab(page, '#/lab/ping?seed=2&nodes=3', { paused: true });
  await page.getByTestId('node-n2').click();
  await page.getByRole('spinbutton', { name: 'Clock skew (ms)' }).fill('500');
  await page.getByRole('button', { name: 'Set clock' }).click();
  await expect(page.getByTestId('event-log')).toContainText("n2's clock: skew 500 ms");
  await expect(page.getByTestId('inspector')).toContainText('(skew 500 ms, drift 0)');
});
