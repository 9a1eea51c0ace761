/**
 * Lesson 16, played through the UI as a person plays it: publish from the producers' console,
 * arm a consumer's crash or slow it down from its menu, answer the predictions (one wrong, on
 * purpose), and read the goals tick and the reveals name this run's messages. Virtual time
 * moves with the automation hook's advance(), so a busy machine changes only how long the
 * test takes. Then the sandbox: start both producers and meet the rate challenge.
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

test.setTimeout(240_000);

/** Publish `count` messages (key as the console has it) from the producers' console. */
async function publish(page: Page, count: number): Promise<void> {
  await page.getByLabel('Count').fill(String(count));
  await page.getByRole('button', { name: 'Publish', exact: true }).click();
}

test('a learner plays “Message queues and publish/subscribe” to the sandbox', async ({ page }) => {
  await openLessonFresh(page, 'queues');
  const reveal = page.getByRole('status', { name: 'What happened' });

  await expectStep(page, 'A work queue: competing consumers');
  await expect(page.getByTestId('goal-0')).toHaveAttribute('data-done', 'false');
  await publish(page, 10);
  await advance(page, 4000);
  await expectStepDone(page);
  await expect(reveal).toContainText(
    'c1 processed 5 (p1:1, p1:3, p1:5, p1:7 and p1:9) and c2 5 (p1:2, p1:4, p1:6, p1:8 and p1:10)',
  );
  await nextStep(page);

  await expectStep(page, 'Publish/subscribe: every subscriber gets everything');
  await predict(page, '15: every subscriber processes all 5');
  await publish(page, 5);
  await advance(page, 4000);
  await expectStepDone(page);
  await expect(reveal).toContainText('15 side effects for 5 messages');
  await expect(reveal).toContainText(
    'Your prediction was right. 15 side effects, 5 for each subscriber.',
  );
  await nextStep(page);

  await expectStep(page, 'A crash between the side effect and the ack');
  // A wrong prediction, on purpose: the reveal names the belief behind it.
  await predict(page, 'Delivers it again; it takes effect once');
  await nodeAction(page, 'c1', 'Crash after processing, before the ack');
  await publish(page, 4);
  await advance(page, 5000);
  await expectStepDone(page);
  await expect(page.getByTestId('node-c1')).toHaveAttribute('data-status', 'crashed');
  await expect(reveal).toContainText(/c1 applied p1:1 at \d+ ms and died before its ack/);
  await expect(reveal).toContainText('to c2, which applied it again');
  await expect(reveal).toContainText('An ack means the work is done.');
  // The checker names the duplicate and its cause.
  await expect(
    page.getByText('p1:1 (key order-7) took effect twice: c1 crashed before its ack'),
  ).toBeVisible();
  await nextStep(page);

  await expectStep(page, 'An idempotent consumer');
  await nodeAction(page, 'c1', 'Crash after processing, before the ack');
  await publish(page, 4);
  await advance(page, 5000);
  await expectStepDone(page);
  await expect(reveal).toContainText(
    'the store found it in the dedup table and skipped the side effect',
  );
  await nextStep(page);

  await expectStep(page, 'Acknowledge first: at-most-once');
  await nodeAction(page, 'c1', 'Crash before processing');
  await publish(page, 4);
  await advance(page, 5000);
  await expectStepDone(page);
  await expect(reveal).toContainText(
    /c1 had acknowledged p1:1.* on delivery and died before processing/,
  );
  await nextStep(page);

  await expectStep(page, 'One key, two consumers');
  await predict(page, 'Not necessarily: two consumers work in parallel');
  await nodeAction(page, 'c1', 'Slow down');
  await publish(page, 5);
  await advance(page, 6000);
  await expectStepDone(page);
  await expect(reveal).toContainText(/p1:1, published before p1:\d, took effect after it/);
  await nextStep(page);

  await expectStep(page, 'Partition by key');
  await nodeAction(page, 'c1', 'Slow down');
  await publish(page, 5);
  await advance(page, 6000);
  await expectStepDone(page);
  await expect(reveal).toContainText('they took effect in order, p1:1, p1:2, p1:3, p1:4, p1:5');
  await nextStep(page);

  // The sandbox: both producers stopped until the learner starts them.
  const sandbox = page.getByTestId('lesson-sandbox');
  await expect(sandbox).toBeVisible();
  await nodeAction(page, 'p1', 'Start publishing');
  await nodeAction(page, 'p2', 'Start publishing');
  await advance(page, 8000);
  await expect(
    sandbox.getByRole('listitem').filter({ hasText: 'messages a second taking effect' }),
  ).toHaveAttribute('data-done', 'true');
});
