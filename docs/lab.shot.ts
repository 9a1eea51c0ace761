import { expect, test } from '@playwright/test';
import { fileURLToPath } from 'node:url';

for (const scheme of ['light', 'dark'] as const) {
  test(`the lab, ${scheme}`, async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 1000 });
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto('/#/lab/raft?seed=4&load=150');
    await page.waitForFunction(() => window.netsplit?.ready === true);
    await page.getByRole('button', { name: 'Pause', exact: true }).click();
    // From time 0 (Reset keeps it paused), so the light and dark pictures show the same run.
    await page.getByRole('button', { name: 'Reset' }).click();
    await expect(page.getByTestId('virtual-time')).toHaveText('0.0 ms');
    await page.waitForFunction(() => window.netsplit.ready);
    // A moment with something to see: a new leader after a crash, a write in flight.
    await page.evaluate(() => window.netsplit.advance(1200));
    const leader = page.locator('[data-testid^="node-n"][data-role="leader"]');
    await leader.click();
    await page.getByRole('button', { name: 'Crash', exact: true }).click();
    await page.evaluate(() => window.netsplit.advance(1213));
    await page.locator('[data-testid^="node-n"][data-role="leader"]').click();
    await page.keyboard.press('Escape');
    // Step on a few milliseconds at a time to a moment with several messages mid-link.
    const busy = await page.evaluate(async () => {
      for (let i = 0; i < 400; i++) {
        const frame = await window.netsplit.advance(2);
        if (!frame) return false;
        const midway = frame.inFlight.filter((m) => {
          const p = (frame.time - m.departAt) / Math.max(1e-9, m.deliverAt - m.departAt);
          return p > 0.3 && p < 0.7;
        });
        if (midway.length >= 3) return true;
      }
      return false;
    });
    expect(busy).toBe(true);
    await expect(page.locator('[data-testid^="msg-"]').nth(3)).toBeVisible();
    const name = scheme === 'light' ? 'screenshot-lab.png' : 'screenshot-lab-dark.png';
    await page.screenshot({ path: fileURLToPath(new URL(name, import.meta.url)) });
  });
}
