/**
 * "The lab links to it" (issue 14): with unsafe Paxos settings the lab says why, searches
 * the package's own randomized runs for one that chooses two values, and links to it; the
 * link opens that run, and played to the end it turns Agreement red.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { advance, openLab } from './helpers';

test('unsafe quorums: the lab finds a run that chooses two values, and its link turns Agreement red', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1280, height: 720 });
  await openLab(page, '#/lab/paxos?q1=2&q2=2', { paused: true });
  const panel = page.getByRole('region', { name: 'Unsafe settings' });
  await expect(panel).toContainText(
    'These settings are unsafe: a phase-1 quorum of 2 and a phase-2 quorum of 2 need not share an acceptor among 5 servers (2 + 2 ≤ 5)',
  );

  // By keyboard: focus the button and press Enter.
  const find = panel.getByRole('button', { name: 'Find a run that chooses two values' });
  await find.focus();
  await page.keyboard.press('Enter');
  const status = panel.getByRole('status');
  await expect(status).toContainText(
    /^Seed \d+ breaks Agreement at [\d,]+ ms \(after trying \d+ seeds?\): two values chosen: /,
    {
      timeout: 120_000,
    },
  );
  const said = await status.innerText();
  const seed = /^Seed (\d+)/.exec(said)?.[1] ?? '';
  const message = /: (two values chosen: .*)\.\n/.exec(said)?.[1] ?? '';
  expect(message).not.toBe('');
  const open = panel.getByRole('link', { name: 'Open that run' });
  await expect(open).toHaveAttribute(
    'href',
    new RegExp(`^#/lab/paxos\\?seed=${seed}&nodes=5&q1=2&q2=2&run=`),
  );

  // The panel is accessible and fits 1280×720 and a 390 px phone without sideways scrolling.
  const axe = await new AxeBuilder({ page })
    .include('[data-testid="find-break"]')
    .withTags(['wcag2a', 'wcag2aa'])
    .analyze();
  expect(axe.violations.map((v) => v.id)).toEqual([]);
  const fits = () =>
    page.evaluate(
      () => document.documentElement.scrollWidth <= document.documentElement.clientWidth,
    );
  await open.scrollIntoViewIfNeeded();
  await expect(open).toBeInViewport();
  expect(await fits()).toBe(true);
  await page.setViewportSize({ width: 390, height: 800 });
  await open.scrollIntoViewIfNeeded();
  await expect(open).toBeInViewport();
  expect(await fits()).toBe(true);
  await page.setViewportSize({ width: 1280, height: 720 });

  // Following the link (by keyboard) opens that run; played to the end, Agreement turns red.
  await open.focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`#/lab/paxos\\?seed=${seed}&nodes=5&q1=2&q2=2&run=`));
  await expect(page.getByLabel('Seed')).toHaveValue(seed);
  await page.waitForFunction(() => window.netsplit?.ready === true);
  // It opens at the start, still paused as the lab was: Agreement holds until the run plays.
  await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeVisible();
  const agreement = page.locator('[data-check="paxos-agreement"]');
  await expect(agreement).toHaveAttribute('data-holds', 'true');
  await advance(page, 4000);
  await expect(agreement).toHaveAttribute('data-holds', 'false');
  await expect(agreement).toContainText('violated');
  await expect(agreement).toContainText(message);

  // A broken variant is unsafe too; a search that cannot run says so in words, and the page stays.
  await page.goto('/#/lab/paxos?seed=1&broken=ignore-accepted');
  await page.waitForFunction(() => window.netsplit?.ready === true);
  const again = page.getByRole('region', { name: 'Unsafe settings' });
  await expect(again).toContainText(
    'These settings are unsafe: the broken variant ignore-accepted is on, which breaks Agreement (the proposer ignores accepted values).',
  );
  await page.route('**/*find-break.worker*', (route) => route.abort());
  await again.getByRole('button', { name: 'Find a run that chooses two values' }).click();
  await expect(again).toContainText('The search could not run: ');
  await expect(
    again.getByRole('button', { name: 'Find a run that chooses two values' }),
  ).toBeEnabled();
  await expect(page.getByTestId('node-n1')).toBeVisible();

  // Safe settings (majorities) offer no search.
  await page.goto('/#/lab/paxos?seed=1');
  await page.waitForFunction(() => window.netsplit?.ready === true);
  await expect(page.getByTestId('node-n1')).toBeVisible();
  await expect(page.getByTestId('find-break')).toHaveCount(0);
});
