/**
 * Automated accessibility checks (axe, WCAG 2 A and AA) on the pages a learner meets: the
 * start page, a lab, a lesson and its sandbox, the store's lab, the Paxos lab with its
 * acceptor table, and a lab with held messages listed and a message's menu open. What axe
 * cannot judge (is the narration useful? can a keyboard reach everything?) the other specs
 * check by doing it.
 *
 * One page per test, moving between routes by hash as a person following links does: each
 * route is checked once it has opened and runs, without loading the app again for each.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { lessonCatalogue, scenarioCatalogue } from './app-modules';

/** axe's WCAG A/AA violations on the page as it is now, one line each (none: []). */
async function violations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  return result.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
}

/** Go to a lab or lesson route and wait until it (not the page before it) has opened and runs. */
async function openRoute(page: Page, hash: string, title: string): Promise<void> {
  await page.goto(`/${hash}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
  await page.waitForFunction(() => window.netsplit?.ready === true);
  await expect(page.getByTestId('cluster').locator('[data-testid^="node-"]').first()).toBeVisible();
}

/** Holds the run's messages and lets 400 ms of virtual time pass: the list fills. */
async function holdMessages(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await page.getByRole('button', { name: 'Hold messages' }).click();
  await page.evaluate(() => window.netsplit.advance(400));
  const held = page.getByRole('region', { name: 'Held messages' });
  await expect(held.getByRole('row')).not.toHaveCount(1);
}

test('the start page and the labs (Raft, eventual consistency, Paxos with its acceptor table, held messages with a menu open) have no WCAG A/AA violations axe can find', async ({
  page,
}) => {
  // axe walks pages that hold dozens of rows and dots: slow on a busy machine.
  test.setTimeout(240_000);
  const { scenarios } = await scenarioCatalogue();
  const titleOf = (id: string) => scenarios[id]?.title ?? id;

  await page.goto('/#/');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Netsplit');
  expect(await violations(page), 'the start page').toEqual([]);

  const labs = [
    ['the Raft lab', 'raft', '#/lab/raft?seed=1'],
    ['the eventual-consistency lab', 'kv-eventual', '#/lab/kv-eventual?seed=1'],
    ['the Paxos lab with its acceptor table', 'paxos', '#/lab/paxos?seed=1'],
  ] as const;
  for (const [name, id, hash] of labs) {
    await openRoute(page, hash, titleOf(id));
    expect(await violations(page), name).toEqual([]);
  }

  // Held messages listed, and a held message's menu open as well: its actions and the Delay
  // amount (disabled, and why).
  await openRoute(page, '#/lab/ping?seed=3&nodes=4', titleOf('ping'));
  await holdMessages(page);
  await page.locator('[data-testid^="msg-"][aria-label$=", waiting"]').first().click();
  await expect(page.getByRole('spinbutton', { name: 'Delay by (ms)' })).toBeVisible();
  expect(await violations(page), 'held messages with a message’s menu open').toEqual([]);
});

test('a lesson, then its sandbox with held messages listed, have no violations axe can find', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const { LESSONS } = await lessonCatalogue();
  const lesson = LESSONS.find((l) => l.id === 'raft-partitions');
  await openRoute(page, '#/lessons/raft-partitions', lesson?.title ?? 'raft-partitions');
  expect(await violations(page), 'a lesson').toEqual([]);

  await page.getByRole('button', { name: 'Skip to the sandbox' }).click();
  await expect(page.getByTestId('lesson-sandbox')).toBeVisible();
  // Raft's heartbeats fill the list without the learner sending anything.
  await holdMessages(page);
  expect(await violations(page), 'the sandbox with held messages').toEqual([]);
});
