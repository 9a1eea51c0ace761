import { expect, test } from '@playwright/test';

test('an unknown scenario shows a clear message and a way home', async ({ page }) => {
  await page.goto('/#/lab/nope');
  await expect(page.getByRole('alert')).toContainText('There is no scenario called "nope"');
  await page.getByRole('link', { name: 'Back to the start page' }).click();
  await expect(page.getByRole('heading', { name: 'Netsplit', level: 1 })).toBeVisible();
  await page.getByRole('link', { name: 'Heartbeats' }).click();
  await expect(page.getByTestId('node-n1')).toBeVisible();
});

test('a malformed seed or path is explained, and the app still works', async ({ page }) => {
  await page.goto('/#/lab/ping?seed=abc');
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('the seed must be a whole number from');
  await expect(alert.getByRole('link', { name: 'Back to the start page' })).toHaveAttribute(
    'href',
    '#/',
  );
  await page.goto('/#/lab/ping?nodes=lots');
  await expect(page.getByRole('alert')).toContainText('"nodes" must be a whole number');
  await page.goto('/#/somewhere/else');
  await expect(page.getByRole('alert')).toContainText('There is no page');
  await page.goto('/#/lab/ping?seed=5');
  await expect(page.getByTestId('node-n5')).toBeVisible();
});

test('a malformed shared run is explained and a fresh run starts', async ({ page }) => {
  await page.goto('/#/lab/ping?seed=5&run=%21%21garbage');
  await expect(page.getByRole('status').filter({ hasText: 'could not be used' })).toBeVisible();
  await expect(page.getByTestId('node-n1')).toHaveAttribute('data-status', 'up');
  await page.waitForFunction(() => window.netsplit.ready && window.netsplit.now() > 100);
});

test('a node count out of range is explained, and the nearest allowed count is used', async ({
  page,
}) => {
  await page.goto('/#/lab/ping?seed=5&nodes=1');
  await expect(page.getByRole('status').filter({ hasText: '2 to 50 nodes' })).toContainText(
    'so this lab has 2, not 1',
  );
  await expect(page.getByTestId('node-n2')).toHaveAttribute('data-status', 'up');
  await expect(page.getByTestId('node-n3')).toHaveCount(0);
});
