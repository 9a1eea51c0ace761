import { expect, test, type Page } from '@playwright/test';
import { advance, openLab } from './helpers';

/** Deliver the held message from → to of this kind, chosen from its menu. */
async function deliver(page: Page, from: string, to: string, kind: string) {
  const message = page
    .locator(`[data-testid^="msg-"][data-from="${from}"][data-to="${to}"][data-kind="${kind}"]`)
    .first();
  await message.focus();
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: 'Deliver now' }).click();
}

async function nodeAction(page: Page, node: string, action: string) {
  await page.getByTestId(`node-${node}`).click();
  await page.getByRole('button', { name: action, exact: true }).click();
}

test('with votedFor forgotten, a restarted voter elects two leaders in one term — and the checker turns red', async ({
  page,
}) => {
  // Long election timeouts: only our Timeout clicks start elections.
  await openLab(
    page,
    '#/lab/raft?seed=1&nodes=3&broken=forget-voted-for&electionMin=5000&electionMax=6000',
    {
      paused: true,
    },
  );
  await expect(page.locator('[data-check="election-safety"]')).toHaveAttribute(
    'data-holds',
    'true',
  );
  await page.getByRole('button', { name: 'Hold messages' }).click();

  await nodeAction(page, 'n1', 'Timeout');
  await advance(page, 25);
  await deliver(page, 'n1', 'n3', 'RequestVote');
  await advance(page, 25);
  await deliver(page, 'n3', 'n1', 'RequestVoteReply');
  await expect(page.getByTestId('node-n1')).toHaveAttribute('data-role', 'leader');

  await nodeAction(page, 'n3', 'Crash');
  await nodeAction(page, 'n3', 'Restart');
  await nodeAction(page, 'n2', 'Timeout');
  await advance(page, 25);
  await deliver(page, 'n2', 'n3', 'RequestVote');
  await advance(page, 25);
  await deliver(page, 'n3', 'n2', 'RequestVoteReply');

  await expect(page.getByTestId('node-n2')).toHaveAttribute('data-role', 'leader');
  await expect(page.getByTestId('node-n1')).toHaveAttribute('data-role', 'leader');
  const check = page.locator('[data-check="election-safety"]');
  await expect(check).toHaveAttribute('data-holds', 'false');
  await expect(check).toContainText('n1 and n2 are both leaders of term 1');
  // The offending events, in words: the two leaders' elections.
  await expect(check.getByRole('list', { name: 'Events that break it' })).toContainText(
    'n1 received RequestVoteReply',
  );
  await expect(check.getByRole('list', { name: 'Events that break it' })).toContainText(
    'n2 received RequestVoteReply',
  );
});
