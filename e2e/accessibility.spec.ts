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
