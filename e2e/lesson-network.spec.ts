/**
 * Lesson 2, played through the UI: add jitter and see messages reorder, drop one and see
 * the sender's ack timer fire, duplicate one and see the naive counter overcount, narrow the
 * link and see a burst queue, then predict and see retransmission turn loss into duplicates.
 */
import { expect, test, type Page } from '@playwright/test';
import {
  expectStep,
  expectStepDone,
  nextStep,
  nodeAction,
  openLessonFresh,
  predict,
  setLink,
} from './lesson-helpers';

test.setTimeout(150_000);

/** Pause, send one message, and act on it while it is on the wire. */
async function sendOneAnd(page: Page, action: 'Drop' | 'Duplicate'): Promise<void> {
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await nodeAction(page, 'S', 'Send 1');
  await page.locator('[data-testid^="msg-"][data-kind="Add"]').first().click();
  await page.getByRole('button', { name: action, exact: true }).click();
  await page.getByRole('button', { name: 'Play', exact: true }).click();
}

test('a learner completes “The network is not a pipe” step by step', async ({ page }) => {
  await openLessonFresh(page, 'network-not-a-pipe');

  await expectStep(page, 'Jitter reorders');
  await setLink(page, ['R', 'S'], { 'Jitter (ms)': '200' });
  await nodeAction(page, 'S', 'Send 5');
  await expectStepDone(page);
  await nextStep(page);

  await expectStep(page, 'Loss looks like silence');
  await sendOneAnd(page, 'Drop');
  await expectStepDone(page);
  await expect(page.getByTestId('event-log')).toContainText('no ack for');
  await nextStep(page);

  await expectStep(page, 'Duplicates count twice');
  await sendOneAnd(page, 'Duplicate');
  await expectStepDone(page);
  await nextStep(page);

  await expectStep(page, 'Bandwidth is finite');
  await setLink(page, ['R', 'S'], { 'Bandwidth (bytes/ms, empty = unlimited)': '0.5' });
  await nodeAction(page, 'S', 'Burst 30');
  // The gauge shows the last message's delay growing toward 4× the first's.
  await expect(page.getByRole('progressbar', { name: /× the first/ })).toBeVisible();
  await expectStepDone(page, 40_000);
  await nextStep(page);

  await expectStep(page, 'Retransmission turns loss into duplication');
  await predict(page, 'Yes');
  await setLink(page, ['R', 'S'], { 'Loss (%)': '30' });
  await nodeAction(page, 'S', 'Retransmit on timeout');
  // Without Send 5, what step 4 left behind (its queued burst, S resending what it never got
  // acked) must not count: 20 virtual seconds on, no message of this step has reached R.
  const t = await page.evaluate(async () => (await window.netsplit.advance(20_000))?.time ?? 0);
  // Once the page shows that moment, the goals have been checked against it.
  await expect(page.getByTestId('virtual-time')).toHaveText(
    `${t.toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 })} ms`,
  );
  await expect(page.getByTestId('goal-2')).toContainText('R has received 10 different messages');
  await expect(page.getByTestId('goal-2')).toHaveAttribute('data-done', 'false');
  await expect(page.getByTestId('goal-3')).toHaveAttribute('data-done', 'false');
  await expect(page.getByRole('status', { name: 'What happened' })).toBeHidden();
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await page.getByRole('slider', { name: 'Speed' }).fill('70');
  // Send batches of 5 until the goals hold; once they hold, sending is closed.
  const reveal = page.getByRole('status', { name: 'What happened' });
  for (let batch = 0; batch < 4 && !(await reveal.isVisible()); batch++) {
    await page.getByTestId('node-S').click();
    const send = page.getByRole('button', { name: 'Send 5', exact: true });
    if (await send.isEnabled()) await send.click({ timeout: 2_000 }).catch(() => undefined);
    else await page.keyboard.press('Escape');
    await expect(reveal)
      .toBeVisible({ timeout: 8_000 })
      .catch(() => undefined);
  }
  await expectStepDone(page, 60_000);
  await expect(reveal).toContainText('Your prediction was right');
  // The reveal says what this run did, with this step's numbers.
  await expect(reveal).toContainText(
    /R got (every one|\d+) of the \d+ messages S sent in this step/,
  );
  await nextStep(page);
  await expect(page.getByTestId('lesson-sandbox')).toBeVisible();
});
