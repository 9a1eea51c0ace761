/**
 * Automated accessibility checks (axe, WCAG 2 A and AA) on the pages a learner meets: the
 * start page, a lab, a lesson, the store's lab with its panels. What axe cannot judge (is the
 * narration useful? can a keyboard reach everything?) the other specs check by doing it.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';

const pages = [
  ['the start page', '#/'],
  ['the Raft lab', '#/lab/raft?seed=1'],
  ['a lesson', '#/lessons/raft-partitions'],
  ['the eventual-consistency lab', '#/lab/kv-eventual?seed=1'],
  ['the Paxos lab with its acceptor table', '#/lab/paxos?seed=1'],
] as const;

for (const [name, hash] of pages) {
  test(`${name} has no WCAG A/AA violations axe can find`, async ({ page }) => {
    await page.goto(`/${hash}`);
    if (hash !== '#/') await page.waitForFunction(() => window.netsplit?.ready === true);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
    const found = result.violations.map(
      (v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
    );
    expect(found).toEqual([]);
  });
}

test('the lab with held messages listed and a message’s menu open has no violations axe can find', async ({
  page,
}) => {
  // axe walks a page that holds dozens of rows and dots: slow on a busy machine.
  test.setTimeout(120_000);
  await page.goto('/#/lab/ping?seed=3&nodes=4');
  await page.waitForFunction(() => window.netsplit?.ready === true);
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await page.getByRole('button', { name: 'Hold messages' }).click();
  await page.evaluate(() => window.netsplit.advance(400));
  const held = page.getByRole('region', { name: 'Held messages' });
  await expect(held.getByRole('row')).not.toHaveCount(1);
  // A held message's menu open as well: its actions and the Delay amount (disabled, and why).
  await page.locator('[data-testid^="msg-"][aria-label$=", waiting"]').first().click();
  await expect(page.getByRole('spinbutton', { name: 'Delay by (ms)' })).toBeVisible();
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  const found = result.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
  expect(found).toEqual([]);
});

test('a lesson’s sandbox with held messages listed has no violations axe can find', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await page.goto('/#/lessons/raft-partitions');
  await page.waitForFunction(() => window.netsplit?.ready === true);
  await page.getByRole('button', { name: 'Skip to the sandbox' }).click();
  await expect(page.getByTestId('lesson-sandbox')).toBeVisible();
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await page.getByRole('button', { name: 'Hold messages' }).click();
  // Raft's heartbeats fill the list without the learner sending anything.
  await page.evaluate(() => window.netsplit.advance(400));
  const held = page.getByRole('region', { name: 'Held messages' });
  await expect(held.getByRole('row')).not.toHaveCount(1);
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  const found = result.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
  expect(found).toEqual([]);
});
