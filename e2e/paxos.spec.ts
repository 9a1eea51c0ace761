/**
 * The Paxos lab as a person meets it: proposers and acceptors drawn as such, a value chosen
 * and learned by every server, and a proposer crashed mid-round whose rival completes with
 * the same value (an acceptor that had accepted it hands it on in its promise).
 */
import { expect, test } from '@playwright/test';
import { advance, openLab } from './helpers';

test('a value is chosen, learned by every server, and survives its proposer crashing', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await openLab(page, '#/lab/paxos?seed=1&nodes=5&proposers=2&start=manual', { paused: true });
  await expect(page.getByTestId('node-n1')).toHaveAttribute('data-role', 'proposer');
  await expect(page.getByTestId('node-n2')).toHaveAttribute('data-role', 'proposer');
  await expect(page.getByTestId('node-n3')).toHaveAttribute('data-role', 'acceptor');

  // n1 proposes A; as soon as its Accept messages are out, it crashes.
  await page.getByTestId('node-n1').click();
  await page.getByRole('button', { name: 'Propose', exact: true }).click();
  const accepts = page.locator('[data-testid^="msg-"][data-kind="Accept"]');
  await expect
    .poll(
      async () => {
        await advance(page, 5);
        return accepts.count();
      },
      { timeout: 60_000 },
    )
    .toBeGreaterThan(0);
  await page.getByTestId('node-n1').click();
  await page.getByRole('button', { name: 'Crash', exact: true }).click();

  // At once n2 proposes B with a higher ballot: the acceptors' promises to it carry A, and
  // what is chosen is A, not B.
  await page.getByTestId('node-n2').click();
  await page.getByRole('button', { name: 'Propose', exact: true }).click();
  await advance(page, 1000);
  const log = page.getByTestId('event-log');
  await expect(log).toContainText(/n2 proposes ballot 2\.n2/);
  await expect(log).toContainText(/n\d promised ballot 2\.n2; had accepted A in 1\.n1/);
  await expect(log).toContainText(/n2 learned that A is chosen/);
  await expect(log).not.toContainText(/learned that B/);
  // The acceptor table says the same: n1 down, every other server learned A.
  const table = page.getByTestId('acceptor-table');
  await expect(table.getByTestId('acceptor-n1')).toContainText('down');
  // …but its promise and acceptance are on its disk, and the table shows them as such.
  const n1 = table.getByTestId('acceptor-n1').getByRole('cell');
  await expect(n1.nth(0)).toHaveText('1.n1 (on disk)');
  await expect(n1.nth(1)).toHaveText('A in 1.n1 (on disk)');
  // A jump in time (not one step) marks no cell as just changed.
  await expect(table.locator('[data-changed="true"]')).toHaveCount(0);
  // The timeline says a value was learned, not "commit" (a log's word).
  await expect(page.getByTestId('timeline-legend')).toContainText('value learned');
  await expect(page.getByTestId('timeline-legend')).not.toContainText('commit');
  for (const n of ['n2', 'n3', 'n4', 'n5'])
    await expect(table.getByTestId(`acceptor-${n}`).getByRole('cell').nth(2)).toHaveText(/^A\b/);
  await expect(table.getByTestId('acceptor-n3').getByRole('cell').nth(1)).toHaveText(/^A in 1\.n1/);
  const checks = page.getByTestId('checks');
  await expect(checks).toContainText('Agreement');
  await expect(checks).not.toContainText(/violated/i);
});
