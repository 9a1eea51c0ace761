/**
 * The replicated key-value store in the lab, as a learner uses it: in the eventual scenario,
 * cut a replica off, write, read from the cut-off replica, and see the stale read in the
 * replica table, the history diagram and the checker's verdict; in the quorum scenario,
 * change N, W and R and see which replicas a write and a read touch, and whether they overlap;
 * the replica table compares only a key's home replicas and marks stand-ins' copies hinted;
 * the guarantees card says what each mode promises; the clients' workload runs from the start
 * and can be switched off. Specs that send their own requests open with `workload=0`.
 */
import { expect, test, type Page } from '@playwright/test';
import { advance, openLab } from './helpers';

async function openStore(page: Page, hash: string): Promise<void> {
  await page.goto(`/${hash}`);
  await page.waitForFunction(() => window.netsplit?.ready === true);
  await expect(page.getByTestId('node-n1')).toBeVisible();
}

/** Send one request from the clients' console, run 2 s of virtual time, and read its answer. */
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
  // Run the answer's virtual time at once (a busy machine plays the lab slowly in real time).
  await advance(page, 2000);
  await expect(status).not.toHaveText(before);
  await expect(status).toHaveText(/^Last:/, { timeout: 20_000 });
  return status.innerText();
}

test('eventual: a read from a cut-off replica is stale, and the checker proves it', async ({
  page,
}) => {
  await openStore(page, '#/lab/kv-eventual?seed=1&workload=0');
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
  // Eventual consistency never promised fresh reads: expected, and said so.
  await expect(page.locator('[data-check="no-stale-read"]')).toHaveAttribute(
    'data-expected',
    'true',
  );
  await expect(page.locator('[data-check="no-stale-read"]')).toContainText(
    'as expected for this mode',
  );

  // Heal: the replicas converge.
  await page.getByRole('button', { name: 'Heal network' }).click();
  await advance(page, 6000); // anti-entropy runs every 2 s
  await expect(page.getByTestId('replica-row-x')).toHaveAttribute('data-agreed', 'true');
});

test('quorum: changing N, W and R changes what a write and a read touch', async ({ page }) => {
  await openStore(page, '#/lab/kv-quorum?seed=1&workload=0');
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

/** Send a request from the console without waiting for its answer (the lab may be paused). */
async function send(page: Page, client: string, op: 'Write' | 'Read', key: string, value?: string) {
  const console_ = page.getByRole('region', { name: 'Clients' });
  await console_.getByLabel('Client').selectOption(client);
  await console_.getByLabel('Key').fill(key);
  if (value !== undefined) await console_.getByLabel('Value').fill(value);
  await console_.getByRole('button', { name: op, exact: true }).click();
}

test('quorum: the replica table compares only a key’s home replicas, and marks hinted copies', async ({
  page,
}) => {
  // x lives on n1, n2 and n3 of the five; with a sloppy quorum n4 stands in for a home replica.
  await openLab(page, '#/lab/kv-quorum?seed=1&workload=0&sloppy=1', { paused: true });
  await send(page, 'c1', 'Write', 'x', '1');
  await advance(page, 5000);
  const row = page.getByTestId('replica-row-x');
  await expect(row).toHaveAttribute('data-agreed', 'true');
  await expect(row).toHaveAttribute('data-homes', 'n1 n2 n3');
  for (const n of ['n1', 'n2', 'n3']) {
    await expect(page.getByTestId(`replica-${n}-x`)).toHaveAttribute('data-home', 'true');
    await expect(page.getByTestId(`replica-${n}-x`)).toContainText('1');
  }
  for (const n of ['n4', 'n5']) {
    const cell = page.getByTestId(`replica-${n}-x`);
    await expect(cell).toHaveAttribute('data-home', 'false');
    await expect(cell).toContainText('not home');
    await expect(cell).not.toHaveClass(/cell-differs/);
  }
  await expect(page.locator('.replica-table .cell-differs')).toHaveCount(0);

  // Crash two of x's home replicas and write again: W = 2 needs stand-ins, which hold the
  // write for the crashed ones, hinted (n4 for n2, n5 for n3: the next on the ring).
  for (const n of ['n2', 'n3']) {
    await page.getByTestId(`node-${n}`).click();
    await page.getByRole('button', { name: 'Crash', exact: true }).click();
  }
  await send(page, 'c1', 'Write', 'x', '2');
  await advance(page, 600);
  const hinted = page.locator('[data-testid^="replica-"][data-hinted="true"]');
  await expect(hinted).toHaveCount(2);
  await expect(page.getByTestId('replica-n4-x')).toContainText(/2 for n2\s*hinted/);
  await expect(page.getByTestId('replica-n5-x')).toContainText(/2 for n3\s*hinted/);
  await expect(page.getByTestId('replica-n4-x')).toHaveAttribute('data-home', 'false');
  await expect(page.getByTestId('replica-n2-x')).toContainText('down');
  // The live home replica is the only one compared: the crashed ones are not.
  await expect(row).toHaveAttribute('data-agreed', 'true');

  // Five replicas' columns, hints and all, fit a phone without scrolling sideways.
  await page.setViewportSize({ width: 390, height: 720 });
  await expect(page.getByTestId('replica-n5-x')).toBeVisible();
  const [scroll, client] = await page.evaluate(() => [
    document.documentElement.scrollWidth,
    document.documentElement.clientWidth,
  ]);
  expect(scroll).toBeLessThanOrEqual(client);
});

test('causal: a stale read is expected for the mode, and the guarantees card says why', async ({
  page,
}) => {
  await openLab(page, '#/lab/kv-causal?seed=1&workload=0', { paused: true });
  const card = page.getByTestId('guarantees');
  await expect(card.getByRole('heading', { name: 'Guarantees of this mode' })).toBeVisible();
  await send(page, 'c1', 'Write', 'post', 'hello');
  await advance(page, 60);
  // c2 reads at n3, far from n1: the post has not arrived there yet.
  await send(page, 'c2', 'Read', 'post');
  await advance(page, 1500);

  const lin = card.locator('[data-guarantee="linearizability"]');
  await expect(lin).toHaveAttribute('data-promised', 'false');
  await expect(lin).toHaveAttribute('data-status', 'broken');
  await expect(lin).toContainText('not promised — broken, expected for this mode');
  await expect(lin).toContainText('does not promise fresh reads');
  for (const g of ['read-your-writes', 'monotonic-reads', 'causal-order', 'convergence']) {
    const item = card.locator(`[data-guarantee="${g}"]`);
    await expect(item).toHaveAttribute('data-promised', 'true');
    await expect(item).toHaveAttribute('data-status', 'holds');
    await expect(item).toContainText('promised — holds so far');
  }
  const stale = page.locator('[data-check="no-stale-read"]');
  await expect(stale).toHaveAttribute('data-holds', 'false');
  await expect(stale).toHaveAttribute('data-expected', 'true');
  await expect(stale).toContainText('as expected for this mode');
  await expect(stale).not.toHaveClass(/^check-broken$/);

  // The strong store promises all five, ticked.
  await page.getByRole('combobox', { name: 'Replication mode' }).selectOption('kv-strong');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Strong consistency');
  await expect(card.locator('[data-promised="true"]')).toHaveCount(5);
});

test('the store lab runs a gentle workload from the start, and its switch stops it', async ({
  page,
}) => {
  await openLab(page, '#/lab/kv-eventual?seed=2', { paused: true });
  const workload = page.getByRole('switch', { name: 'Client workload' });
  await expect(workload).toBeChecked();
  // Without the learner acting, the clients read and write: keys appear.
  await advance(page, 6000);
  await expect(page.locator('[data-testid^="replica-row-"]').first()).toBeVisible();
  await expect(page.getByTestId('history-verdict')).toContainText(/\d+ operations/);
  const count = () =>
    page.evaluate(() =>
      (window.netsplit.frame()?.nodes ?? [])
        .filter((n) => n.id.startsWith('c'))
        .reduce((sum, n) => sum + ((n.view as { completed?: number } | null)?.completed ?? 0), 0),
    );
  expect(await count()).toBeGreaterThan(2);

  await workload.click();
  await expect(workload).not.toBeChecked();
  await advance(page, 3000); // an operation under way finishes
  const before = await count();
  await advance(page, 6000);
  expect(await count()).toBe(before);
  // The flip is part of the run: a shared link replays it.
  const recorded = await page.evaluate(() => JSON.stringify(window.netsplit.actions()));
  expect(recorded).toContain('workload-off');

  await workload.click();
  await expect(workload).toBeChecked();
  await advance(page, 6000);
  expect(await count()).toBeGreaterThan(before);
});
