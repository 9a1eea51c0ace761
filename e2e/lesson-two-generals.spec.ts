/**
 * Lesson 3, played through the UI as a person plays it: every messenger waits beside the
 * general it is going to (hold mode), and the learner lets it through or captures it from its
 * menu, by keyboard; the Speed slider brings dawn. Four variants, each broken by its last
 * messenger (with a wrong prediction on the way, on purpose), then the payment lost at most
 * once and charged twice at least once; then the sandbox's three messengers per message.
 */
import { expect, test, type Page } from '@playwright/test';
import { expectStep, expectStepDone, nextStep, openLessonFresh, predict } from './lesson-helpers';

test.setTimeout(240_000);

/** The messengers from `from` to `to` waiting to be let through or captured, oldest first. */
const waiting = (page: Page, from: string, to: string) =>
  page.locator(`[data-testid^="msg-"].message-held[data-from="${from}"][data-to="${to}"]`);

/**
 * Wait, as a person does, for the newest messenger from `from` to `to` (`count` of them
 * waiting), and choose `action` from its menu. `count: 'any'` takes the oldest of however many
 * wait: a payer that resends every 1.5 s piles them up while a busy machine draws the page.
 */
async function onMessenger(
  page: Page,
  from: string,
  to: string,
  action: 'Deliver now' | 'Drop',
  { count = 1 as number | 'any' } = {},
): Promise<void> {
  const held = waiting(page, from, to);
  if (count === 'any') await expect(held.first()).toBeVisible({ timeout: 30_000 });
  else await expect(held).toHaveCount(count, { timeout: 30_000 });
  await (count === 'any' ? held.first() : held.last()).focus();
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: action, exact: true }).click();
}

/** The run as fast as the Speed slider goes: dawn is 30 s of virtual time away. */
const fast = (page: Page) => page.getByRole('slider', { name: 'Speed' }).fill('100');

test('a learner plays “Two generals” to the sandbox', async ({ page }) => {
  await openLessonFresh(page, 'two-generals');
  const reveal = page.getByRole('status', { name: 'What happened' });
  const card = page.getByTestId('generals');

  await expectStep(page, 'The plan, and nothing else');
  await expect(waiting(page, 'A', 'B')).toHaveAccessibleName(/round 1, the plan/, {
    timeout: 30_000,
  });
  await onMessenger(page, 'A', 'B', 'Drop');
  await fast(page);
  await expectStepDone(page, 60_000);
  await expect(reveal).toContainText('A attacked alone');
  await expect(page.getByTestId('general-A')).toHaveAttribute('data-decision', 'attack');
  await expect(page.getByTestId('general-B')).toHaveAttribute('data-decision', 'hold');
  await nextStep(page);

  await expectStep(page, 'An acknowledgement');
  await onMessenger(page, 'A', 'B', 'Deliver now');
  await onMessenger(page, 'B', 'A', 'Drop');
  await fast(page);
  await expectStepDone(page, 60_000);
  await expect(reveal).toContainText('B attacked alone');
  await expect(card).toContainText(
    'A cannot tell whether its messenger with round 1 got through, so it cannot know what B will do.',
  );
  await nextStep(page);

  await expectStep(page, 'An acknowledgement of the acknowledgement');
  // A wrong prediction, on purpose: the reveal names the belief behind it.
  await predict(page, 'Yes: after three messages, both have a confirmation');
  await onMessenger(page, 'A', 'B', 'Deliver now');
  await onMessenger(page, 'B', 'A', 'Deliver now');
  await onMessenger(page, 'A', 'B', 'Drop');
  await fast(page);
  await expectStepDone(page, 60_000);
  await expect(reveal).toContainText('One more acknowledgement only moves the doubt');
  await expect(reveal).toContainText('One more acknowledgement fixes it.');
  await expect(page.getByRole('list', { name: 'What B knows' })).toHaveText('B knows the plan');
  await nextStep(page);

  await expectStep(page, 'Four rounds, and any number');
  await onMessenger(page, 'A', 'B', 'Deliver now');
  await onMessenger(page, 'B', 'A', 'Deliver now');
  await onMessenger(page, 'A', 'B', 'Deliver now');
  await onMessenger(page, 'B', 'A', 'Drop');
  await fast(page);
  await expectStepDone(page, 60_000);
  await expect(reveal).toContainText('No finite exchange makes both certain');
  await expect(card).toHaveAttribute('data-outcome', 'alone');
  await nextStep(page);

  await expectStep(page, 'A payment, sent once');
  await expect(card).toHaveAttribute('data-story', 'payment');
  await onMessenger(page, 'A', 'B', 'Drop');
  await fast(page);
  await expectStepDone(page, 60_000);
  await expect(card.getByRole('status')).toHaveText('The payment was lost: nothing was charged.');
  await nextStep(page);

  await expectStep(page, 'A payment, resent until answered');
  await onMessenger(page, 'A', 'B', 'Deliver now');
  await onMessenger(page, 'B', 'A', 'Drop');
  // A resends 1.5 s later (virtual): it waits beside the bank like the first.
  await onMessenger(page, 'A', 'B', 'Deliver now', { count: 'any' });
  await expectStepDone(page, 60_000);
  await expect(card).toHaveAttribute('data-charges', '2');
  await expect(reveal).toContainText('The bank charged twice for one payment');
  await nextStep(page);

  // A new run whose messengers wait from the first moment (three to a message).
  const sandbox = page.getByTestId('lesson-sandbox');
  await expect(sandbox).toBeVisible();
  await expect(page.getByRole('button', { name: 'Hold messages' })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  await onMessenger(page, 'A', 'B', 'Drop', { count: 3 });
  await onMessenger(page, 'A', 'B', 'Drop', { count: 2 });
  await onMessenger(page, 'A', 'B', 'Deliver now');
  for (const count of [3, 2, 1]) await onMessenger(page, 'B', 'A', 'Drop', { count });
  await expect(
    sandbox.getByRole('listitem').filter({ hasText: 'still get the plan to B' }),
  ).toHaveAttribute('data-done', 'true');
  await fast(page);
  await expect(
    sandbox.getByRole('listitem').filter({ hasText: 'make one general attack alone' }),
  ).toHaveAttribute('data-done', 'true', { timeout: 60_000 });
  await expect(card.getByRole('status')).toHaveText('B attacked alone: the attack failed.');
});
