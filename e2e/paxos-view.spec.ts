/**
 * Seeing Paxos as a person does: with two proposers, every message wears its ballot owner's
 * colour (named in words in its accessible name, and in the "Ballot colours" key), and once
 * a value is chosen the lab says when — before anyone learned it — and which acceptors
 * promised in phase 1, accepted in phase 2, and sit in both quorums.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { advance, openLab } from './helpers';

test('two proposers: ballots coloured by owner, then the chosen moment and its quorums', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await openLab(page, '#/lab/paxos?seed=2&nodes=5&proposers=2&start=manual', { paused: true });
  const card = page.getByTestId('paxos-chosen');
  await expect(card).toHaveAttribute('data-chosen', 'false');
  await expect(card).toContainText('Nothing chosen yet');

  const propose = async (node: string) => {
    await page.getByTestId(`node-${node}`).click();
    await page.getByRole('button', { name: 'Propose', exact: true }).click();
  };

  // n1 proposes: its Prepare messages are named with its ballot.
  await propose('n1');
  await advance(page, 5);
  const n1Prepare = page.getByRole('button', { name: /^Prepare from n1 to n\d, ballot 1\.n1/ });
  await expect(n1Prepare.first()).toBeVisible();
  const key = page.getByTestId('message-key');
  await expect(key).toContainText('Ballot colours');
  await expect(key.getByRole('listitem')).toHaveText(['n1']);

  // n2 proposes; promises travel from acceptors to n2 in n2's colour, not theirs.
  await propose('n2');
  await advance(page, 5);
  await expect(key.getByRole('listitem')).toHaveText(['n1', 'n2']);
  const forN2 = page.locator('[data-testid^="msg-"][data-owner="n2"]');
  await expect(forN2.first()).toBeVisible();
  const n2Reply = page.locator(
    '[data-testid^="msg-"][data-owner="n2"][data-to="n2"]:not([data-from="n2"])',
  );
  await expect
    .poll(
      async () => {
        if ((await n2Reply.count()) > 0) return true;
        await advance(page, 5);
        return false;
      },
      { timeout: 60_000 },
    )
    .toBe(true);
  await expect(n2Reply.first()).toHaveAccessibleName(/ from n\d to n2.*, ballot \d+\.n2 \(n2’s\)/);
  await expect(n2Reply.first()).toHaveClass(/owner-1/);

  // Play until a value is chosen: the card says when, in which ballot, and who learned it.
  await advance(page, 1500);
  await expect(card).toHaveAttribute('data-chosen', 'true');
  const line = await card.locator('strong').innerText();
  const m =
    /^Chosen: ([AB]) in ballot (\d+\.n[12]) at ([\d,]+) ms — learned by (n\d) at ([\d,]+) ms$/.exec(
      line,
    );
  expect(m, line).not.toBeNull();
  const [, value, ballot, chosenAt, , learnedAt] = m ?? [];
  expect(Number(chosenAt?.replace(',', ''))).toBeLessThanOrEqual(
    Number(learnedAt?.replace(',', '')),
  );
  await expect(card).toContainText(`Phase 1 (promised ${ballot ?? ''})`);
  await expect(card).toContainText(`Phase 2 (accepted ${value ?? ''} in ${ballot ?? ''})`);

  // The timeline marks the moment it became chosen, in words.
  await expect(
    page.getByRole('button', { name: new RegExp(`^Go to .*value chosen: ${value ?? ''} chosen`) }),
  ).toBeVisible();
  await expect(page.getByTestId('timeline-legend')).toContainText('value chosen');

  // The acceptor table marks both quorums; the acceptors in both are named in the card.
  const table = page.getByTestId('acceptor-table');
  await expect(table.getByTestId('quorum-phase1')).toHaveCount(3);
  await expect(table.getByTestId('quorum-phase2')).toHaveCount(3);
  const shared = table.getByTestId('quorum-shared');
  expect(await shared.count()).toBeGreaterThanOrEqual(1);
  const sharedRow = table.locator('tr', { has: page.getByTestId('quorum-shared') }).first();
  const sharedNode = (await sharedRow.getAttribute('data-testid'))?.replace('acceptor-', '') ?? '';
  await expect(sharedRow).toContainText('promised in phase 1');
  await expect(sharedRow).toContainText('accepted in phase 2');
  await expect(sharedRow).toContainText('in both');
  await expect(card).toContainText(new RegExp(`In both: [^.]*\\b${sharedNode}\\b`));

  // On the stage the shared acceptor wears a double ring and says why in its description.
  const node = page.getByTestId(`node-${sharedNode}`);
  await expect(node).toHaveAttribute('data-note-ring', 'double');
  await expect(node).toHaveAccessibleDescription(/in both quorums of the chosen value/);

  // All of it (key, card, marks, rings) with nothing axe can find wrong.
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  expect(
    result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
  ).toEqual([]);
});
