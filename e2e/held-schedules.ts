/**
 * Schedules a person builds by hand with Hold messages on: deliver one held message from its
 * menu, and the double vote that Election Safety is about (thesis §3.6, §3.8).
 */
import { expect, type Page } from '@playwright/test';
import { advance } from './helpers';
import { nodeAction } from './lesson-helpers';

/** Open the first held `kind` message from `from` to `to` by keyboard and deliver it. */
export async function deliverHeld(page: Page, from: string, to: string, kind: string) {
  const message = page
    .locator(`[data-testid^="msg-"][data-from="${from}"][data-to="${to}"][data-kind="${kind}"]`)
    .first();
  await message.focus();
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: 'Deliver now' }).click();
}

/**
 * With messages held on a paused three-server lab: n3 votes for n1 in term 1 (n1 leads), then
 * `crash` (a node action, e.g. 'Crash' or 'Crash and lose unsynced writes') and Restart n3,
 * and n2 asks it for a vote in the same term. Whether n3 votes again is what the test checks.
 */
export async function voteTwiceByHand(page: Page, crash: string): Promise<void> {
  await page.getByRole('button', { name: 'Hold messages' }).click();
  await nodeAction(page, 'n1', 'Timeout');
  await advance(page, 25);
  await deliverHeld(page, 'n1', 'n3', 'RequestVote');
  await advance(page, 25);
  await deliverHeld(page, 'n3', 'n1', 'RequestVoteReply');
  await expect(page.getByTestId('node-n1')).toHaveAttribute('data-role', 'leader');
  await nodeAction(page, 'n3', crash);
  await nodeAction(page, 'n3', 'Restart');
  await nodeAction(page, 'n2', 'Timeout');
  await advance(page, 25);
  await deliverHeld(page, 'n2', 'n3', 'RequestVote');
  await advance(page, 25);
  await deliverHeld(page, 'n3', 'n2', 'RequestVoteReply');
}
