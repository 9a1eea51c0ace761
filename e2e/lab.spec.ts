import { expect, test, type Page } from '@playwright/test';
import { openLab } from './helpers';

function virtualTime(page: Page) {
  return page.getByTestId('virtual-time');
}

test('shows the nodes and messages moving between them', async ({ page }) => {
  await openLab(page, '#/lab/ping?seed=1');
  for (const id of ['n1', 'n2', 'n3', 'n4', 'n5']) {
    await expect(page.getByTestId(`node-${id}`)).toHaveAttribute('data-status', 'up');
  }
  await expect(page.getByTestId('node-n1')).toHaveAccessibleName('n1, peer');
  const message = page.locator('[data-testid^="msg-"]').first();
  await expect(message).toBeVisible();
  expect(['Ping', 'Pong']).toContain(await message.getAttribute('data-kind'));
  // Messages move: some message seen now is somewhere else along its link a moment later.
  // Both looks are taken in the page, two animation frames apart, so a slow round trip from
  // the test (a busy machine) cannot let every message arrive between them.
  const moved = () =>
    page.evaluate(async () => {
      const positions = () =>
        Object.fromEntries(
          [...document.querySelectorAll('[data-testid^="msg-"]')].map((el) => [
            el.getAttribute('data-testid'),
            el.getAttribute('transform'),
          ]),
        );
      const before = positions();
      await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
      const now = positions();
      return Object.keys(now).some((id) => id in before && now[id] !== before[id]);
    });
  await expect.poll(moved).toBe(true);
  await expect(
    page.getByRole('group', { name: 'Legend' }).or(page.getByLabel('Legend')),
  ).toBeVisible();
});

test('pause stops time, step moves to the next event, play goes on', async ({ page }) => {
  await openLab(page, '#/lab/ping?seed=1');
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  // The animation frame already under way when Pause was pressed still lands.
  await page.waitForTimeout(150);
  const paused = await virtualTime(page).textContent();
  await page.waitForTimeout(400);
  await expect(virtualTime(page)).toHaveText(paused ?? '');

  const lastEvent = await page.getByTestId('last-event').textContent();
  const timeBefore = await page.evaluate(() => window.netsplit.now());
  const eventsBefore = await page.evaluate(() => window.netsplit.stats().events);
  await page.getByRole('button', { name: 'Step', exact: true }).click();
  await expect(page.getByTestId('last-event')).not.toHaveText(lastEvent ?? '');
  // One step handles the next event (its effects may add a few trace entries), never
  // stepping back in time.
  expect(await page.evaluate(() => window.netsplit.stats().events)).toBeGreaterThan(eventsBefore);
  expect(await page.evaluate(() => window.netsplit.now())).toBeGreaterThanOrEqual(timeBefore);
  const stepped = await virtualTime(page).textContent();
  await expect(page.getByRole('button', { name: 'Play' })).toBeVisible();

  await page.getByRole('button', { name: 'Play' }).click();
  await expect(virtualTime(page)).not.toHaveText(stepped ?? '');
});

test('changing the seed restarts the run with a different trace; reset starts over', async ({
  page,
}) => {
  await openLab(page, '#/lab/ping?seed=1');
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  const hashSeed1 = await page.evaluate(async () => {
    await window.netsplit.advance(1000);
    return window.netsplit.traceHash();
  });

  await page.getByRole('textbox', { name: 'Seed' }).fill('2');
  await page.getByRole('textbox', { name: 'Seed' }).press('Enter');
  await expect(page).toHaveURL(/seed=2/);
  await page.waitForFunction(() => window.netsplit.ready && window.netsplit.now() < 1000);
  const { time, hash } = await page.evaluate(async () => {
    const frame = await window.netsplit.advance(1000);
    return { time: frame?.time ?? 0, hash: window.netsplit.traceHash() };
  });
  expect(time).toBeGreaterThanOrEqual(1000);
  expect(hash).not.toBe(hashSeed1);

  // Reset while paused: the same run from the start, still paused.
  await page.getByRole('button', { name: 'Reset' }).click();
  await expect(virtualTime(page)).toHaveText('0.0 ms');
  await expect(page.getByRole('button', { name: 'Play' })).toBeEnabled();
  await expect(page).toHaveURL(/seed=2/);
  await expect.poll(() => page.evaluate(() => window.netsplit.stats().workers)).toBe(5);
  await page.waitForTimeout(300);
  await expect(virtualTime(page)).toHaveText('0.0 ms');
  const replayed = await page.evaluate(async () => {
    await window.netsplit.advance(1000);
    return window.netsplit.traceHash();
  });
  expect(replayed).toBe(hash);
});

test('crash and restart a node from its actions menu', async ({ page }) => {
  await openLab(page, '#/lab/ping?seed=1');
  await page.getByTestId('node-n3').click();
  await page.getByRole('button', { name: 'Crash', exact: true }).click();
  await expect(page.getByTestId('node-n3')).toHaveAttribute('data-status', 'crashed');
  await expect(page.getByTestId('node-n3')).toHaveAccessibleName('n3, crashed');
  await expect(page.getByTestId('event-log')).toContainText('n3 crashed');

  await page.getByTestId('node-n3').click();
  await expect(page.getByRole('button', { name: 'Crash', exact: true })).toBeDisabled();
  await page.getByRole('button', { name: 'Restart', exact: true }).click();
  await expect(page.getByTestId('node-n3')).toHaveAttribute('data-status', 'up');
  // What it persisted survived the crash: it knows this is its second boot.
  await expect(page.getByTestId('node-n3')).toContainText('boot 2');

  await page.getByTestId('node-n4').click();
  await expect(page.getByRole('button', { name: 'Resume node' })).toBeDisabled();
  await page.getByRole('button', { name: 'Pause node' }).click();
  await expect(page.getByTestId('node-n4')).toHaveAttribute('data-status', 'paused');
  await expect(page.getByTestId('node-n4')).toHaveAccessibleName('n4, peer, paused');
  await page.getByTestId('node-n4').click();
  await expect(page.getByRole('button', { name: 'Pause node' })).toBeDisabled();
  await page.getByRole('button', { name: 'Resume node' }).click();
  await expect(page.getByTestId('node-n4')).toHaveAttribute('data-status', 'up');
  await expect(page.getByTestId('event-log')).toContainText('n4 resumed');
});

test('operates a node with the keyboard only', async ({ page }) => {
  await openLab(page, '#/lab/ping?seed=1');
  // From the top of the page, Tab reaches the nodes (before the links between them).
  const focusedTestId = () =>
    page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? null);
  let presses = 0;
  while ((await focusedTestId()) !== 'node-n1' && presses < 25) {
    await page.keyboard.press('Tab');
    presses++;
  }
  await expect(page.getByTestId('node-n1')).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('node-n2')).toBeFocused();
  await page.keyboard.press('Enter');
  const menu = page.getByRole('group', { name: 'Actions for n2' });
  await expect(menu).toBeVisible();
  // The first enabled action has focus: Crash.
  await expect(page.getByRole('button', { name: 'Crash', exact: true })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('node-n2')).toHaveAttribute('data-status', 'crashed');
  await expect(page.getByTestId('node-n2')).toBeFocused();

  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: 'Restart', exact: true })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(menu).toBeHidden();
  await expect(page.getByTestId('node-n2')).toBeFocused();
  await expect(page.getByTestId('node-n2')).toHaveAttribute('data-status', 'crashed');
});

test('an action the simulation refuses is explained in the status line; the lab goes on', async ({
  page,
}) => {
  await openLab(page, '#/lab/ping?seed=2&nodes=3', { paused: true });
  // By keyboard, as links.spec does: paused, a message can sit on the middle of the link,
  // where a click at the link's centre would land on the message instead.
  await page.getByRole('button', { name: 'link n1–n2, connected' }).focus();
  await page.keyboard.press('Enter');
  await page.getByRole('spinbutton', { name: 'Loss (%)' }).fill('150');
  await page.getByRole('button', { name: 'Apply to this link' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'loss must be' })).toBeVisible();
  expect(await page.evaluate(() => window.netsplit.actions())).toEqual([]);
  const frame = await page.evaluate(() => window.netsplit.advance(200));
  expect(frame?.time).toBeGreaterThanOrEqual(200);
  await page.getByRole('button', { name: 'Dismiss' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'loss must be' })).toHaveCount(0);
});

test('messages lost to a partition are marked where they died', async ({ page }) => {
  await openLab(page, '#/lab/ping?seed=3&nodes=3', { paused: true });
  await page.getByTestId('node-n1').click();
  await page.getByRole('button', { name: 'Isolate' }).click();
  // Within a heartbeat, n1 pings the others across the cut: each dies as it leaves.
  await page.evaluate(() => window.netsplit.advance(150));
  await expect(page.getByTestId('event-log')).toContainText('n1 → n2 cut off by a partition');
  const lost = page.locator('[data-testid^="lost-"]');
  await expect(lost.first()).toBeVisible();
  // The mark fades: long after, it is gone.
  await page.getByRole('button', { name: 'Heal network' }).click();
  await page.evaluate(() => window.netsplit.advance(1000));
  await expect(lost).toHaveCount(0);
});

test('isolating a node cuts its links, and heal restores them', async ({ page }) => {
  await openLab(page, '#/lab/ping?seed=3&nodes=3');
  // Paused, so the second below covers the suspicion whatever the machine's speed: the log
  // keeps the latest entries, and a busy machine playing on would push it out.
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await page.getByTestId('node-n1').click();
  await page.getByRole('button', { name: 'Isolate' }).click();
  await expect(page.getByTestId('link-n1-n2')).toHaveAttribute('data-state', 'cut');
  await expect(page.getByTestId('link-n1-n3')).toHaveAttribute('data-state', 'cut');
  await expect(page.getByTestId('link-n2-n3')).toHaveAttribute('data-state', 'up');
  // With nobody answering, n1 suspects its peers (the heartbeat failure detector).
  await page.evaluate(() => window.netsplit.advance(1000));
  await expect(page.getByTestId('event-log')).toContainText('n1 suspects n2');
  await page.getByRole('button', { name: 'Heal network' }).click();
  await expect(page.getByTestId('link-n1-n2')).toHaveAttribute('data-state', 'up');
});

test('a 50-node cluster draws its message storm on a canvas and stays usable', async ({ page }) => {
  await openLab(page, '#/lab/ping?seed=1&nodes=50');
  await expect(page.getByTestId('node-n50')).toBeVisible();
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await page.evaluate(() => window.netsplit.advance(300));
  await expect(page.getByTestId('messages-summary')).toHaveText(/^\d+ messages in flight$/);
  const count = Number((await page.getByTestId('messages-summary').textContent())?.split(' ')[0]);
  expect(count).toBeGreaterThan(250);
  await expect(page.locator('canvas.message-canvas')).toBeVisible();
  await page.getByTestId('node-n17').click();
  await page.getByRole('button', { name: 'Crash', exact: true }).click();
  await expect(page.getByTestId('node-n17')).toHaveAttribute('data-status', 'crashed');
});
