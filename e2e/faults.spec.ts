import { expect, test, type Page } from '@playwright/test';
import { advance, openLab } from './helpers';

const openRaftAt = (page: Page, seed: number) =>
  openLab(page, `#/lab/raft?seed=${seed}`, { paused: true });

test('an isolated leader cannot commit; the majority elects another; healing makes it step down', async ({
  page,
}) => {
  await openRaftAt(page, 1);
  await advance(page, 800);
  const leaderNode = page.locator('[data-testid^="node-n"][data-role="leader"]');
  const id = ((await leaderNode.getAttribute('data-testid')) ?? '').replace('node-', '');
  const term = Number(await leaderNode.getAttribute('data-term'));

  await page.getByTestId(`node-${id}`).click();
  await page.getByRole('button', { name: 'Isolate', exact: true }).click();
  await page.getByTestId(`node-${id}`).click();
  await page.getByRole('button', { name: 'Client request', exact: true }).click();
  await expect(page.getByTestId('event-log')).toContainText(
    `${id} appended put x=${id}.1 at index 2`,
  );
  await advance(page, 1500);
  // The minority leader still believes it leads, but its write is never committed.
  await expect(page.getByTestId(`node-${id}`)).toHaveAttribute('data-role', 'leader');
  await expect(page.getByTestId('event-log')).not.toContainText(`${id} committed up to index 2`);
  const others = page.locator(
    `[data-testid^="node-n"][data-role="leader"]:not([data-testid="node-${id}"])`,
  );
  await expect(others).toHaveCount(1);
  expect(Number(await others.getAttribute('data-term'))).toBeGreaterThan(term);

  await page.getByRole('button', { name: 'Heal network' }).click();
  await advance(page, 300);
  await expect(page.getByTestId(`node-${id}`)).toHaveAttribute('data-role', 'follower');
  await expect(page.getByTestId('event-log')).toContainText(`${id} stepped down`);
  await expect(page.getByTestId('checks')).toContainText('Election Safety');
  await expect(page.locator('[data-holds="false"]')).toHaveCount(0);
});

test('drop one specific RequestVote', async ({ page }) => {
  await openRaftAt(page, 2);
  // Paused at a wall-clock moment, so possibly mid-election: go on until a leader rules and no
  // vote is in flight, else the candidate's own earlier RequestVote is a second one to drop.
  const votes = page.locator('[data-testid^="msg-"][data-kind="RequestVote"]');
  await expect
    .poll(async () => {
      if (
        (await page.locator('[data-testid^="node-"][data-role="leader"]').count()) === 1 &&
        (await votes.count()) === 0
      )
        return true;
      await advance(page, 50);
      return false;
    })
    .toBe(true);
  // Any node that is not leading can be made to time out and ask for votes.
  const candidate = await page
    .locator('[data-testid^="node-n"]:not([data-role="leader"])')
    .first()
    .getAttribute('data-testid');
  const c = (candidate ?? '').replace('node-', '');
  const target = c === 'n1' ? 'n2' : 'n1';
  await page.getByTestId(`node-${c}`).click();
  await page.getByRole('button', { name: 'Timeout', exact: true }).click();
  const term = await page.getByTestId(`node-${c}`).getAttribute('data-term');
  // From this candidate only: on a busy machine another server may time out meanwhile.
  const vote = page.locator(
    `[data-testid^="msg-"][data-kind="RequestVote"][data-from="${c}"][data-to="${target}"]`,
  );
  await expect(vote).toHaveCount(1);
  // A few milliseconds on, the votes have spread out along their links.
  await advance(page, 6);
  await vote.focus();
  await page.keyboard.press('Enter');
  await expect(
    page.getByRole('group', { name: `RequestVote from ${c} to ${target}` }),
  ).toBeVisible();
  await page.getByRole('button', { name: 'Drop', exact: true }).click();
  await expect(vote).toHaveCount(0);
  await expect(page.getByTestId('event-log')).toContainText(
    `RequestVote ${c} → ${target} dropped by hand`,
  );
  await advance(page, 100);
  await expect(page.getByTestId('event-log')).not.toContainText(
    `${target} granted its vote to ${c} for term ${term}`,
  );
});

test('hold messages and deliver them by hand, in the order you choose', async ({ page }) => {
  await openRaftAt(page, 3);
  await page.getByRole('button', { name: 'Hold messages' }).click();
  await expect(page.getByRole('button', { name: 'Hold messages' })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  await advance(page, 400);
  const waiting = page.locator('[data-testid^="msg-"][aria-label$=", waiting"]');
  await expect(waiting.first()).toBeVisible();
  const count = await waiting.count();
  expect(count).toBeGreaterThan(1);
  const chosen = waiting.last();
  const kind = await chosen.getAttribute('data-kind');
  const from = await chosen.getAttribute('data-from');
  const to = await chosen.getAttribute('data-to');
  // The keyboard picks exactly this one (the list below the stage is the other way in).
  await chosen.focus();
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: 'Deliver now' }).click();
  await expect(waiting).toHaveCount(count - 1);
  await expect(page.getByTestId('last-event')).toContainText(
    new RegExp(`${to} (received ${kind} from ${from}|sent|granted)`),
  );
  await page.getByRole('button', { name: 'Hold messages' }).click();
  await advance(page, 50);
  await expect(waiting).toHaveCount(0);
});

test('partition the cluster into a minority and a majority, then heal', async ({ page }) => {
  await openRaftAt(page, 6);
  await advance(page, 600);
  await page.getByText('Partition the network').click();
  await page.getByRole('checkbox', { name: 'n1' }).check();
  await page.getByRole('checkbox', { name: 'n2' }).check();
  await page.getByRole('button', { name: 'Split them off' }).click();
  await expect(page.getByTestId('link-n1-n3')).toHaveAttribute('data-state', 'cut');
  await expect(page.getByTestId('link-n1-n2')).toHaveAttribute('data-state', 'up');
  await expect(page.getByTestId('event-log')).toContainText(
    'Network: partition {n1, n2} | {n3, n4, n5}',
  );
  await advance(page, 1500);
  // Only the majority side can have a leader that others follow.
  const leaders = page.locator('[data-testid^="node-n"][data-role="leader"]');
  const majorityLeader = page.locator(
    '[data-testid="node-n3"][data-role="leader"], [data-testid="node-n4"][data-role="leader"], [data-testid="node-n5"][data-role="leader"]',
  );
  await expect(majorityLeader).toHaveCount(1);
  expect(await leaders.count()).toBeLessThanOrEqual(2);
  await page.getByRole('button', { name: 'Heal network' }).click();
  await advance(page, 500);
  await expect(leaders).toHaveCount(1);
});

test('duplicate and delay one message by hand', async ({ page }) => {
  await openLab(page, '#/lab/ping?seed=9&nodes=3', { paused: true });
  const messages = page.locator('[data-testid^="msg-"]');
  await expect
    .poll(async () => {
      await advance(page, 5);
      return messages.count();
    })
    .toBeGreaterThan(0);
  const first = messages.first();
  const id = ((await first.getAttribute('data-testid')) ?? '').replace('msg-', '');
  const before = await messages.count();
  await first.focus();
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: 'Duplicate', exact: true }).click();
  await expect(page.getByTestId('event-log')).toContainText(`message ${id} to`);
  await expect(messages).toHaveCount(before + 1);

  await page.getByTestId(`msg-${id}`).focus();
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: 'Delay', exact: true }).click();
  await expect(page.getByTestId('event-log')).toContainText(`message ${id} to`);
  await expect(page.getByTestId('event-log')).toContainText('delay by 100 ms');
});
