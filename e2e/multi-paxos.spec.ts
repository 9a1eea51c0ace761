/**
 * The Multi-Paxos lab as a person meets it: a leader drawn as such, a put sent from the
 * client console decided in a slot of every server's log; the leader crashed, a new leader
 * takes over, and the next put lands in a later slot while the earlier one survives. The
 * same page is then checked by axe and at a phone's width.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { advance, openLab } from './helpers';

const SERVERS = ['n1', 'n2', 'n3'];

/** The server the page draws as leader (its node has data-role="leader"). */
async function leaderOf(page: Page): Promise<string> {
  await expect(page.locator('[data-testid^="node-n"][data-role="leader"]')).toHaveCount(1);
  const id = await page
    .locator('[data-testid^="node-n"][data-role="leader"]')
    .getAttribute('data-testid');
  return (id ?? '').replace('node-', '');
}

async function put(page: Page, server: string, value: string): Promise<void> {
  const console_ = page.getByRole('region', { name: 'Client c1' });
  await console_.getByLabel('Server').selectOption(server);
  await console_.getByLabel('Key').fill('x');
  await console_.getByLabel('Value').fill(value);
  await console_.getByRole('button', { name: 'SET', exact: true }).click();
}

/**
 * The slot that `server`'s row shows holding put x=`value`, chosen (with the ballot it accepted
 * it in, or none when it learned the slot by catching up).
 */
async function chosenSlot(page: Page, server: string, value: string): Promise<number> {
  const cell = page.getByTestId(`slot-log-${server}`).getByRole('cell', {
    name: new RegExp(`^${server}, slot \\d+: put x=${value}( in ballot \\S+)?, chosen$`),
  });
  await expect(cell).toBeVisible();
  return Number(await cell.getAttribute('data-slot'));
}

test('a put is decided in a slot; after the leader crashes the next put lands in a later slot and the first survives', async ({
  page,
}) => {
  // A ceiling for a busy machine, not the expected time.
  test.setTimeout(180_000);
  await openLab(page, '#/lab/multi-paxos?seed=1&nodes=3', { paused: true });
  await advance(page, 1500);
  const first = await leaderOf(page);
  for (const n of SERVERS.filter((x) => x !== first))
    await expect(page.getByTestId(`node-${n}`)).toHaveAttribute('data-role', 'acceptor');
  const slotLog = page.getByRole('region', { name: 'Slot log' });
  await expect(slotLog).toHaveAttribute('data-testid', 'slot-log');
  await expect(slotLog).toContainText('No slots yet');

  // The put goes to the leader, is chosen, and every server learns it in the same slot.
  await put(page, first, '1');
  await advance(page, 600);
  await expect(page.getByTestId('multi-paxos-client-status')).toContainText('put x=1');
  const slot1 = await chosenSlot(page, first, '1');
  for (const n of SERVERS) expect(await chosenSlot(page, n, '1')).toBe(slot1);
  await expect(page.getByTestId(`slot-log-${first}`)).toHaveAttribute('data-role', 'leader');

  // Crash the leader: another server times out, runs phase 1 and leads.
  await page.getByTestId(`node-${first}`).click();
  await page.getByRole('button', { name: 'Crash', exact: true }).click();
  await advance(page, 1500);
  await expect(page.getByTestId(`node-${first}`)).toHaveAttribute('data-status', 'crashed');
  const second = await leaderOf(page);
  expect(second).not.toBe(first);
  await expect(page.getByTestId('event-log')).toContainText(
    new RegExp(`${second} leads with ballot`),
  );

  // The next put lands in a later slot; the first is still chosen where it was.
  await put(page, second, '2');
  await advance(page, 600);
  const slot2 = await chosenSlot(page, second, '2');
  expect(slot2).toBeGreaterThan(slot1);
  for (const n of SERVERS.filter((x) => x !== first))
    expect(await chosenSlot(page, n, '1')).toBe(slot1);
  await expect(page.getByTestId(`slot-log-${first}`)).toHaveAttribute('data-role', 'down');

  // The checkers held, and the history the client recorded is judged linearizable.
  const checks = page.getByTestId('checks');
  await expect(checks).toContainText('Agreement');
  await expect(checks).not.toContainText(/violated/i);
  await expect(page.getByTestId('history-verdict')).toHaveAttribute('data-verdict', 'linearizable');

  // The restarted server keeps what it had on disk and catches up with the later slot.
  await page.getByTestId(`node-${first}`).click();
  await page.getByRole('button', { name: 'Restart', exact: true }).click();
  await advance(page, 800);
  expect(await chosenSlot(page, first, '1')).toBe(slot1);
  expect(await chosenSlot(page, first, '2')).toBe(slot2);

  const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  expect(
    axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
  ).toEqual([]);

  // On a 390 px phone the page does not scroll sideways (the slot log scrolls inside itself).
  await page.setViewportSize({ width: 390, height: 800 });
  await expect(slotLog).toBeVisible();
  expect(
    await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    ),
  ).toBeLessThanOrEqual(0);
});
