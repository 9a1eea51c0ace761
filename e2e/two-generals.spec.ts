/**
 * The two generals as a person meets them (issue 16): with an acknowledgement (two rounds), the
 * learner captures B's acknowledgement from its menu by keyboard; at dawn B attacks alone, the
 * card says what each general knows and that B cannot know its messenger got through, and the
 * checker "Both generals do the same at dawn" turns red. Then the sweep: more messengers make a
 * lone attack rarer, never impossible. One page load; fits a 390 px phone; axe finds nothing.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { advance } from './helpers';

test('capturing the last messenger leaves a general attacking alone; more messengers make it rarer, never impossible', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto('/#/lab/two-generals?seed=1&rounds=2');
  await page.waitForFunction(() => window.netsplit?.ready === true);
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await advance(page, 0);

  // B's acknowledgement sets out once the plan arrives (about 0.6 s): wait for it in flight.
  const ack = page.locator('.cluster-svg [data-testid^="msg-"][data-from="B"][data-to="A"]');
  await expect
    .poll(
      async () => {
        if ((await ack.count()) > 0) return true;
        await advance(page, 100);
        return false;
      },
      { timeout: 60_000 },
    )
    .toBe(true);
  await expect(ack.first()).toHaveAccessibleName(/round 2, ack of round 1/);
  await ack.first().focus();
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: 'Drop', exact: true }).click();
  await expect(page.getByTestId('event-log')).toContainText('drop');

  // Past dawn (6 s on each general's clock).
  await advance(page, 7_000);
  const card = page.getByTestId('generals');
  await expect(card).toHaveAttribute('data-outcome', 'alone');
  await expect(card.getByRole('status')).toHaveText('B attacked alone: the attack failed.');
  await expect(page.getByTestId('general-A')).toHaveAttribute('data-decision', 'hold');
  await expect(page.getByTestId('general-B')).toHaveAttribute('data-decision', 'attack');
  await expect(page.getByRole('list', { name: 'What B knows' })).toHaveText('B knows the plan');
  await expect(page.getByTestId('general-B')).toContainText(
    'B cannot tell whether its messenger with round 2 got through, so it cannot know what A will do.',
  );
  await expect(page.getByTestId('round-2')).toContainText(/B\s*1\s*0/);
  await expect(page.getByText('Both generals do the same at dawn').first()).toBeVisible();
  await expect(page.getByText('B attacks alone: A holds').first()).toBeAttached();

  // The sweep: 100 seeds for each of 1–6 messengers at 50 % captured.
  await page.getByText('Sweep: send more messengers').click();
  await page.getByRole('spinbutton', { name: 'Messengers captured (%)' }).fill('50');
  await page.getByRole('button', { name: 'Run 600 runs' }).click();
  const result = page.getByTestId('attack-sweep-result');
  await expect(result.getByRole('status')).toContainText(
    'At 50 % captured, one general attacked alone in',
    {
      timeout: 90_000,
    },
  );
  const rows = result.getByRole('row');
  await expect(rows).toHaveCount(7);
  // 1 messenger: a quarter of runs by the arithmetic; 6: under 2 %, and not zero by the arithmetic.
  await expect(rows.nth(1)).toContainText('25 %');
  await expect(rows.nth(6).getByRole('cell').nth(2)).toHaveText(/^1\.\d\d %$|^2 %$/);

  // Propose a protocol: four rounds, and the engine captures each message in turn.
  const search = page.getByTestId('capture-search');
  await search.getByText('Propose a protocol: try every capture').click();
  await search.getByRole('spinbutton', { name: 'Rounds' }).fill('4');
  await search.getByRole('button', { name: 'Try every capture' }).click();
  await expect(search.getByRole('status')).toHaveText(
    'Broken by capturing round 4 (ack of round 3): one general attacks alone.',
    { timeout: 60_000 },
  );
  await expect(search.locator('tr[data-broken="true"]')).toHaveCount(1);

  await page.setViewportSize({ width: 390, height: 844 });
  expect(
    await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    ),
  ).toBeLessThanOrEqual(0);
  const axe = await new AxeBuilder({ page }).include('[data-testid="generals"]').analyze();
  expect(axe.violations).toEqual([]);
});
