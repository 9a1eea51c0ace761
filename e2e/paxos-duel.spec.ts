/**
 * Duelling proposers, as a person meets them in the Paxos lab: held messages delivered by
 * hand make two proposers pre-empt each other while the ballot counter climbs and nothing is
 * chosen; the preset does it on its own, from Scenario settings or a link; a broken variant
 * turns Agreement red; and the sweep measures the duel over 100 seeds.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { advance, openLab } from './helpers';
import { nodeAction } from './lesson-helpers';

/** Deliver the held `kind` message from `from` to `to`, from the Held messages list. */
async function deliver(page: Page, from: string, to: string, kind: string) {
  const dot = page
    .locator(`[data-testid^="msg-"][data-from="${from}"][data-to="${to}"][data-kind="${kind}"]`)
    .first();
  await expect(dot).toHaveAttribute('aria-label', /, waiting(,|$)/);
  const id = ((await dot.getAttribute('data-testid')) ?? '').replace(/^msg-/, '');
  const held = page.getByRole('region', { name: 'Held messages' });
  await held.getByRole('button', { name: `Deliver message ${id}`, exact: true }).click();
  await expect(page.getByTestId(`msg-${id}`)).toHaveCount(0);
  // Long enough for the replies to arrive and wait (20 ms links, up to 10 ms jitter).
  await advance(page, 35);
}

/** One round of the duel on three servers: `p` wins phase 1 at n3, and `rival`'s accept is refused. */
async function preempt(page: Page, p: string, rival: string) {
  await deliver(page, p, 'n3', 'Prepare');
  await deliver(page, 'n3', p, 'Promise'); // p has a quorum (itself and n3): it sends Accept
  await deliver(page, rival, 'n3', 'Accept'); // n3 promised p's higher ballot: a NACK
  await deliver(page, 'n3', rival, 'Nack');
  await advance(page, 60); // the rival's fixed 40 ms wait, then its next, higher ballot
}

test('holding messages and delivering them by hand makes two proposers duel', async ({ page }) => {
  test.setTimeout(180_000);
  await openLab(page, '#/lab/paxos?seed=1&nodes=3&proposers=2&start=manual&backoff=fixed', {
    paused: true,
  });
  const counter = page.getByTestId('ballots-started');
  await expect(counter).toHaveText('Ballots started, nothing chosen: 0');
  await page.getByRole('button', { name: 'Hold messages' }).click();

  // n1 wins phase 1 at n3 and sends Accept; before it arrives, n2 wins phase 1 at n3 too.
  await nodeAction(page, 'n1', 'Propose');
  await advance(page, 35);
  await deliver(page, 'n1', 'n3', 'Prepare');
  await deliver(page, 'n3', 'n1', 'Promise');
  await nodeAction(page, 'n2', 'Propose');
  await advance(page, 35);
  await expect(counter).toHaveText('Ballots started, nothing chosen: 2');
  await deliver(page, 'n2', 'n3', 'Prepare');
  await deliver(page, 'n3', 'n2', 'Promise');
  // n1's accept is refused; it retries higher, wins phase 1, and refuses n2's accept; and so on.
  await deliver(page, 'n1', 'n3', 'Accept');
  await deliver(page, 'n3', 'n1', 'Nack');
  await advance(page, 60);
  await expect(counter).toHaveText('Ballots started, nothing chosen: 3');
  await preempt(page, 'n1', 'n2');
  await preempt(page, 'n2', 'n1');

  const log = page.getByTestId('event-log');
  await expect(log).toContainText('n1 gives up ballot 1.n1: n3 promised 1.n2');
  await expect(log).toContainText('n2 gives up ballot 1.n2: n3 promised 2.n1');
  await expect(log).toContainText('n1 gives up ballot 2.n1: n3 promised 3.n2');
  await expect(counter).toHaveText('Ballots started, nothing chosen: 5');
  // Nothing is chosen: no server learned a value, and every check holds.
  const table = page.getByTestId('acceptor-table');
  for (const n of ['n1', 'n2', 'n3'])
    await expect(table.getByTestId(`acceptor-${n}`).getByRole('cell').nth(2)).toHaveText('—');
  await expect(page.getByTestId('checks')).not.toContainText(/violated/i);
});

test('the duel preset, from Scenario settings, livelocks; its sweep measures the way out', async ({
  page,
}) => {
  test.setTimeout(240_000);
  await openLab(page, '#/lab/paxos?seed=1', { paused: true });
  await page.getByText('Scenario settings', { exact: true }).click();
  await page.getByLabel('Preset').selectOption({ label: 'Duelling proposers (livelock)' });
  await page.getByRole('button', { name: 'Apply and restart' }).click();
  await expect(page).toHaveURL(/#\/lab\/paxos\?.*preset=duel/);
  await page.waitForFunction(() => window.netsplit?.ready === true);
  await advance(page, 2000);
  const counter = page.getByTestId('ballots-started');
  await expect(counter).toHaveText(/^Ballots started, nothing chosen: \d+$/);
  const started = Number(/(\d+)$/.exec(await counter.innerText())?.[1]);
  expect(started).toBeGreaterThanOrEqual(10);
  await advance(page, 1000);
  await expect(counter).not.toHaveText(`Ballots started, nothing chosen: ${started}`);
  await expect(counter).toContainText('nothing chosen');

  // The sweep: 100 seeds each way, with the jitter that lets some fixed-retry duels end.
  const sweep = page.getByTestId('duel-sweep');
  await sweep.getByText('Sweep: duelling proposers, time to decide over 100 seeds').click();
  await sweep.getByLabel('Link jitter (ms)').fill('-1');
  await sweep.getByRole('button', { name: 'Run 100 seeds' }).click();
  await expect(sweep).toContainText('Choose a link jitter from 0 to 20 ms.');
  await sweep.getByLabel('Link jitter (ms)').fill('3');
  await sweep.getByRole('button', { name: 'Run 100 seeds' }).click();
  const figures = sweep.getByRole('table');
  await expect(figures).toBeVisible({ timeout: 180_000 });
  await expect(figures.getByRole('columnheader')).toHaveText([
    'After a refused ballot',
    'Median',
    '95th percentile',
    'Undecided after 10 s',
    'Ballots per run',
  ]);
  const fixed = figures.getByRole('row', { name: /equal fixed retry/ }).getByRole('cell');
  const random = figures.getByRole('row', { name: /randomized backoff/ }).getByRole('cell');
  await expect(random.nth(0)).toHaveText(/^\d+ ms$/);
  await expect(random.nth(1)).toHaveText(/^\d+ ms$/);
  await expect(random.nth(2)).toHaveText('0');
  await expect(fixed.nth(1)).toHaveText('over 10 s');
  expect(Number(await fixed.nth(2).innerText())).toBeGreaterThan(0);
  await expect(sweep.getByRole('status')).toContainText('100 seeds, 3 ms jitter');
  // The figures are accessible (axe) and fit a phone without scrolling the page sideways.
  const axe = await new AxeBuilder({ page })
    .include('[data-testid="duel-sweep"]')
    .include('[data-testid="ballots-started"]')
    .withTags(['wcag2a', 'wcag2aa'])
    .analyze();
  expect(axe.violations.map((v) => v.id)).toEqual([]);
  await page.setViewportSize({ width: 390, height: 800 });
  await expect(figures).toBeVisible();
  expect(
    await page.evaluate(
      () => document.documentElement.scrollWidth <= document.documentElement.clientWidth,
    ),
  ).toBe(true);
});

test('a broken variant turns Agreement red', async ({ page }) => {
  test.setTimeout(120_000);
  // The catching seed of paxos.test.ts: accepting below the promise, two values are chosen.
  await openLab(
    page,
    '#/lab/paxos?seed=4&nodes=5&proposers=2&start=together&broken=accept-below-promise',
    { paused: true },
  );
  await advance(page, 1000);
  const agreement = page
    .getByTestId('checks')
    .getByRole('listitem')
    .filter({ hasText: 'Agreement' });
  await expect(agreement.first()).toHaveAttribute('data-holds', 'false');
  await expect(agreement.first()).toContainText('violated');
  await expect(agreement.first()).toContainText('two values chosen');
});
