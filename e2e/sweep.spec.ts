/**
 * The election sweep: a hundred seeds at once, as a histogram; narrowing the timeout spread
 * stretches the time to a leader (split votes), and any bar opens one of its runs in the lab.
 */
import { expect, test, type Page } from '@playwright/test';
import { openLab } from './helpers';

async function sweep(page: Page, from: string, to: string): Promise<number> {
  const panel = page.getByTestId('sweep');
  await panel.getByLabel('Election timeout from (ms)').fill(from);
  await panel.getByLabel('Election timeout to (ms)').fill(to);
  await panel.getByRole('button', { name: 'Run 100 seeds' }).click();
  const status = page.getByTestId('sweep-result').getByRole('status');
  await expect(status).toContainText(`100 seeds, timeouts ${from}–${to} ms`, { timeout: 30_000 });
  const median = /after (\d+) ms \(median\)/.exec(await status.innerText());
  return Number(median?.[1]);
}

test('a sweep of 100 elections shows how the timeout spread sets the time to a leader', async ({
  page,
}) => {
  await openLab(page, '#/lab/raft?seed=1', { paused: true });
  await page.getByText('Sweep: time to elect a leader, over 100 seeds').click();
  const wide = await sweep(page, '150', '300');
  const narrow = await sweep(page, '150', '160');
  expect(narrow).toBeGreaterThan(2 * wide);

  // The tallest bars are links: open one of the slow runs in the lab, with those timeouts.
  const bars = page.getByRole('link', { name: /seeds elected between .* open seed \d+/ });
  await expect(bars.first()).toBeVisible();
  const last = bars.last();
  const seed = /open seed (\d+)/.exec((await last.getAttribute('aria-label')) ?? '')?.[1];
  await last.click();
  await expect(page).toHaveURL(new RegExp(`#/lab/raft\\?seed=${seed}&.*electionMax=160`));
  await page.waitForFunction(() => window.netsplit?.ready === true);
  await expect(page.getByRole('textbox', { name: 'Seed' })).toHaveValue(seed ?? '');
});
