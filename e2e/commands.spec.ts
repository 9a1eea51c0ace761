/**
 * The keyboard's way in: the command palette, single-key shortcuts on the selected node,
 * the shortcuts list, and disabled controls that say why (issue 11, the action registry).
 */
import { expect, test } from '@playwright/test';
import { openLab } from './helpers';

test('Ctrl+K opens Commands; "crash" and Enter crash the selected node', async ({ page }) => {
  await openLab(page, '#/lab/raft?seed=3', { paused: true });
  const n2 = page.getByTestId('node-n2');
  await n2.focus();
  await page.keyboard.press('Control+k');
  const palette = page.getByRole('dialog', { name: 'Commands' });
  await expect(palette).toBeVisible();
  const input = palette.getByRole('combobox', { name: 'Command' });
  await expect(input).toBeFocused();
  await input.fill('crash');
  await expect(palette.getByRole('option', { name: /^Crash \(n2\)/ })).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(palette).toBeHidden();
  await expect(n2).toHaveAttribute('data-status', 'crashed');
  await expect(n2).toHaveAttribute('aria-label', 'n2, crashed');
});

test('Escape closes the palette and focus returns', async ({ page }) => {
  await openLab(page, '#/lab/raft?seed=3', { paused: true });
  await page.getByTestId('node-n1').focus();
  await page.keyboard.press('Control+k');
  await expect(page.getByRole('dialog', { name: 'Commands' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog', { name: 'Commands' })).toBeHidden();
  await expect(page.getByTestId('node-n1')).toBeFocused();
});

test('C, R, Space and "." work with the keyboard alone', async ({ page }) => {
  await openLab(page, '#/lab/raft?seed=3');
  // Tab from the toolbar's end into the cluster: the first node takes focus.
  const n1 = page.getByTestId('node-n1');
  await page.getByRole('button', { name: 'Keyboard shortcuts' }).focus();
  for (let i = 0; i < 40 && !(await n1.evaluate((el) => el === document.activeElement)); i++)
    await page.keyboard.press('Tab');
  await expect(n1).toBeFocused();

  // Space pauses (the toolbar then offers Play), and plays again.
  await page.keyboard.press(' ');
  await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeVisible();
  await page.keyboard.press(' ');
  await expect(page.getByRole('button', { name: 'Pause', exact: true })).toBeVisible();
  await page.keyboard.press(' ');
  await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeVisible();

  // "." steps to the next event: the virtual time moves while paused.
  const time = page.getByTestId('virtual-time');
  const before = await time.textContent();
  await page.keyboard.press('.');
  await expect(time).not.toHaveText(before ?? '');
  await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeVisible();

  await page.keyboard.press('c');
  await expect(n1).toHaveAttribute('data-status', 'crashed');
  await expect(n1).toHaveAttribute('aria-label', 'n1, crashed');
  await page.keyboard.press('r');
  await expect(n1).toHaveAttribute('data-status', 'up');

  await page.keyboard.press('p');
  await expect(n1).toHaveAttribute('data-status', 'paused');
  await page.keyboard.press('p');
  await expect(n1).toHaveAttribute('data-status', 'up');
});

test('? opens Keyboard shortcuts, listed from the registry', async ({ page }) => {
  await openLab(page, '#/lab/raft?seed=3', { paused: true });
  await page.getByTestId('node-n1').focus();
  await page.keyboard.press('?');
  const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('row', { name: /^C Crash/ })).toBeVisible();
  await expect(dialog.getByRole('row', { name: /^T Timeout/ })).toBeVisible();
  await expect(dialog.getByRole('row', { name: /^Space Play/ })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
});

test('typing "c" in the Seed field crashes nothing', async ({ page }) => {
  await openLab(page, '#/lab/raft?seed=3', { paused: true });
  await page.getByTestId('node-n1').focus();
  const seed = page.getByRole('textbox', { name: 'Seed' });
  await seed.click();
  await page.keyboard.type('c');
  await expect(seed).toHaveValue('3c');
  await expect(page.locator('[data-testid^="node-"][data-status="crashed"]')).toHaveCount(0);
  await expect(page.getByTestId('node-n1')).toHaveAttribute('data-status', 'up');
});

test('a disabled control says why', async ({ page }) => {
  await openLab(page, '#/lab/raft?seed=3', { paused: true });
  const heal = page.getByRole('button', { name: 'Heal network', exact: true });
  await expect(heal).toBeDisabled();
  await expect(heal).toHaveAccessibleDescription('Heal network: nothing is cut');
  await page.getByTestId('node-n2').click();
  const restart = page.getByRole('button', { name: 'Restart', exact: true });
  await expect(restart).toBeDisabled();
  await expect(restart).toHaveAccessibleDescription('Restart: n2 is not down');
});

test('a shortcut the lesson step does not allow does nothing and says why', async ({ page }) => {
  await page.goto('/#/lessons/raft-election');
  await page.waitForFunction(() => window.netsplit?.ready === true);
  const n1 = page.getByTestId('node-n1');
  await n1.focus();
  // The first step opens Crash only: R is refused, out loud.
  await page.keyboard.press('r');
  await expect(
    page.getByRole('status').filter({ hasText: 'Restart: not part of this step' }),
  ).toBeVisible();
  await expect(n1).not.toHaveAttribute('data-status', 'crashed');
});
