import { expect, test } from '@playwright/test';

test('a 5-node Raft cluster elects a leader; crashing it elects a new one in a higher term', async ({
  page,
}) => {
  await page.goto('/#/lab/raft?seed=1');
  for (const id of ['n1', 'n2', 'n3', 'n4', 'n5'])
    await expect(page.getByTestId(`node-${id}`)).toBeVisible();
  await expect(page.getByTestId('node-c1')).toHaveAttribute('data-role', 'client');

  // Watch the election happen at the default speed.
  const leader = page.locator('[data-testid^="node-"][data-role="leader"]');
  await expect(leader).toHaveCount(1, { timeout: 20_000 });
  await expect(page.getByTestId('event-log')).toContainText('became leader for term');
  const oldLeader = (await leader.getAttribute('data-testid'))?.replace('node-', '') ?? '';
  const oldTerm = Number(await leader.getAttribute('data-term'));
  expect(oldTerm).toBeGreaterThanOrEqual(1);
  await expect(leader).toHaveAccessibleName(`${oldLeader}, leader, term ${oldTerm}`);

  await leader.click();
  await page.getByRole('button', { name: 'Crash', exact: true }).click();
  await expect(page.getByTestId(`node-${oldLeader}`)).toHaveAttribute('data-status', 'crashed');

  // The others notice the silence, time out and elect someone else, in a higher term.
  const newLeader = page.locator('[data-testid^="node-"][data-role="leader"][data-status="up"]');
  await expect(newLeader).toHaveCount(1, { timeout: 20_000 });
  expect(await newLeader.getAttribute('data-testid')).not.toBe(`node-${oldLeader}`);
  expect(Number(await newLeader.getAttribute('data-term'))).toBeGreaterThan(oldTerm);
});

test('a client request is committed and answered', async ({ page }) => {
  await page.goto('/#/lab/raft?seed=2');
  await expect(page.locator('[data-role="leader"]')).toHaveCount(1, { timeout: 20_000 });
  await page.getByTestId('node-c1').click();
  await page.getByRole('button', { name: 'Client request', exact: true }).click();
  await expect(page.getByTestId('event-log')).toContainText(/committed up to index 2/, {
    timeout: 20_000,
  });
  await expect(page.getByTestId('node-c1')).toContainText('1 done', { timeout: 20_000 });
});

test('a teacher switches Raft settings from the lab, and the link carries them', async ({
  page,
}) => {
  await page.goto('/#/lab/raft?seed=3');
  await expect(page.getByTestId('node-n5')).toBeVisible();
  await page.getByText('Scenario settings').click();
  await page.getByRole('spinbutton', { name: 'Nodes' }).fill('3');
  await page.getByRole('checkbox', { name: 'Pre-vote' }).check();
  await page.getByRole('combobox', { name: /Broken variant/ }).selectOption('forget-voted-for');
  await page.getByRole('spinbutton', { name: /Heartbeat interval/ }).fill('80');
  await page.getByRole('button', { name: 'Apply and restart' }).click();
  await expect(page).toHaveURL(/nodes=3/);
  await expect(page).toHaveURL(/preVote=1/);
  await expect(page).toHaveURL(/broken=forget-voted-for/);
  await expect(page).toHaveURL(/heartbeat=80/);
  await expect(page.getByTestId('node-n3')).toBeVisible();
  await expect(page.getByTestId('node-n4')).toHaveCount(0);
  await expect(page.locator('[data-role="leader"]')).toHaveCount(1, { timeout: 20_000 });
});

test('bad settings in a link are ignored with a notice', async ({ page }) => {
  await page.goto('/#/lab/raft?seed=3&heartbeat=-5&broken=everything');
  await expect(
    page.getByRole('status').filter({ hasText: 'Some settings in this link were ignored' }),
  ).toContainText('Heartbeat interval must be a number');
  await expect(page.locator('[data-role="leader"]')).toHaveCount(1, { timeout: 20_000 });
});
