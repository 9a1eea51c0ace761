/** What most specs do first: open a lab route and wait until its nodes run. */
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

export async function openLab(
  page: Page,
  hash: string,
  options: { paused?: boolean } = {},
): Promise<void> {
  await page.goto(`/${hash}`);
  await page.waitForFunction(() => window.netsplit?.ready === true);
  // Any node drawn (labs name their nodes n1…, or server, c1, p1…).
  await expect(page.getByTestId('cluster').locator('[data-testid^="node-"]').first()).toBeVisible();
  if (options.paused) {
    await page.getByRole('button', { name: 'Pause', exact: true }).click();
    // A run step already under way when Pause was pressed still lands (and may elect a
    // leader, say); advancing by nothing waits for it, so the page shows the settled world.
    await page.evaluate(() => window.netsplit.advance(0));
  }
}

/** Run the simulation forward as fast as it goes (what a teacher's script would do). */
export function advance(page: Page, ms: number): Promise<unknown> {
  return page.evaluate((m) => window.netsplit.advance(m), ms);
}

/**
 * On a 390 px phone the page is no wider than the screen, and axe finds no violation inside
 * the elements with these test ids (a family's panels).
 */
export async function expectPhoneFitAndNoAxeViolations(
  page: Page,
  testIds: readonly string[],
): Promise<void> {
  await page.setViewportSize({ width: 390, height: 844 });
  expect(
    await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    ),
    'px wider than a 390 px phone',
  ).toBeLessThanOrEqual(0);
  let axe = new AxeBuilder({ page });
  for (const id of testIds) axe = axe.include(`[data-testid="${id}"]`);
  expect((await axe.analyze()).violations).toEqual([]);
}
