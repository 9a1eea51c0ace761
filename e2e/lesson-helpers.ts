/** A learner's moves in a lesson, as a person makes them: clicks, menus, forms. */
import { expect, type Page } from '@playwright/test';

/** Open a lesson afresh (no saved progress) and wait until its first step is live. */
export async function openLessonFresh(page: Page, id: string): Promise<void> {
  await page.goto('/#/');
  await page.evaluate(() => localStorage.clear());
  await page.goto(`/#/lessons/${id}`);
  await page.waitForFunction(() => window.netsplit?.ready === true);
  await expect(page.getByTestId('lesson-step')).toBeVisible();
}

/** Click a node and choose one of its actions. */
export async function nodeAction(page: Page, node: string, action: string): Promise<void> {
  await page.getByTestId(`node-${node}`).click();
  await page.getByRole('button', { name: action, exact: true }).click();
}

/**
 * Several nodes act at the same virtual moment, as a careful learner does it: pause, act on
 * each, play. Clicking "quickly" at speed is a race with the wall clock that a busy machine
 * (or a slow hand) loses.
 */
export async function togetherAtOnce(page: Page, node: readonly string[], action: string) {
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  for (const n of node) await nodeAction(page, n, action);
  await page.getByRole('button', { name: 'Play', exact: true }).click();
}

/** The current step's heading says which step this is. */
export async function expectStep(page: Page, title: string): Promise<void> {
  await expect(page.getByTestId('lesson-step').getByRole('heading', { level: 3 })).toContainText(
    title,
  );
}

/** Every goal of the current step ticked, and the reveal shown. */
export async function expectStepDone(page: Page, timeout = 30_000): Promise<void> {
  await expect(page.getByRole('status', { name: 'What happened' })).toBeVisible({ timeout });
  for (const goal of await page.locator('[data-testid^="goal-"]').all())
    await expect(goal).toHaveAttribute('data-done', 'true');
}

export async function nextStep(page: Page): Promise<void> {
  await page.getByRole('button', { name: /^(Next step|Open the sandbox)$/ }).click();
}

/** Answer the step's prediction; the run is held until then. */
export async function predict(page: Page, option: string | RegExp): Promise<void> {
  await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeDisabled();
  await page.getByRole('radio', { name: option }).check();
  await page.getByRole('button', { name: 'Lock in my prediction' }).click();
}

/**
 * Open the link a–b's menu from the keyboard and set fields from it (applies to both
 * directions). The keyboard, because a burst of messages can cover the whole link: a click
 * there is (rightly) taken for one of them.
 */
export async function setLink(
  page: Page,
  [a, b]: readonly [string, string],
  fields: Readonly<Record<string, string>>,
): Promise<void> {
  await page.getByRole('button', { name: new RegExp(`^link ${a}–${b},`) }).focus();
  await page.keyboard.press('Enter');
  for (const [label, value] of Object.entries(fields)) await page.getByLabel(label).fill(value);
  await page.getByRole('button', { name: 'Apply to this link' }).click();
}
