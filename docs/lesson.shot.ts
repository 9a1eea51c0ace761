import { expect, test } from '@playwright/test';
import { fileURLToPath } from 'node:url';

test('a lesson, light', async ({ page }) => {
  await page.setViewportSize({ width: 1400, height: 1000 });
  await page.goto('/#/');
  await page.evaluate(() => localStorage.clear());
  await page.goto('/#/lessons/raft-election');
  await page.waitForFunction(() => window.netsplit?.ready === true);
  // Step 1 done by hand: crash the leader, see a new one elected.
  const leader = page.locator('[data-testid^="node-n"][data-role="leader"]');
  await expect(leader).toHaveCount(1, { timeout: 20_000 });
  await leader.click();
  await page.getByRole('button', { name: 'Crash', exact: true }).click();
  await expect(page.getByRole('status', { name: 'What happened' })).toBeVisible({
    timeout: 20_000,
  });
  // Step 2 opens with a prediction: the run waits for the answer.
  await page.getByRole('button', { name: 'Next step' }).click();
  await page.getByRole('radio', { name: /That term ends with no leader/ }).check();
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: fileURLToPath(new URL('screenshot-lesson.png', import.meta.url)) });
});
