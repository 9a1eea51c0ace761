/**
 * The lesson player's cross-cutting features, as a learner meets them: the home page's
 * list with progress, progress that survives a reload (the run is rebuilt to where the
 * learner was, inside the step too), damaged saved progress, hints, near-miss feedback,
 * restarting a step, replaying its key moment, skipping to the sandbox and on to the next
 * lesson, and starting a lesson over (which asks first).
 */
import { expect, test } from '@playwright/test';
import { lessonCatalogue } from './app-modules';
import { PROGRESS_KEY } from '../src/state/lesson-progress';
import {
  expectStep,
  expectStepDone,
  nextStep,
  nodeAction,
  openLessonFresh,
  togetherAtOnce,
} from './lesson-helpers';

test('home lists the lessons with time, objectives and progress; progress survives a reload', async ({
  page,
}) => {
  await page.goto('/#/');
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  const lessons = page.getByRole('region', { name: 'Lessons' });
  const { LESSONS } = await lessonCatalogue();
  for (const l of LESSONS) {
    const card = page.getByTestId(`lesson-${l.id}`);
    await expect(card.getByRole('link')).toHaveText(`L${l.number}. ${l.title}`);
    await expect(card).toContainText(`About ${l.minutes} minutes`);
    for (const o of l.objectives)
      await expect(card.getByRole('listitem').filter({ hasText: o })).toHaveCount(1);
    await expect(card).toContainText('Not started');
  }

  await lessons.getByRole('link', { name: /L1\. No “now”/ }).click();
  await expect(page).toHaveURL(/#\/lessons\/no-now$/);
  await page.waitForFunction(() => window.netsplit?.ready === true);
  await togetherAtOnce(page, ['A', 'B'], 'Broadcast note');
  await expectStepDone(page);
  await nextStep(page);
  await expectStep(page, 'Clocks disagree');

  // Reload: the lesson reopens at the saved step, with the world as the learner left it.
  await page.reload();
  await expectStep(page, 'Clocks disagree');
  await expect(page.getByRole('list', { name: 'Steps' }).getByRole('listitem').first()).toHaveText(
    '✓ Same events, different orders',
  );
  await expect(page.getByTestId('node-A')).toContainText('log: A1 B1');
  await expect(page.getByTestId('node-C')).toContainText(/log: (A1 B1|B1 A1)/);

  await page.getByRole('link', { name: 'Netsplit' }).click();
  const card = page.getByTestId('lesson-no-now');
  await expect(card).toContainText('1 of 4 steps done');
  await expect(card.getByRole('progressbar')).toHaveAttribute('value', '1');
});

test('a reload inside a step keeps what was done in it; starting over asks first', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await openLessonFresh(page, 'no-now');
  // One note, then a reload before the step is done: the note is back, in this step's run.
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await nodeAction(page, 'A', 'Broadcast note');
  await expect(page.getByTestId('node-A')).toContainText('log: A1');
  await page.reload();
  await expectStep(page, 'Same events, different orders');
  await expect(page.getByTestId('node-A')).toContainText('log: A1');
  await expect(page.getByTestId('goal-0')).toHaveAttribute('data-done', 'false');
  // Paused before the reload, so paused after it: the run is where the learner left it.
  await page.getByRole('button', { name: 'Play', exact: true }).click();

  // The step's A broadcast before the reload still counts: B's note completes it.
  await togetherAtOnce(page, ['A', 'B'], 'Broadcast note');
  await expectStepDone(page);
  const reveal = (await page.getByRole('status', { name: 'What happened' }).textContent()) ?? '';

  // A reload before Next step: ticked in the outline, goals met, the reveal, Next step.
  await page.reload();
  await expectStep(page, 'Same events, different orders');
  await expectStepDone(page);
  await expect(page.getByRole('status', { name: 'What happened' })).toHaveText(reveal);
  await expect(page.getByRole('list', { name: 'Steps' }).getByRole('listitem').first()).toHaveText(
    '✓ Same events, different orders',
  );
  await expect(page.getByRole('button', { name: 'Next step' })).toBeVisible();

  // Starting over forgets all that, so it asks first; keeping the progress changes nothing.
  await page.getByRole('button', { name: 'Start the lesson over' }).click();
  const dialog = page.getByRole('dialog', { name: 'Start the lesson over?' });
  await expect(dialog).toContainText('forgets the step you have done here');
  await dialog.getByRole('button', { name: 'Keep my progress' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('button', { name: 'Next step' })).toBeVisible();
  await page.getByRole('button', { name: 'Start the lesson over' }).click();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('list', { name: 'Steps' }).getByRole('listitem').first()).toHaveText(
    '✓ Same events, different orders',
  );
  await page.getByRole('button', { name: 'Start the lesson over' }).click();
  await dialog.getByRole('button', { name: 'Start over', exact: true }).click();
  await expectStep(page, 'Same events, different orders');
  await expect(page.getByRole('list', { name: 'Steps' }).getByRole('listitem').first()).toHaveText(
    'Same events, different orders',
  );
  await expect(page.getByTestId('goal-0')).toHaveAttribute('data-done', 'false');
  await expect(page.getByTestId('node-A')).not.toContainText('A1');
});

test('damaged saved progress is reset with a notice, and the lessons still open', async ({
  page,
}) => {
  await page.goto('/#/');
  await page.evaluate(
    (key) =>
      localStorage.setItem(
        key,
        JSON.stringify({ 'no-now': { step: 'banana' }, 'raft-election': 42 }),
      ),
    PROGRESS_KEY,
  );
  await page.reload();
  await expect(page.getByRole('status')).toContainText(
    'Saved progress for no-now, raft-election was damaged, so that lesson starts afresh.',
  );
  await expect(page.getByTestId('lesson-no-now')).toContainText('Not started');

  await page.evaluate((key) => localStorage.setItem(key, '{not json'), PROGRESS_KEY);
  await page.goto('/#/lessons/raft-election');
  await expect(page.getByTestId('lesson')).toContainText(
    'Your saved lesson progress could not be read, so it was reset.',
  );
  await expectStep(page, 'Crash the leader');
  await expect(page.getByTestId('node-n1')).toBeVisible();
});

test('hints, near-miss feedback, restarting a step, replaying its key moment, skipping to the sandbox', async ({
  page,
}) => {
  test.setTimeout(90_000);
  await openLessonFresh(page, 'raft-election');
  await expectStep(page, 'Crash the leader');

  await page.getByRole('button', { name: 'Show a hint (1 of 2)' }).click();
  await expect(page.getByRole('list', { name: 'Hints' })).toContainText('leader, term N');

  // A wrong but informative move: crash a follower.
  const follower = page.locator('[data-testid^="node-n"][data-role="follower"]').first();
  await expect(follower).toBeVisible({ timeout: 20_000 });
  const followerId = ((await follower.getAttribute('data-testid')) ?? '').replace('node-', '');
  await nodeAction(page, followerId, 'Crash');
  await expect(page.getByTestId('lesson-step')).toContainText('That was not the leader');

  // Restart the step: the run goes back to where it began; the follower is up again.
  await page.getByRole('button', { name: 'Restart this step' }).click();
  await expect(page.getByTestId(`node-${followerId}`)).toHaveAttribute('data-status', 'up');
  await expect(page.getByTestId('lesson-step')).not.toContainText('That was not the leader');

  const leader = page.locator('[data-testid^="node-n"][data-role="leader"]').first();
  await expect(leader).toBeVisible({ timeout: 20_000 });
  const beforeCrash = await page.evaluate(() => window.netsplit.now());
  await leader.click();
  await page.getByRole('button', { name: 'Crash', exact: true }).click();
  await expectStepDone(page);

  // Replay: the clock goes back to shortly before the crash (not to the step's start), and
  // plays up to the moment the goals held.
  const doneAt = await page.evaluate(() => window.netsplit.now());
  await page.getByRole('button', { name: 'Replay the key moment' }).click();
  await expect(page.getByRole('button', { name: 'Replaying…' })).toBeDisabled();
  // The time the page shows (published once the seek back has landed, never half-way).
  const shown = async () =>
    Number(((await page.getByTestId('virtual-time').textContent()) ?? '').replace(/[^\d.]/g, ''));
  let replayedFrom = doneAt;
  await expect.poll(async () => (replayedFrom = await shown())).toBeLessThan(doneAt - 1);
  expect(replayedFrom).toBeGreaterThanOrEqual(beforeCrash - 150);
  await expect(page.getByRole('button', { name: 'Replay the key moment' })).toBeEnabled({
    timeout: 40_000,
  });
  expect(await page.evaluate(() => window.netsplit.now())).toBeGreaterThanOrEqual(doneAt - 1);

  await page.getByRole('button', { name: 'Skip to the sandbox' }).click();
  await expect(page.getByTestId('lesson-sandbox')).toContainText('You skipped ahead');
  // The sandbox leads on to the next lesson in the catalogue.
  const { LESSONS } = await lessonCatalogue();
  const next = LESSONS[LESSONS.findIndex((l) => l.id === 'raft-election') + 1];
  await expect(page.getByRole('link', { name: /^Next lesson/ })).toHaveAttribute(
    'href',
    next ? `#/lessons/${next.id}` : '#/',
  );
  await page.getByRole('link', { name: 'Netsplit' }).click();
  await expect(page.getByTestId('lesson-raft-election')).toContainText('Skipped to the sandbox');
});

test('a Raft lesson reopens mid-way with its partition and writes rebuilt exactly', async ({
  page,
}) => {
  await openLessonFresh(page, 'raft-partitions');
  await expect(page.locator('[data-testid^="node-n"][data-role="leader"]')).toHaveCount(1, {
    timeout: 20_000,
  });
  const leader =
    (
      await page.locator('[data-testid^="node-n"][data-role="leader"]').getAttribute('data-testid')
    )?.replace('node-', '') ?? '';
  const console_ = page.getByRole('region', { name: 'Client c1' });
  await console_.getByLabel('Server').selectOption(leader);
  await console_.getByRole('button', { name: 'SET', exact: true }).click();
  await expectStepDone(page);
  await nextStep(page);
  const follower = ['n1', 'n2', 'n3', 'n4', 'n5'].find((id) => id !== leader) ?? '';
  await page.getByText('Partition the network', { exact: true }).click();
  await page.getByRole('checkbox', { name: leader, exact: true }).check();
  await page.getByRole('checkbox', { name: follower, exact: true }).check();
  await page.getByRole('button', { name: 'Split them off' }).click();
  await expectStepDone(page);
  await nextStep(page);
  await expectStep(page, 'Appended is not committed');
  const before = await page.evaluate(() => ({
    time: window.netsplit.now(),
    hash: window.netsplit.traceHash(),
  }));

  await page.reload();
  await expectStep(page, 'Appended is not committed');
  // The same world: same moment, same trace — two leaders, the cut still in place.
  const after = await page.evaluate(() => ({
    time: window.netsplit.now(),
    hash: window.netsplit.traceHash(),
  }));
  expect(after).toEqual(before);
  await expect(page.locator('[data-testid^="node-n"][data-role="leader"]')).toHaveCount(2);
});

test('a lesson can be followed with the keyboard alone', async ({ page }) => {
  await openLessonFresh(page, 'no-now');
  // Both notes at one virtual moment (pause, broadcast twice, play), so a busy machine cannot
  // spread the two key presses far apart in virtual time.
  await page.getByRole('button', { name: 'Pause', exact: true }).focus();
  await page.keyboard.press('Enter');
  for (const node of ['A', 'B']) {
    await page.getByTestId(`node-${node}`).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Broadcast note', exact: true }).focus();
    await page.keyboard.press('Enter');
  }
  await page.getByRole('button', { name: 'Play', exact: true }).focus();
  await page.keyboard.press('Enter');
  await expectStepDone(page);
  await page.getByRole('button', { name: 'Next step' }).focus();
  await page.keyboard.press('Enter');
  await expectStep(page, 'Clocks disagree');
  await page.getByRole('button', { name: 'Show a hint (1 of 2)' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('list', { name: 'Hints' })).toContainText('Clock skew');
});

test('in a lesson, a link menu leaves the stage where it was; a run left paused comes back paused after a reload', async ({
  page,
}) => {
  const { LESSONS } = await lessonCatalogue();
  const l2 = LESSONS.find((l) => l.id === 'network-not-a-pipe');
  if (!l2) throw new Error('no lesson network-not-a-pipe');
  await page.setViewportSize({ width: 1280, height: 720 });
  // In the sandbox, where every control is open.
  await page.goto('/#/');
  await page.evaluate(([key, progress]) => localStorage.setItem(key, progress), [
    PROGRESS_KEY,
    JSON.stringify({
      'network-not-a-pipe': {
        step: l2.stepCount,
        completed: [],
        answers: {},
        vars: {},
        skipped: true,
        challenges: [],
        run: '',
        stepStart: 0,
      },
    }),
  ] as const);
  await page.goto('/#/lessons/network-not-a-pipe');
  await expect(page.getByTestId('lesson-sandbox')).toBeVisible();
  await page.waitForFunction(() => window.netsplit?.ready === true);
  const column = page.locator('.main-column');
  const where = () =>
    page.evaluate(() => ({
      scrolled: document.querySelector('.main-column')?.scrollTop ?? -1,
      s: Math.round(
        document.querySelector('[data-testid="node-S"]')?.getBoundingClientRect().y ?? -1,
      ),
    }));
  const before = await where();
  await page.getByRole('button', { name: /^link R–S,/ }).click({ force: true });
  const menu = page.getByRole('group', { name: 'Link R–S' });
  await expect(menu).toBeVisible();
  expect(await where()).toEqual(before);
  await page.keyboard.press('Escape');
  await expect(menu).toBeHidden();
  expect(await where()).toEqual(before);
  await expect(column.getByTestId('node-S')).toBeInViewport();

  // Paused (as a message's menu pauses it), then reloaded: still paused where it was.
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeVisible();
  await page.evaluate(() => window.netsplit.advance(0));
  const pausedAt = await page.evaluate(() => window.netsplit.now());
  await page.reload();
  await expect(page.getByTestId('lesson-sandbox')).toBeVisible();
  await page.waitForFunction(() => window.netsplit?.ready === true);
  await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeVisible();
  const back = await page.evaluate(() => window.netsplit.now());
  expect(back).toBeGreaterThanOrEqual(pausedAt - 1);
  await page.waitForTimeout(500);
  expect(await page.evaluate(() => window.netsplit.now())).toBe(back);
});
