import { expect, test } from '@playwright/test';
import { scenarioCatalogue } from './app-modules';

test('the start page offers every lab scenario in the catalogue, and loads no lab code', async ({
  page,
}) => {
  const { scenarios } = await scenarioCatalogue();
  const scripts: string[] = [];
  page.on('request', (r) => {
    if (r.resourceType() === 'script') scripts.push(r.url());
  });
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Netsplit', level: 1 })).toBeVisible();
  const lab = page.getByRole('region', { name: 'The lab' });
  for (const entry of Object.values(scenarios)) {
    await expect(lab.getByRole('link', { name: entry.title, exact: true })).toHaveAttribute(
      'href',
      `#/lab/${entry.id}?seed=1`,
    );
  }

  // The hook is there on every page; with no lab open it reports an empty world.
  const hook = await page.evaluate(() => ({
    version: window.netsplit.version,
    ready: window.netsplit.ready,
    now: window.netsplit.now(),
    frame: window.netsplit.frame(),
    workers: window.netsplit.stats().workers,
  }));
  expect(hook).toEqual({
    version: expect.stringMatching(/^\d+\.\d+\.\d+/),
    ready: false,
    now: 0,
    frame: null,
    workers: 0,
  });
  // The lab (engine, workers, views) is fetched only when a lab is opened.
  expect(scripts.some((url) => /LabPage/.test(url))).toBe(false);

  await lab.getByRole('link', { name: scenarios.ping?.title ?? 'Heartbeats' }).click();
  await expect(page).toHaveURL(/#\/lab\/ping\?seed=1$/);
  await page.evaluate(() => window.netsplit.whenReady());
  await expect(page.getByTestId('node-n1')).toHaveAttribute('data-status', 'up');
  expect(scripts.some((url) => /LabPage/.test(url))).toBe(true);
  await expect.poll(() => page.evaluate(() => window.netsplit.stats().workers)).toBe(5);

  // Leaving the lab stops its workers.
  await page.getByRole('link', { name: 'Netsplit' }).click();
  await expect(page.getByRole('region', { name: 'The lab' })).toBeVisible();
  expect(await page.evaluate(() => window.netsplit.ready)).toBe(false);
  expect(await page.evaluate(() => window.netsplit.stats().workers)).toBe(0);
});
