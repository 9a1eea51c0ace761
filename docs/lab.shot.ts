import { expect, test } from '@playwright/test';
import { fileURLToPath } from 'node:url';

for (const scheme of ['light', 'dark'] as const) {
  test(`the lab, ${scheme}`, async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 1000 });
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto('/#/lab/raft?seed=4&load=150');
    await page.waitForFunction(() => window.netsplit?.ready === true);
    await page.getByRole('button', { name: 'Pause', exact: true }).click();
    // A moment with something to see: a new leader after a crash, a write in flight.
    await page.evaluate(() => window.netsplit.advance(1200));
    const leader = page.locator('[data-testid^="node-n"][data-role="leader"]');
    await leader.click();
    await page.getByRole('button', { name: 'Crash', exact: true }).click();
    await page.evaluate(() => window.netsplit.advance(1213));
    await page.locator('[data-testid^="node-n"][data-role="leader"]').click();
    await page.keyboard.press('Escape');
    const messages = page.locator('[data-testid^="msg-"]');
    await expect
      .poll(async () => {
        await page.evaluate(() => window.netsplit.advance(3));
        return messages.count();
      })
      .toBeGreaterThan(3);
    const name = scheme === 'light' ? 'screenshot-lab.png' : 'screenshot-lab-dark.png';
    await page.screenshot({ path: fileURLToPath(new URL(name, import.meta.url)) });
  });
}
