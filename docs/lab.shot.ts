import { expect, test } from '@playwright/test';
import { fileURLToPath } from 'node:url';

for (const scheme of ['light', 'dark'] as const) {
  test(`the lab, ${scheme}`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto('/#/lab/ping?seed=4');
    await page.waitForFunction(() => window.netsplit?.ready === true);
    // A moment with something to see: one node crashed, messages in flight.
    await page.evaluate(() => window.netsplit.advance(900));
    await page.getByTestId('node-n4').click();
    await page.getByRole('button', { name: 'Crash', exact: true }).click();
    await page.evaluate(() => window.netsplit.advance(432));
    await expect(page.locator('[data-testid^="msg-"]').first()).toBeVisible();
    const name = scheme === 'light' ? 'screenshot-lab.png' : 'screenshot-lab-dark.png';
    await page.screenshot({ path: fileURLToPath(new URL(name, import.meta.url)) });
  });
}
