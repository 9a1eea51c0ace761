/**
 * Lesson 1, played by a learner through the UI only: broadcast notes and see two orders,
 * skew a clock and see a note received "before" it was sent, crash C and see A's ping time
 * out, then predict and see a paused C look exactly like a crashed one.
 */
import { expect, test } from '@playwright/test';
import {
  expectStep,
  expectStepDone,
  nextStep,
  nodeAction,
  openLessonFresh,
  predict,
  togetherAtOnce,
} from './lesson-helpers';

test.setTimeout(120_000);

test('a learner completes “No now” step by step', async ({ page }) => {
  await openLessonFresh(page, 'no-now');

  await expectStep(page, 'Same events, different orders');
  // Only this step's action is open: crashing is for later.
  await page.getByTestId('node-C').click();
  await expect(page.getByRole('button', { name: 'Crash', exact: true })).toBeDisabled();
  await page.keyboard.press('Escape');
  await togetherAtOnce(page, ['A', 'B'], 'Broadcast note');
  await expectStepDone(page);
  await expect(page.getByTestId('node-A')).toContainText('log: A1 B1');
  await nextStep(page);

  await expectStep(page, 'Clocks disagree');
  await page.getByTestId('node-B').click();
  await page.getByLabel('Clock skew (ms)').fill('400');
  await page.getByRole('button', { name: 'Set clock' }).click();
  await nodeAction(page, 'B', 'Broadcast note');
  await expectStepDone(page);
  await expect(page.getByTestId('event-log')).toContainText('received before sent?');
  await nextStep(page);

  await expectStep(page, 'A crash is silence');
  await nodeAction(page, 'C', 'Crash');
  await nodeAction(page, 'A', 'Ping others');
  await expectStepDone(page);
  await nextStep(page);

  await expectStep(page, 'Crashed, or just slow?');
  await predict(page, /A sees the same silence/);
  await nodeAction(page, 'C', 'Restart');
  await nodeAction(page, 'C', 'Pause node');
  await nodeAction(page, 'A', 'Ping others');
  await expect(page.getByTestId('goal-1')).toHaveAttribute('data-done', 'true', {
    timeout: 30_000,
  });
  await nodeAction(page, 'C', 'Resume node');
  await expectStepDone(page);
  await expect(page.getByRole('status', { name: 'What happened' })).toContainText(
    'Your prediction was right',
  );
  await nextStep(page);

  await expect(page.getByTestId('lesson-sandbox')).toBeVisible();
  // The sandbox opens every control again.
  await page.getByTestId('node-A').click();
  await expect(page.getByRole('button', { name: 'Crash', exact: true })).toBeEnabled();
});
