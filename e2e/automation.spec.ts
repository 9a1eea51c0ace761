/**
 * The page's automation hook (UI-CONTRACT.md, `window.netsplit`), used as a teacher's script
 * would: right after opening a lab, before it runs, and to compare runs at one moment.
 */
import { expect, test } from '@playwright/test';

test('advance() right after opening a lab waits for it to run, then advances', async ({ page }) => {
  await page.goto('/#/lab/raft?seed=5');
  // No waiting for the lab: the hook itself must.
  const frame = await page.evaluate(() => window.netsplit.advance(5000));
  expect(frame).not.toBeNull();
  expect(frame?.time).toBeGreaterThanOrEqual(5000);
  expect(frame?.nodes.some((n) => n.role === 'leader')).toBe(true);
  await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeVisible();
});

test('seek(ms) goes to a moment: the same moment of the same run has the same trace hash', async ({
  page,
  browser,
}) => {
  await page.goto('/#/lab/raft?seed=9');
  const at1000 = await page.evaluate(async () => {
    const frame = await window.netsplit.seek(1000);
    return { time: frame?.time, hash: window.netsplit.traceHash() };
  });
  expect(at1000.time).toBe(1000);
  expect(at1000.hash).toMatch(/\w+/);

  // Run on, then go back: the replay reaches exactly the same moment.
  const later = await page.evaluate(() => window.netsplit.advance(4000));
  expect(later?.time).toBeGreaterThanOrEqual(5000);
  const laterHash = await page.evaluate(() => window.netsplit.traceHash());
  expect(laterHash).not.toBe(at1000.hash);
  const back = await page.evaluate(async () => {
    const frame = await window.netsplit.seek(1000);
    return { time: frame?.time, hash: window.netsplit.traceHash() };
  });
  expect(back).toEqual(at1000);
  await expect(page.getByTestId('virtual-time')).toContainText('1,000');

  // A second run of the same link, in another page, agrees at that moment too.
  const other = await browser.newPage();
  await other.goto('/#/lab/raft?seed=9');
  const otherAt1000 = await other.evaluate(async () => {
    await window.netsplit.seek(1000);
    return window.netsplit.traceHash();
  });
  expect(otherAt1000).toBe(at1000.hash);
  await other.close();
});
