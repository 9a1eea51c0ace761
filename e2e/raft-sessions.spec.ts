/**
 * Raft client sessions (thesis §6.3) and lease reads (§6.4.1), as a learner meets them: send
 * INCR x to the leader, drop the leader's reply by hand, let the client retry, and read what
 * the console, the narration, the invariants and the history say — with the session table on,
 * then switched off in Scenario settings. Virtual time moves through the page's hook.
 */
import { expect, test, type Page } from '@playwright/test';
import { advance, openLab } from './helpers';

async function leaderId(page: Page): Promise<string> {
  const leader = page.locator('[data-testid^="node-n"][data-role="leader"]');
  await expect(leader).toHaveCount(1);
  return ((await leader.getAttribute('data-testid')) ?? '').replace('node-', '');
}

/**
 * INCR x to the leader, retrying until answered; the leader's first reply to c1 is dropped
 * with its message menu, as a person would: click the dot, then Drop.
 */
async function incrWithLostReply(page: Page, leader: string): Promise<void> {
  const console_ = page.getByRole('region', { name: 'Client c1' });
  await console_.getByLabel('Server').selectOption(leader);
  await console_
    .getByRole('checkbox', { name: 'Retry until answered (same request number)' })
    .check();
  await console_.getByRole('button', { name: 'INCR', exact: true }).click();
  const reply = page.locator(`[data-testid^="msg-"][data-kind="ClientReply"][data-to="c1"]`);
  // The reply cannot leave before three hops of at least 10 ms each (request, append, ack);
  // then a few virtual milliseconds at a time until it is on its way (at least 10 ms long).
  await advance(page, 28);
  for (let i = 0; i < 200 && (await reply.count()) === 0; i++) await advance(page, 2);
  await expect(reply).toHaveCount(1);
  await expect(page.getByTestId('event-log')).toContainText(`${leader} applied incr x (index`);
  await reply.click();
  await expect(page.getByRole('group', { name: `ClientReply from ${leader} to c1` })).toBeVisible();
  await page.getByRole('button', { name: 'Drop', exact: true }).click();
  await expect(reply).toHaveCount(0);
  await expect(page.getByTestId('event-log')).toContainText(
    `ClientReply ${leader} → c1 dropped by hand`,
  );
  // The client hears nothing, retries (same request number) and is answered.
  await advance(page, 1500);
}

const check = (page: Page, id: string) => page.locator(`[data-check="${id}"]`);

test('a retried INCR is applied once with client sessions, twice without, and the checkers say so', async ({
  page,
}) => {
  // Two runs and a restart in one page load: slow on a busy machine, never a race.
  test.slow();
  await openLab(page, '#/lab/raft?seed=2&nodes=3&lease=1', { paused: true });
  await advance(page, 1000);
  const leader = await leaderId(page);
  await incrWithLostReply(page, leader);

  const status = page.getByTestId('raft-client-status');
  await expect(status).toContainText('incr x → 1');
  await expect(page.getByTestId('event-log')).toContainText(
    `${leader} answered c1's retry of incr x (request 1) from its session table: already applied at index`,
  );
  await expect(check(page, 'applied-at-most-once')).toHaveAttribute('data-holds', 'true');
  await expect(check(page, 'applied-at-most-once')).toContainText(
    'Each request applied at most once',
  );
  await expect(page.getByTestId('history-verdict')).toHaveAttribute('data-verdict', 'linearizable');

  // A lease read: the leader answers alone while a majority acknowledged it lately.
  const console_ = page.getByRole('region', { name: 'Client c1' });
  await console_
    .getByRole('combobox', { name: 'Reads' })
    .selectOption({ label: 'by leader lease (relies on bounded clock drift)' });
  await console_.getByRole('button', { name: 'GET', exact: true }).click();
  await advance(page, 100);
  await expect(page.getByTestId('event-log')).toContainText(
    `${leader} answered get x = 1 under its lease`,
  );
  await expect(status).toContainText('get x (lease) → 1');

  // Switch the session table off, with its sentence of explanation beside it.
  await page.getByText('Scenario settings').click();
  const sessions = page.getByRole('checkbox', { name: 'Client sessions (dedup)' });
  await expect(sessions).toBeChecked();
  await expect(sessions).toHaveAccessibleDescription(/a retried request takes effect once/);
  await sessions.uncheck();
  // The settings' sentences wrap on a phone: no sideways scrolling.
  const viewport = page.viewportSize();
  await page.setViewportSize({ width: 390, height: 800 });
  await expect(
    page.getByText('How far any clock’s rate may stray', { exact: false }),
  ).toBeVisible();
  expect(
    await page.evaluate(
      () => document.documentElement.scrollWidth <= document.documentElement.clientWidth,
    ),
  ).toBe(true);
  if (viewport) await page.setViewportSize(viewport);
  await page.getByRole('button', { name: 'Apply and restart' }).click();
  await expect(page).toHaveURL(/sessions=0/);
  await page.waitForFunction(() => window.netsplit?.ready === true);
  await advance(page, 1000); // the hook pauses the restarted lab, then runs it 1 s
  await expect(page.getByTestId('event-log')).not.toContainText('incr x');
  const again = await leaderId(page);
  await incrWithLostReply(page, again);

  // The retry was appended and applied again: one INCR, and x went up by 2.
  await expect(status).toContainText('incr x → 2');
  await expect(check(page, 'applied-at-most-once')).toHaveAttribute('data-holds', 'false');
  await expect(check(page, 'applied-at-most-once')).toContainText(
    "applied a request twice: c1's request 1 (incr x) took effect at index",
  );
  await expect(page.getByTestId('history-verdict')).toHaveAttribute(
    'data-verdict',
    'not-linearizable',
  );
  await expect(page.getByTestId('history')).toContainText('cannot be ordered');
});
