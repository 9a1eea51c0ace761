/**
 * Disk faults in the Raft lab (issue 13): a lying fsync ("Crash and lose unsynced writes")
 * and a garbled log tail ("Corrupt log tail"), narrated and repaired by correct Raft; and
 * the broken variant that trusts a disk that lost a vote, caught by Election Safety.
 */
import { expect, test, type Page } from '@playwright/test';
import { advance, openLab } from './helpers';
import { voteTwiceByHand } from './held-schedules';

/** Open a node's menu from the keyboard (focus it, Enter) and choose an action. */
async function nodeAction(page: Page, node: string, action: string) {
  await page.getByTestId(`node-${node}`).focus();
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: action, exact: true }).click();
}

test('a follower that lost its last write, or whose log tail was garbled, says so, holds back its vote and is repaired', async ({
  page,
}) => {
  await openLab(page, '#/lab/raft?seed=3&nodes=3', { paused: true });
  await advance(page, 1000);
  const followers = await page.evaluate(() =>
    (window.netsplit.frame()?.nodes ?? []).filter((n) => n.role === 'follower').map((n) => n.id),
  );
  expect(followers).toHaveLength(2);
  const [a, b] = followers as [string, string];
  const log = page.getByTestId('event-log');

  // A lying fsync: the node's last write is gone when it comes back.
  await nodeAction(page, a, 'Crash and lose unsynced writes');
  await expect(page.getByTestId(`node-${a}`)).toHaveAttribute('data-status', 'crashed');
  await expect(log).toContainText(
    `Disk: ${a}'s last write never reached its disk (the fsync lied)`,
  );
  await nodeAction(page, a, 'Restart');
  await advance(page, 20);
  await expect(log).toContainText(`${a} found its last write torn on disk: that write was lost`);
  await expect(log).toContainText(
    `${a} will not vote until every peer has said its term and it has caught up with a leader`,
  );
  await advance(page, 1000);
  await expect(log).toContainText(`${a} heard every peer's term`);
  await expect(log).toContainText(
    new RegExp(
      `${a} trusts its disk again: it holds what n\\d committed in term \\d+, and may vote`,
    ),
  );

  // A garbled tail, from the command palette, found by checksum at boot.
  await page.getByTestId(`node-${b}`).focus();
  await page.keyboard.press('Control+k');
  const palette = page.getByRole('dialog', { name: 'Commands' });
  await palette.getByRole('combobox', { name: 'Command' }).fill('corrupt');
  await expect(
    palette.getByRole('option', { name: new RegExp(`^Corrupt log tail \\(${b}\\)`) }),
  ).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId(`node-${b}`)).toHaveAttribute('data-status', 'crashed');
  await expect(log).toContainText(
    new RegExp(`Disk: ${b}'s disk garbled entr(y|ies) [\\d–]+ of its log`),
  );
  await nodeAction(page, b, 'Restart');
  await advance(page, 20);
  await expect(log).toContainText(
    new RegExp(`${b} found entr(y|ies) [\\d–]+ garbled on disk \\(checksum mismatch\\)`),
  );
  await advance(page, 1000);
  await expect(log).toContainText(new RegExp(`${b} trusts its disk again`));
  await expect(page.locator('[data-check="election-safety"]')).toHaveAttribute(
    'data-holds',
    'true',
  );
  await expect(page.locator('[data-check="leader-completeness"]')).toHaveAttribute(
    'data-holds',
    'true',
  );
});

test('trust-lost-disk: a voter whose vote was lost to a lying fsync votes again, and Election Safety turns red', async ({
  page,
}) => {
  // Long election timeouts: only our Timeout clicks start elections.
  await openLab(
    page,
    '#/lab/raft?seed=1&nodes=3&broken=trust-lost-disk&electionMin=5000&electionMax=6000',
    { paused: true },
  );
  const check = page.locator('[data-check="election-safety"]');
  await expect(check).toHaveAttribute('data-holds', 'true');
  // n3's vote for n1 is never durable: it comes back with no vote in term 1, and n2 asks.
  await voteTwiceByHand(page, 'Crash and lose unsynced writes');

  await expect(page.getByTestId('node-n2')).toHaveAttribute('data-role', 'leader');
  await expect(page.getByTestId('node-n1')).toHaveAttribute('data-role', 'leader');
  await expect(check).toHaveAttribute('data-holds', 'false');
  await expect(check).toContainText('n1 and n2 are both leaders of term 1');
});
