/**
 * Lesson 15, played through the UI as a person plays it, in one page load: messages wait
 * beside the node they go to (hold mode) and the learner lets the call through and drops the
 * reply from their menus, by keyboard; node menus make the call, arm the crash and restart
 * the server; the Client c1 console makes the conditional write. Virtual time moves by the
 * `window.netsplit` hook while paused (the client's 15 s timeout), so a busy machine changes
 * only how long the test takes. One wrong prediction on purpose (its belief is named).
 */
import { expect, test, type Page } from '@playwright/test';
import { advance } from './helpers';
import {
  expectStep,
  expectStepDone,
  nextStep,
  nodeAction,
  openLessonFresh,
  predict,
} from './lesson-helpers';

test.setTimeout(180_000);

/** The messages from `from` to `to` waiting to be let through or dropped, oldest first. */
const waiting = (page: Page, from: string, to: string) =>
  page.locator(`[data-testid^="msg-"].message-held[data-from="${from}"][data-to="${to}"]`);

/** Wait for the newest message from `from` to `to` to arrive, and choose `action` from its menu. */
async function onHeld(page: Page, from: string, to: string, action: 'Deliver now' | 'Drop') {
  await advance(page, 400);
  const held = waiting(page, from, to);
  await expect(held).toHaveCount(1);
  await held.last().focus();
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: action, exact: true }).click();
}

const pause = (page: Page) => page.getByRole('button', { name: 'Pause', exact: true }).click();

/** Let the call through, drop its reply, wait out the 15 s timeout, let the retry through. */
async function loseTheReply(page: Page): Promise<void> {
  await onHeld(page, 'c1', 'server', 'Deliver now');
  await onHeld(page, 'server', 'c1', 'Drop');
  await advance(page, 16_000);
  await onHeld(page, 'c1', 'server', 'Deliver now');
  await advance(page, 400);
}

/** Arm the crash after the charge, withdraw, and restart the server while c1 retries. */
async function crashAfterCharge(page: Page): Promise<void> {
  await pause(page);
  await nodeAction(page, 'server', 'Crash after the side effect');
  await nodeAction(page, 'c1', 'Withdraw 10');
  await advance(page, 3_000);
  await expect(page.getByTestId('node-server')).toHaveAttribute('data-status', 'crashed');
  await nodeAction(page, 'server', 'Restart');
  await advance(page, 5_000);
}

test('a learner plays “RPC with request ids” to the sandbox', async ({ page }) => {
  await openLessonFresh(page, 'rpc');
  const reveal = page.getByRole('status', { name: 'What happened' });

  await expectStep(page, 'A lost reply');
  await predict(page, '80: both attempts charged');
  await pause(page);
  await nodeAction(page, 'c1', 'Withdraw 10');
  await loseTheReply(page);
  await expectStepDone(page);
  await expect(reveal).toContainText('alice has 80: the server charged c1-1 twice');
  await expect(reveal).toContainText(
    'Your prediction was right. The server charged alice for the call',
  );
  await expect(page.getByTestId('checks')).toContainText('c1-1 took effect 2 times');
  await nextStep(page);

  await expectStep(page, 'Request ids and a dedup table');
  await pause(page);
  await nodeAction(page, 'c1', 'Withdraw 10');
  await loseTheReply(page);
  await expectStepDone(page);
  await expect(reveal).toContainText('carried key key-c1-1');
  await expect(reveal).toContainText('alice has 90, charged once');
  await nextStep(page);

  await expectStep(page, 'A crash between the charge and the reply');
  // A wrong prediction, on purpose: the reveal names the belief behind it.
  await predict(page, 'Once: the retry carries the same key, so the server replays');
  await crashAfterCharge(page);
  await expectStepDone(page);
  await expect(reveal).toContainText('alice has 80: charged twice');
  await expect(reveal).toContainText('the table it was in did not');
  await expect(reveal).toContainText('Request ids can be kept in memory only.');
  await nextStep(page);

  await expectStep(page, 'The dedup table on disk');
  await crashAfterCharge(page);
  await expectStepDone(page);
  await expect(reveal).toContainText('found key key-c1-1 on disk');
  await expect(reveal).toContainText('With the table in memory (the step before) she had 80.');
  await nextStep(page);

  await expectStep(page, 'An operation safe to repeat');
  await pause(page);
  const console_ = page.getByRole('region', { name: 'Client c1' });
  await console_
    .getByRole('combobox', { name: 'Operation' })
    .selectOption({ label: 'set balance if version' });
  await expect(console_.getByRole('spinbutton', { name: 'New balance' })).toHaveValue('90');
  await expect(console_.getByRole('spinbutton', { name: 'If version' })).toHaveValue('7');
  await console_.getByRole('button', { name: 'Call', exact: true }).click();
  await loseTheReply(page);
  await expectStepDone(page);
  await expect(reveal).toContainText('The retry found alice already at 90 (version 8)');
  await expect(reveal).toContainText('already so');
  await nextStep(page);

  // The sandbox: 20 % loss, c1 withdrawing on its own. Keep the server down until c1 gives up.
  const sandbox = page.getByTestId('lesson-sandbox');
  await expect(sandbox).toBeVisible();
  await pause(page);
  await advance(page, 5_000);
  await nodeAction(page, 'server', 'Crash');
  await advance(page, 60_000);
  await expect(
    sandbox.getByRole('listitem').filter({ hasText: 'make the checker count a loss' }),
  ).toHaveAttribute('data-done', 'true');
  await expect(
    sandbox.getByRole('listitem').filter({ hasText: 'withdrawals done exactly once' }),
  ).toHaveAttribute('data-done', 'false');
});
