/**
 * Lesson 11, played through the UI as a person plays it: every message waits at its
 * destination (hold mode) and is delivered from its menu; phase 1 and 2 by hand, a crashed
 * proposer, a prediction (what must n2 propose?), a value chosen before anyone learns it, a
 * duel of pre-empted ballots ended by a distinguished proposer; then the sandbox's broken
 * proposers choose two values and the Agreement checker turns red.
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

test.setTimeout(240_000);

/**
 * Deliver the newest `kind` message from `from` waiting at `to`, from its menu by keyboard
 * (the newest: an older one belongs to a ballot its proposer gave up). Waits, as a person
 * does, until it has arrived and waits there.
 */
async function deliver(
  page: Page,
  kind: string,
  from: string,
  to: string,
  { count = 1 } = {},
): Promise<void> {
  const waiting = heldAt(page, kind, from, to);
  await expect(waiting).toHaveCount(count, { timeout: 30_000 });
  await waiting.last().focus();
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: 'Deliver now' }).click();
}

/** The messages of `kind` from `from` waiting at `to`, oldest first. */
const heldAt = (page: Page, kind: string, from: string, to: string) =>
  page.locator(
    `[data-testid^="msg-"].message-held[data-kind="${kind}"][data-from="${from}"][data-to="${to}"]`,
  );

test('a learner plays “Paxos: proposers, acceptors, learners” to the sandbox', async ({ page }) => {
  await openLessonFresh(page, 'paxos');

  await expectStep(page, 'Phase 1: prepare and promise');
  await expect(page.getByTestId('beside-raft')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Hold messages' })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  await nodeAction(page, 'n1', 'Propose');
  await deliver(page, 'Prepare', 'n1', 'n3');
  await deliver(page, 'Prepare', 'n1', 'n4');
  await deliver(page, 'Promise', 'n3', 'n1');
  await deliver(page, 'Promise', 'n4', 'n1');
  await expectStepDone(page);
  const reveal = page.getByRole('status', { name: 'What happened' });
  await expect(reveal).toContainText('n1 sent Accept(1.n1, A)');
  await nextStep(page);

  await expectStep(page, 'One acceptor, then a crash');
  await deliver(page, 'Accept', 'n1', 'n3');
  await nodeAction(page, 'n1', 'Crash');
  await expectStepDone(page);
  await expect(reveal).toContainText('n1 and n3 have accepted A: two of five');
  await nextStep(page);

  await expectStep(page, 'A later proposer adopts');
  // The Chosen card stays hidden until the prediction is made.
  await expect(page.getByTestId('paxos-chosen')).toHaveCount(0);
  // A wrong prediction, on purpose: the reveal names the belief behind it.
  await predict(page, 'B, its own: n1 crashed, so A is lost');
  await nodeAction(page, 'n2', 'Propose');
  await deliver(page, 'Prepare', 'n2', 'n3');
  await deliver(page, 'Prepare', 'n2', 'n4');
  await deliver(page, 'Promise', 'n3', 'n2');
  await deliver(page, 'Promise', 'n4', 'n2');
  await expectStepDone(page);
  await expect(reveal).toContainText('n2 sent Accept(1.n2, A), not B');
  await expect(reveal).toContainText('Not what you predicted');
  await expect(reveal).toContainText('If the proposer crashes, its value is lost');
  // The acceptor table shows n3's acceptance of A that n2 adopted.
  const table = page.getByTestId('acceptor-table');
  await expect(table.getByTestId('acceptor-n3').getByRole('cell').nth(1)).toHaveText(/^A in 1\.n1/);
  await nextStep(page);

  await expectStep(page, 'Chosen before anyone knows');
  await deliver(page, 'Accept', 'n2', 'n3');
  await deliver(page, 'Accept', 'n2', 'n4');
  await deliver(page, 'Accepted', 'n2', 'n5');
  // n3 also told n5 of its acceptance in n1's ballot: the newer of the two is ballot 1.n2's.
  await deliver(page, 'Accepted', 'n3', 'n5', { count: 2 });
  await deliver(page, 'Accepted', 'n4', 'n5');
  await expectStepDone(page);
  await expect(reveal).toContainText(/A was chosen at \d+ ms, when n4 accepted it/);
  // After the prediction the Chosen card is shown: the moment, before n5 learned it.
  await expect(page.getByTestId('paxos-chosen')).toContainText(
    /Chosen: A in ballot 1\.n2 at [\d,]+ ms/,
  );
  await expect(reveal).toContainText(/n5 learned it \d+ ms later/);
  await nextStep(page);

  await expectStep(page, 'Duelling proposers, and a leader');
  // A new run: n1 is up again and nobody has accepted anything.
  await expect(page.getByTestId('node-n1')).toHaveAttribute('data-status', 'up');
  await expect(table.getByTestId('acceptor-n3').getByRole('cell').nth(1)).toHaveText('—');
  await page.getByRole('button', { name: 'Both propose at once' }).click();
  // Each refused proposer retries higher; its new Prepare arriving is the sign it has, and
  // that its own acceptor now refuses the other's older one.
  await deliver(page, 'Prepare', 'n1', 'n2');
  await deliver(page, 'Nack', 'n2', 'n1');
  await expect(heldAt(page, 'Prepare', 'n1', 'n2')).toHaveCount(1, { timeout: 30_000 });
  await deliver(page, 'Prepare', 'n2', 'n1');
  await deliver(page, 'Nack', 'n1', 'n2');
  await expect(heldAt(page, 'Prepare', 'n2', 'n1')).toHaveCount(1, { timeout: 30_000 });
  await deliver(page, 'Prepare', 'n1', 'n2');
  await deliver(page, 'Nack', 'n2', 'n1');
  await expect(page.getByTestId('goal-0')).toHaveAttribute('data-done', 'true');
  await expect(page.getByTestId('ballots-started')).toContainText(
    /Ballots started, nothing chosen: \d+/,
  );
  // A reload rebuilds this step's own run (not the first one, where n1 was crashed).
  await page.reload();
  await expectStep(page, 'Duelling proposers, and a leader');
  await expect(page.getByTestId('goal-0')).toHaveAttribute('data-done', 'true');
  await expect(page.getByTestId('node-n1')).toHaveAttribute('data-status', 'up');
  await expect(heldAt(page, 'Prepare', 'n2', 'n3')).toHaveCount(2);
  await page.getByRole('button', { name: 'Turn on a leader' }).click();
  await page.getByRole('button', { name: 'Hold messages' }).click();
  await expectStepDone(page);
  await expect(reveal).toContainText(
    /ballots were started and \d+ pre-empted before anything was chosen/,
  );
  await expect(reveal).toContainText('Once both followed a leader, n2 started no new ballot');
  await nextStep(page);

  // The sandbox: broken proposers. n1 gets A chosen; n2, ignoring the A in its promises,
  // gets B chosen too, and the Agreement checker says so.
  const sandbox = page.getByTestId('lesson-sandbox');
  await expect(sandbox).toBeVisible();
  await expect(sandbox).toContainText('With correct Paxos no schedule chooses two values');
  // The sandbox offers Paxos beside Raft (no guided step shows it).
  const beside = page.getByTestId('beside-raft');
  await beside.getByText('Paxos beside Raft: what a decision costs').click();
  await expect(beside.getByRole('button', { name: 'Compare', exact: true })).toBeEnabled();
  await expect(beside).toContainText('seed 11.');
  await beside.getByText('Paxos beside Raft: what a decision costs').click();
  await page.getByRole('button', { name: 'Hold messages' }).click();
  await nodeAction(page, 'n1', 'Propose');
  await deliver(page, 'Prepare', 'n1', 'n3');
  await deliver(page, 'Prepare', 'n1', 'n4');
  await deliver(page, 'Promise', 'n3', 'n1');
  await deliver(page, 'Promise', 'n4', 'n1');
  await deliver(page, 'Accept', 'n1', 'n3');
  await deliver(page, 'Accept', 'n1', 'n4');
  await nodeAction(page, 'n2', 'Propose');
  await deliver(page, 'Prepare', 'n2', 'n3');
  await deliver(page, 'Prepare', 'n2', 'n4');
  await deliver(page, 'Promise', 'n3', 'n2');
  await deliver(page, 'Promise', 'n4', 'n2');
  await deliver(page, 'Accept', 'n2', 'n3');
  await deliver(page, 'Accept', 'n2', 'n4');
  await expect(page.getByTestId('checks')).toContainText(/violated/i, { timeout: 30_000 });
  await expect(
    sandbox
      .getByRole('listitem')
      .filter({ hasText: 'find a schedule that chooses two different values' }),
  ).toHaveAttribute('data-done', 'true');
});
