/**
 * Lesson 9, played through the UI: crash the leader, force a split vote with Align timers,
 * take the cluster below a majority and watch terms pass without a leader, then restart
 * servers until one leads again and a stale one adopts the new term.
 */
import { expect, test, type Page } from '@playwright/test';
import {
  expectStep,
  expectStepDone,
  nextStep,
  nodeAction,
  openLessonFresh,
  predict,
} from './lesson-helpers';

test.setTimeout(120_000);

/** The id of the first server in this state (role or status), as the page shows it. */
async function serverWhere(page: Page, attribute: string, value: string): Promise<string> {
  const node = page.locator(`[data-testid^="node-n"][${attribute}="${value}"]`).first();
  await expect(node).toBeVisible({ timeout: 20_000 });
  return ((await node.getAttribute('data-testid')) ?? '').replace('node-', '');
}

test('a learner completes “Raft I: election” step by step', async ({ page }) => {
  await openLessonFresh(page, 'raft-election');

  await expectStep(page, 'Crash the leader');
  // The lesson points at the leader, in pixels and in words.
  const leader = await serverWhere(page, 'data-role', 'leader');
  await expect(page.getByTestId(`node-${leader}`)).toHaveAttribute('data-highlight', 'true');
  await expect(page.getByTestId(`node-${leader}`)).toHaveAccessibleName(/leader.*\(look here\)$/);
  await nodeAction(page, leader, 'Crash');
  await expectStepDone(page);
  await nextStep(page);

  await expectStep(page, 'A split vote');
  // Focus follows the learner to the new step (it fell to the page's start, 40 Tabs away).
  const heading = page.getByTestId('lesson-step').getByRole('heading', { level: 3 });
  await expect(heading).toBeFocused();
  await predict(page, 'That term ends with no leader; a later term elects one');
  await expect(heading).toBeFocused();
  await page.getByRole('button', { name: 'Align timers' }).click();
  await expectStepDone(page);
  await nextStep(page);

  await expectStep(page, 'Below a majority');
  // A wrong prediction, on purpose: the reveal names the belief behind it.
  await predict(page, /Yes — a majority of the two live servers is enough/);
  await nodeAction(page, await serverWhere(page, 'data-role', 'follower'), 'Crash');
  await nodeAction(page, await serverWhere(page, 'data-role', 'leader'), 'Crash');
  await expectStepDone(page);
  await expect(page.locator('[data-testid^="node-n"][data-role="leader"]')).toHaveCount(0);
  const reveal = page.getByRole('status', { name: 'What happened' });
  await expect(reveal).toContainText('Not what you predicted');
  await expect(reveal).toContainText('A common belief, and a natural one: “Any survivor can lead');
  await nextStep(page);

  await expectStep(page, 'Back to a majority');
  await nodeAction(page, await serverWhere(page, 'data-status', 'crashed'), 'Restart');
  await expectStepDone(page);
  await nextStep(page);

  await expectStep(page, 'A stale term');
  await nodeAction(page, await serverWhere(page, 'data-status', 'crashed'), 'Restart');
  await expectStepDone(page);
  await expect(page.getByTestId('event-log')).toContainText(/moved from term \d+ to term \d+/);
  await nextStep(page);
  await expect(page.getByTestId('lesson-sandbox')).toBeVisible();
});
