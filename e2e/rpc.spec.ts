/**
 * The RPC lab as a person meets it (issue 16): the by-hand call form shows only the fields of
 * the operation chosen; in at-least-once, the learner steps to one call's reply, drops it, and
 * the card is charged twice — the checker "Each request takes effect at most once" and the
 * side-effect ledger point at it, and the ledger's causes, reached by keyboard, select the lost
 * reply. With idempotency keys the same fault charges once (the ledger shows the replayed
 * answer). The retry-storm preset shows amplification above 3; the retry budget brings it
 * under 1.5. One page load (settings change by Apply and restart); fits a 390 px phone; axe
 * finds nothing in the ledger or the figures.
 */
import { expect, test, type Page } from '@playwright/test';
import { advance, expectPhoneFitAndNoAxeViolations, openLab } from './helpers';

/** Step (the toolbar's button) until the server's reply to c1 is drawn on its way. */
async function stepToReply(page: Page) {
  const reply = page.locator('.cluster-svg [data-testid^="msg-"][data-kind="Reply"]');
  await expect
    .poll(
      async () => {
        if ((await reply.count()) > 0) return true;
        await page.getByRole('button', { name: 'Step', exact: true }).click();
        return false;
      },
      { timeout: 60_000 },
    )
    .toBe(true);
  return reply.first();
}

/** Withdraw 10 from c1's menu (by keyboard), step to its reply and drop it, then run 5 s on. */
async function loseTheFirstReply(page: Page) {
  await page.getByTestId('node-c1').focus();
  await page.keyboard.press('Enter');
  await page
    .getByRole('group', { name: 'Actions for c1' })
    .getByRole('button', { name: 'Withdraw 10', exact: true })
    .click();
  const reply = await stepToReply(page);
  await expect(reply).toHaveAccessibleName(/answer to request c1-1, first attempt: ok/);
  await reply.focus();
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: 'Drop', exact: true }).click();
  await expect(page.getByTestId('event-log')).toContainText('drop');
  await advance(page, 5_000);
}

/** Open Scenario settings, set what `change` sets, and apply: the lab restarts, held paused. */
async function applySettings(page: Page, change: () => Promise<void>) {
  const settings = page.getByText('Scenario settings', { exact: true });
  if (!(await page.getByRole('button', { name: 'Apply and restart' }).isVisible()))
    await settings.click();
  await change();
  await page.getByRole('button', { name: 'Apply and restart' }).click();
  await page.waitForFunction(() => window.netsplit?.ready === true);
  // The hook pauses the run (the lab reopens playing or paused, as it was).
  await advance(page, 0);
}

/** The amplification figure as the page says it ("4.25 × (a retry storm)"). */
async function amplification(page: Page): Promise<number> {
  const figure = page.getByTestId('rpc-figure-amplification');
  await expect(figure).toContainText('Amplification (attempts per request, last 2 s)');
  return Number.parseFloat((await figure.locator('dd').innerText()).trim());
}

test('a lost reply charges twice and the ledger says why; idempotency keys charge once; a retry budget ends a storm', async ({
  page,
}) => {
  test.setTimeout(300_000);
  await page.setViewportSize({ width: 1280, height: 720 });
  await openLab(page, '#/lab/rpc?seed=1&nodes=2&rate=0&semantics=at-least-once', { paused: true });

  const ledger = page.getByTestId('ledger');
  await expect(ledger).toContainText('No calls yet.');
  await expect(ledger).toContainText('choose “Drop”');

  // The by-hand call: a withdraw asks for an amount; a conditional set for a balance and version.
  const console_ = page.getByRole('region', { name: 'Client c1' });
  await expect(console_.getByRole('spinbutton', { name: 'Amount' })).toBeVisible();
  await expect(console_.getByRole('spinbutton', { name: 'New balance' })).toHaveCount(0);
  await console_.getByRole('combobox', { name: 'Operation' }).selectOption('set');
  await expect(console_.getByRole('spinbutton', { name: 'New balance' })).toBeVisible();
  await expect(console_.getByRole('spinbutton', { name: 'If version' })).toBeVisible();
  await expect(console_.getByRole('spinbutton', { name: 'Amount' })).toHaveCount(0);
  await console_.getByRole('combobox', { name: 'Operation' }).selectOption('withdraw');

  // The server's menu places a fault on the next call, in words.
  await page.getByTestId('node-server').focus();
  await page.keyboard.press('Enter');
  const serverMenu = page.getByRole('group', { name: 'Actions for server' });
  for (const name of [
    'Slow down the next call',
    'Crash before the side effect',
    'Crash after the side effect',
  ])
    await expect(serverMenu.getByRole('button', { name, exact: true })).toBeVisible();
  await serverMenu.getByRole('button', { name: 'Close' }).click();

  // At-least-once: the reply lost, the retry charges again.
  await loseTheFirstReply(page);
  const check = page.locator('[data-check="effect-at-most-once"]');
  await expect(check).toHaveAttribute('data-holds', 'false');
  await expect(check).toContainText('Each request takes effect at most once');
  await expect(check).toContainText('c1-1 took effect 2 times (withdraw 10 from alice)');
  const row = ledger.getByTestId('ledger-row-c1-1');
  await expect(row).toHaveAttribute('data-anomaly', 'duplicate');
  await expect(row).toContainText('duplicate: charged 2 times');
  const attempts = row.getByRole('list', { name: 'Attempts of c1-1' }).getByRole('listitem');
  await expect(attempts.nth(0)).toContainText('attempt 1, sent at');
  await expect(attempts.nth(0)).toContainText('timed out: may have happened');
  await expect(attempts.nth(0)).toHaveClass(/certainty-indefinite/);
  await expect(attempts.nth(1)).toContainText(/attempt 2 \(a retry\), sent at [\d,]+ ms: ok$/);
  await expect(attempts.nth(1)).toHaveClass(/certainty-definite/);
  await expect(ledger.getByTestId('ledger-balance-alice')).toHaveText(
    'alice: 80 (version 9); 2 charges, 1 of them a duplicate (10 too much)',
  );

  // The causes, by keyboard: from the filter, Tab reaches each; Enter selects the lost reply.
  await ledger.getByRole('checkbox', { name: 'Only duplicates and losses' }).focus();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'attempt 2 was a retry' })).toBeFocused();
  await page.keyboard.press('Tab');
  const lostReply = page.getByRole('button', { name: 'the reply to c1-1#1 was lost' });
  await expect(lostReply).toBeFocused();
  await page.keyboard.press('Enter');
  const focus = ledger.getByRole('status');
  await expect(focus).toContainText(
    /Selected the reply to c1-1#1 \(message \d+, server → c1\): sent at [\d,]+ ms; lost at [\d,]+ ms, dropped by hand\./,
  );
  await expect(page.getByRole('heading', { name: 'Reply server → c1' })).toBeVisible();
  await page.keyboard.press('Tab');
  await expect(
    page.getByRole('button', {
      name: 'the server keeps no dedup entry without an idempotency key',
    }),
  ).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(focus).toContainText('Selected server');
  // The filter keeps the flagged request.
  await ledger.getByRole('checkbox', { name: 'Only duplicates and losses' }).check();
  await expect(ledger.getByTestId('ledger-count')).toHaveText('1 duplicate or loss, newest first');

  // Idempotency keys: the same fault, one charge, the retry answered from the dedup table.
  await applySettings(page, async () => {
    await page.getByRole('combobox', { name: 'Semantics' }).selectOption('idempotency-key');
  });
  await expect(ledger).toContainText('No calls yet.');
  await loseTheFirstReply(page);
  await expect(check).toHaveAttribute('data-holds', 'true');
  await expect(row).toHaveAttribute('data-anomaly', 'none');
  await expect(row).toHaveAttribute('data-effects', '1');
  await expect(row).toContainText('key ');
  await expect(attempts.nth(1)).toContainText(
    'ok: the stored answer, replayed (not charged again)',
  );
  await expect(ledger.getByTestId('ledger-balance-alice')).toHaveText(
    'alice: 90 (version 8); 1 charge',
  );

  // The retry storm: 3 clients at 70 % of capacity, the server slowed from 1 s to 3 s.
  await applySettings(page, async () => {
    await page.getByRole('spinbutton', { name: 'Nodes' }).fill('4');
    await page.getByRole('combobox', { name: 'Semantics' }).selectOption('at-least-once');
    await page.getByRole('combobox', { name: 'Preset' }).selectOption('retry-storm');
  });
  await advance(page, 9_000);
  expect(await amplification(page)).toBeGreaterThan(3);
  await expect(page.getByTestId('rpc-figure-amplification')).toContainText('a retry storm');
  await expect(page.getByTestId('rpc-figure-chart')).toHaveAccessibleName(
    /^Amplification over time, from .* now \d+\.\d\d, peak \d+\.\d\d at .*; above 3 is a retry storm\.$/,
  );
  await expect(ledger.getByTestId('ledger-count')).toContainText('Showing the newest 20 of');

  await applySettings(page, () =>
    page.getByRole('checkbox', { name: 'Retry budget', exact: true }).check(),
  );
  await advance(page, 9_000);
  expect(await amplification(page)).toBeLessThan(1.5);

  // A phone: nothing wider than the screen; axe finds nothing in the ledger or the figures.
  await expectPhoneFitAndNoAxeViolations(page, ['ledger', 'rpc-figures']);
});
