/**
 * The replicated key-value store in the lab, as a learner uses it: in the eventual scenario,
 * cut a replica off, write, read from the cut-off replica, and see the stale read in the
 * replica table, the history diagram and the checker's verdict; in the quorum scenario,
 * change N, W and R and see which replicas a write and a read touch, and whether they overlap.
 */
import { expect, test, type Page } from '@playwright/test';

async function openStore(page: Page, hash: string): Promise<void> {
  await page.goto(`/${hash}`);
  await page.waitForFunction(() => window.netsplit?.ready === true);
  await expect(page.getByTestId('node-n1')).toBeVisible();
}

/** Send one request from the clients' console and wait for its answer. */
async function request(
  page: Page,
  client: string,
  op: 'Write' | 'Read',
  key: string,
  value?: string,
): Promise<string> {
  const console_ = page.getByRole('region', { name: 'Clients' });
  await console_.getByLabel('Client').selectOption(client);
  await console_.getByLabel('Key').fill(key);
  if (value !== undefined) await console_.getByLabel('Value').fill(value);
  const status = page.getByTestId('kv-client-status');
  const before = await status.innerText();
  await console_.getByRole('button', { name: op, exact: true }).click();
  await expect(status).not.toHaveText(before);
  await expect(status).toHaveText(/^Last:/, { timeout: 20_000 });
  return status.innerText();
}

test('eventual: a read from a cut-off replica is stale, and the checker proves it', async ({
  page,
}) => {
  await openStore(page, '#/lab/kv-eventual?seed=1');
  await page.getByText('Partition the network', { exact: true }).click();
  await page.getByRole('checkbox', { name: 'n3', exact: true }).check();
  await page.getByRole('button', { name: 'Split them off' }).click();

  expect(await request(page, 'c1', 'Write', 'x', '1')).toMatch(/write x=1 .*→ ok/);
  // c2's nearest replica is n3, on the other side of the cut: it still has nothing.
  expect(await request(page, 'c2', 'Read', 'x')).toMatch(/read x at n3 → nil/);

  await expect(page.getByTestId('replica-n3-x')).toContainText('—');
  await expect(page.getByTestId('replica-row-x')).toHaveAttribute('data-agreed', 'false');
  await expect(page.getByTestId('history-verdict')).toContainText('not linearizable');
  // The stale read is marked, and outlined as an operation that cannot be ordered.
  const staleRead = page.locator('[data-testid="history-op"][data-stale="true"]');
  await expect(staleRead).toHaveCount(1);
  await expect(staleRead).toHaveAttribute('data-unplaceable', 'true');
  await expect(staleRead).toHaveAccessibleName(/c2 read x → nil, .* stale read/);
  await expect(page.getByTestId('checks')).toContainText('No stale reads');
  await expect(page.getByTestId('checks')).toContainText('violated');

  // Heal: the replicas converge.
  await page.getByRole('button', { name: 'Heal network' }).click();
  await expect(page.getByTestId('replica-row-x')).toHaveAttribute('data-agreed', 'true', {
    timeout: 30_000,
  });
});

test('quorum: changing N, W and R changes what a write and a read touch', async ({ page }) => {
  await openStore(page, '#/lab/kv-quorum?seed=1');
  await page.getByText('Scenario settings', { exact: true }).click();
  await page.getByLabel('W (write acks)').fill('1');
  await page.getByLabel('R (read answers)').fill('1');
  await page.getByRole('button', { name: 'Apply and restart' }).click();
  await expect(page).toHaveURL(/w=1/);
  await page.waitForFunction(() => window.netsplit?.ready === true);

  await request(page, 'c1', 'Write', 'x', '1');
  await request(page, 'c2', 'Read', 'x');
  const quorums = page.getByTestId('quorum');
  await expect(quorums.getByRole('columnheader', { name: 'write x (needs 1)' })).toBeVisible();
  await expect(quorums.getByRole('columnheader', { name: 'read x (needs 1)' })).toBeVisible();

  // W + R > N: every read quorum meets every write quorum.
  await page.getByLabel('W (write acks)').fill('2');
  await page.getByLabel('R (read answers)').fill('2');
  await page.getByRole('button', { name: 'Apply and restart' }).click();
  await expect(page).not.toHaveURL(/w=1/);
  await page.waitForFunction(() => window.netsplit?.ready === true);
  await request(page, 'c1', 'Write', 'x', '1');
  expect(await request(page, 'c2', 'Read', 'x')).toMatch(/→ 1/);
  await expect(quorums.getByRole('columnheader', { name: 'write x (needs 2)' })).toBeVisible();
  await expect(page.getByTestId('quorum-overlap')).toContainText('Overlap:');
});

test('the replication mode selector moves between the store’s scenarios, keeping the seed', async ({
  page,
}) => {
  await openStore(page, '#/lab/kv-strong?seed=4');
  await page.getByRole('combobox', { name: 'Replication mode' }).selectOption('kv-causal');
  await expect(page).toHaveURL(/#\/lab\/kv-causal\?seed=4$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Causal consistency');
});
