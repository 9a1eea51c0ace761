/**
 * Lesson 10, played through the UI: commit a write at the leader, partition the leader with
 * one follower, write to the old leader and see it stay uncommitted, read stale data with
 * unsafe local reads (the checker flags it) and none with ReadIndex, then heal.
 */
import { expect, test, type Page } from '@playwright/test';
import { expectStep, expectStepDone, nextStep, openLessonFresh, predict } from './lesson-helpers';

test.setTimeout(150_000);

async function leaders(page: Page): Promise<{ id: string; term: number }[]> {
  const nodes = await page.locator('[data-testid^="node-n"][data-role="leader"]').all();
  const out: { id: string; term: number }[] = [];
  for (const n of nodes)
    out.push({
      id: ((await n.getAttribute('data-testid')) ?? '').replace('node-', ''),
      term: Number(await n.getAttribute('data-term')),
    });
  return out.sort((a, b) => a.term - b.term);
}

/** Send one request from the client console and wait for its answer (or its timeout). */
async function request(
  page: Page,
  server: string,
  op: 'SET' | 'GET',
  options: { value?: string; reads?: string } = {},
): Promise<void> {
  const console_ = page.getByRole('region', { name: 'Client c1' });
  await console_.getByLabel('Server').selectOption(server);
  if (options.value !== undefined) await console_.getByLabel('Value').fill(options.value);
  if (options.reads !== undefined) await console_.getByLabel('Reads').selectOption(options.reads);
  const outcome = console_.getByText(/^(Last|Waiting|No request)/);
  const before = await outcome.innerText();
  await console_.getByRole('button', { name: op, exact: true }).click();
  await expect(outcome).not.toHaveText(before);
  // An answer — or the step's goals holding, which pauses the run for the reveal.
  await expect(
    console_
      .getByText(/^Last:/)
      .or(page.getByRole('status', { name: 'What happened' }))
      .first(),
  ).toBeVisible({ timeout: 30_000 });
}

test('a learner completes “Raft II: partitions” step by step', async ({ page }) => {
  await openLessonFresh(page, 'raft-partitions');

  await expectStep(page, 'Appended, then committed');
  await expect(page.locator('[data-testid^="node-n"][data-role="leader"]')).toHaveCount(1, {
    timeout: 20_000,
  });
  const [first] = await leaders(page);
  const leader = first?.id ?? '';
  await request(page, leader, 'SET', { value: '1' });
  await expectStepDone(page);
  await nextStep(page);

  await expectStep(page, 'Two leaders');
  const follower = ['n1', 'n2', 'n3', 'n4', 'n5'].find((id) => id !== leader) ?? '';
  await page.getByText('Partition the network', { exact: true }).click();
  await page.getByRole('checkbox', { name: leader, exact: true }).check();
  await page.getByRole('checkbox', { name: follower, exact: true }).check();
  await page.getByRole('button', { name: 'Split them off' }).click();
  await expectStepDone(page);
  const both = await leaders(page);
  expect(both).toHaveLength(2);
  const oldLeader = both[0]?.id ?? '';
  const newLeader = both[1]?.id ?? '';
  expect(oldLeader).toBe(leader);
  await nextStep(page);

  await expectStep(page, 'Appended is not committed');
  await predict(page, 'No');
  await page.getByRole('slider', { name: 'Speed' }).fill('55');
  await request(page, oldLeader, 'SET', { value: '2' });
  await expectStepDone(page);
  await nextStep(page);

  await expectStep(page, 'A stale read');
  await request(page, newLeader, 'SET', { value: '3' });
  await request(page, oldLeader, 'GET', { reads: 'local' });
  await expect(page.getByRole('region', { name: 'Client c1' })).toContainText('1');
  await request(page, oldLeader, 'GET', { reads: 'read-index' });
  await expectStepDone(page);
  await expect(page.getByTestId('checks')).toContainText(/No stale reads/);
  // The history diagram says it in words, and outlines what cannot be ordered.
  await expect(page.getByTestId('history-verdict')).toContainText('not linearizable');
  await expect(page.locator('[data-testid="history-op"][data-unplaceable="true"]')).not.toHaveCount(
    0,
  );
  await nextStep(page);

  await expectStep(page, 'Healing');
  await page.getByRole('button', { name: 'Heal network' }).click();
  await expectStepDone(page);
  await expect(page.getByTestId('event-log')).toContainText(/dropped entr/);
  await nextStep(page);
  await expect(page.getByTestId('lesson-sandbox')).toBeVisible();
});
