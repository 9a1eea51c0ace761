/**
 * The message-queue lab as a person meets it (issue 16), in one page load: one partition, so
 * c1 reads it and c2 is idle. The learner arms "Crash after processing, before the ack" on c1
 * from its menu by keyboard; the broker panel shows the redelivery and the checker a duplicate
 * side effect under its key, its cause "c1 crashed before its ack" a button that goes to the
 * crash and selects c1. Then, with the idempotent consumer (Scenario settings), the same crash
 * is redelivered but its side effect suppressed; and the consumer holding the partition,
 * slowed down, builds a backlog the depth sparkline shows. Fits a 390 px phone; axe finds
 * nothing in either panel.
 */
import { expect, test, type Page } from '@playwright/test';
import { advance, expectPhoneFitAndNoAxeViolations, openLab } from './helpers';

/** Opens a node's menu by keyboard (focus, Enter) and runs one of its actions by keyboard. */
async function nodeAction(page: Page, node: string, action: string): Promise<void> {
  await page.getByTestId(`node-${node}`).focus();
  await page.keyboard.press('Enter');
  const menu = page.getByRole('group', { name: `Actions for ${node}` });
  const button = menu.getByRole('button', { name: action, exact: true });
  await expect(button).toBeEnabled();
  await button.focus();
  await page.keyboard.press('Enter');
  await expect(menu).toBeHidden();
}

/** Runs virtual time on, 500 ms at a go, until `done` holds (what a person waits to see). */
async function advanceUntil(page: Page, done: () => Promise<boolean>): Promise<void> {
  await expect
    .poll(
      async () => {
        if (await done()) return true;
        await advance(page, 500);
        return false;
      },
      { timeout: 60_000 },
    )
    .toBe(true);
}

const figure = (page: Page, name: string) => page.getByTestId(`queue-figure-${name}`);

test('a crash after processing is redelivered and duplicated, named by its cause; the idempotent consumer suppresses it; a slow consumer builds a backlog', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1280, height: 720 });
  await openLab(page, '#/lab/queue?seed=1&partitions=1', { paused: true });
  await advance(page, 500);

  const broker = page.getByTestId('broker-queues');
  await expect(broker.getByRole('heading', { name: 'Broker: topic orders' })).toBeVisible();
  await expect(page.getByTestId('queue-holder-c1')).toHaveText('c1: partition 0');
  await expect(page.getByTestId('queue-holder-c2')).toHaveText('c2: idle, no partition to read');
  // What does not apply now is disabled, and says why.
  await page.getByTestId('node-c1').click();
  const menu = page.getByRole('group', { name: 'Actions for c1' });
  await expect(menu.getByRole('button', { name: 'Cancel the armed crash' })).toBeDisabled();
  await expect(menu.getByRole('button', { name: 'Join group' })).toHaveAccessibleDescription(
    'Join group: c1 is in its group already',
  );
  await menu.getByRole('button', { name: 'Close' }).click();

  // The crash: armed by keyboard, reached after c1's next side effect, before its ack.
  await nodeAction(page, 'c1', 'Crash after processing, before the ack');
  await expect(page.getByTestId('queue-holder-c1')).toContainText('crash armed after processing');
  const c1 = page.getByTestId('node-c1');
  await advanceUntil(page, async () => (await c1.getAttribute('data-status')) === 'crashed');
  // Its session ends, the partition moves to c2, and the message comes again.
  const row = page.getByTestId('queue-row-workers-0');
  await advanceUntil(page, async () => Number(await row.getAttribute('data-redeliveries')) >= 1);
  await expect(row).toContainText('read by c2');
  await expect(page.getByTestId('broker-backlog')).toContainText('1 redelivery');
  await advanceUntil(
    page,
    async () => (await figure(page, 'duplicated').getAttribute('data-value')) === '1',
  );
  await expect(figure(page, 'suppressed')).toHaveAttribute('data-value', '0');
  await expect(page.getByTestId('queue-verdict')).toHaveText(/^1 finding by key/);
  const finding = page.getByTestId('queue-checker').getByRole('listitem').filter({
    hasText: 'took effect twice',
  });
  await expect(finding).toHaveCount(1);
  const cause = finding.getByRole('button', { name: /^c1 crashed before its ack, at [\d,]+ ms/ });
  await expect(finding.getByRole('button', { name: /^rebalance to generation \d+/ })).toBeVisible();

  // The cause by keyboard: it goes to the crash and selects c1; the list stays.
  const crashAt = Number(
    /at ([\d,]+) ms/.exec((await cause.textContent()) ?? '')?.[1]?.replaceAll(',', ''),
  );
  await cause.focus();
  await expect(cause).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('queue-checker').getByRole('status')).toHaveText(
    /^Went to [\d,]+ ms; c1 is selected and shown in the Inspector\.$/,
  );
  expect(Math.abs((await page.evaluate(() => window.netsplit.now())) - crashAt)).toBeLessThan(1);
  await expect(page.getByTestId('queue-checker-pinned')).toBeVisible();
  await expect(cause).toBeFocused();
  await expect(page.getByRole('heading', { name: /^c1 \(queue-consumer\)/ })).toBeVisible();
  // The next cause is one Tab away.
  await page.keyboard.press('Tab');
  await expect(finding.getByRole('button', { name: /^rebalance to generation \d+/ })).toBeFocused();

  // The idempotent consumer: the same crash, redelivered, its side effect suppressed.
  await page.getByText('Scenario settings', { exact: true }).click();
  await page.getByRole('checkbox', { name: 'Idempotent consumer (dedup table)' }).check();
  await page.getByRole('button', { name: 'Apply and restart' }).click();
  await expect(page).toHaveURL(/idempotent=1/);
  await page.waitForFunction(() => window.netsplit?.ready === true);
  // A restart keeps the run paused, as it was.
  await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeVisible();
  await advance(page, 500);
  await expect(figure(page, 'duplicated')).toHaveAttribute('data-value', '0');
  await nodeAction(page, 'c1', 'Crash after processing, before the ack');
  await advanceUntil(
    page,
    async () => (await figure(page, 'suppressed').getAttribute('data-value')) === '1',
  );
  await expect(row).not.toHaveAttribute('data-redeliveries', '0');
  await expect(figure(page, 'duplicated')).toHaveAttribute('data-value', '0');
  await expect(page.getByTestId('queue-verdict')).toHaveText(
    'No message lost, duplicated or reordered so far.',
  );

  // A slow consumer: whoever reads the partition now is slowed down; its backlog climbs.
  const reader = /read by (c\d)/.exec((await row.textContent()) ?? '')?.[1] ?? 'c2';
  await nodeAction(page, reader, 'Slow down');
  await advance(page, 6_000);
  await expect(row).toHaveAttribute('data-depth', /^([4-9]|\d\d+)$/);
  await expect(page.getByTestId('queue-spark-workers-0')).toHaveAccessibleName(
    /^Partition 0 waiting over the last [\d.]+ s: from \d+ to ([4-9]|\d\d+) waiting, at most \d+$/,
  );
  await expect(page.getByTestId('broker-backlog')).toContainText(`the deepest is partition 0 (`);
  await expect(page.getByTestId(`queue-holder-${reader}`)).toContainText('slowed down');

  await expectPhoneFitAndNoAxeViolations(page, ['broker-queues', 'queue-checker']);
});
