import { expect, test } from '@playwright/test';
import { openLab } from './helpers';

test('the space-time diagram shows messages between node lines and lights up a causal past', async ({
  page,
}) => {
  await openLab(page, '#/lab/raft?seed=4', { paused: true });
  await page.evaluate(() => window.netsplit.advance(400));
  const diagram = page.getByTestId('spacetime');
  await expect(diagram.locator('.st-msg').first()).toBeAttached();
  // The moment the leader was elected, chosen with the keyboard.
  const elected = diagram.getByRole('button', { name: /received RequestVoteReply/ }).last();
  await elected.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('causal-note')).toHaveText(
    /^\d+ earlier events? happened before the selected one/,
  );
  // Its past is lit; what came after it, like the heartbeats that followed, is dimmed.
  expect(await diagram.locator('.st-event.st-dim').count()).toBeGreaterThan(0);
  expect(await diagram.locator('.st-event:not(.st-dim)').count()).toBeGreaterThan(3);
  await page.getByRole('button', { name: 'Clear selection' }).click();
  await expect(diagram.locator('.st-dim')).toHaveCount(0);
});
