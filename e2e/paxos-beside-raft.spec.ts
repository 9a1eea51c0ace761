/**
 * Paxos beside Raft, as a person meets it: in the Multi-Paxos lab they pick a fault script,
 * press Compare and read a table of what a decision cost each protocol, with a sentence that
 * says what the counts include; the single-decree lab has no such panel; L11's sandbox has.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { openLab } from './helpers';

test('the Multi-Paxos lab compares a fault script on Multi-Paxos and Raft in a table', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await openLab(page, '#/lab/multi-paxos?seed=3');
  const panel = page.getByTestId('beside-raft');
  await panel.getByText('Paxos beside Raft: what a decision costs').click();
  const script = panel.getByLabel('Fault script');
  await expect(script).toHaveValue('crash');
  await expect(panel).toContainText('n1 crashes at 2 s and restarts at 4 s; 6 s; seed 3.');
  await script.selectOption({ label: 'Partition {n1, n2} | {n3, n4, n5} from 2 s to 4 s' });
  await expect(panel).toContainText(
    '5 servers, 2 clients each sending a request every 100 ms (7 in 10 of them writes); the servers split into {n1, n2} and {n3, n4, n5} at 2 s',
  );
  await panel.getByRole('button', { name: 'Compare', exact: true }).click();

  const table = panel.getByRole('table', { name: 'Multi-Paxos beside Raft' });
  await expect(table).toBeVisible({ timeout: 60_000 });
  await expect(table.getByRole('columnheader')).toHaveText([
    'protocol',
    'decisions',
    'messages per decision',
    'median time to decide',
    'p95',
  ]);
  for (const protocol of ['Multi-Paxos', 'Raft']) {
    const row = table.getByRole('row', { name: new RegExp(`^${protocol} `) });
    await expect(row.getByRole('cell')).toHaveText([
      /^[1-9]\d*$/,
      /^\d+\.\d$/,
      /^\d+ ms$/,
      /^\d+ ms$/,
    ]);
  }
  await expect(panel.getByRole('status')).toContainText(
    /^Multi-Paxos sent \d+\.\d messages per decision and Raft \d+\.\d: every message of the run counts \(leader heartbeats, client requests and answers, and the reads/,
  );
  await expect(panel).toContainText('Measured: 5 servers');
  expect(
    (await new AxeBuilder({ page }).include('[data-testid="beside-raft"]').analyze()).violations,
  ).toEqual([]);

  // On a phone the table scrolls inside its panel; the page does not scroll sideways.
  await page.setViewportSize({ width: 390, height: 800 });
  await expect(table).toBeAttached();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

  // Each figure comes from a run the person can watch: the Raft run, partition and all.
  await page.setViewportSize({ width: 1280, height: 720 });
  await panel.getByRole('link', { name: 'Open the Raft run in its lab' }).click();
  await page.waitForFunction(() => location.hash.startsWith('#/lab/raft?seed=3&nodes=5'));
  await page.waitForFunction(() => window.netsplit?.ready === true);
  await page.evaluate(() => window.netsplit.advance(Math.max(0, 2050 - window.netsplit.now())));
  await expect(page.getByTestId('link-n1-n3')).toHaveAttribute('data-state', 'cut');
  await expect(page.getByTestId('link-n3-n4')).toHaveAttribute('data-state', 'up');
  await expect(page.getByTestId('node-c2')).toBeVisible();

  // The single-decree lab decides one value, not a log: no comparison there.
  await openLab(page, '#/lab/paxos');
  await expect(page.getByTestId('acceptor-table')).toBeVisible();
  await expect(page.getByTestId('beside-raft')).toHaveCount(0);
});
