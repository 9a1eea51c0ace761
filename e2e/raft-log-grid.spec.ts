/**
 * Every Raft server's log side by side (region "Logs", `log-grid`) and the "Options in force"
 * card (`options-in-force`), as a learner uses them: write through the client console, see
 * the same committed entries on every row; crash a follower, write more, see its row stay
 * behind (greyed, its durable log) with the leader's nextIndex/matchIndex for it; open a lab
 * with pre-vote and a steady load and read both in the card; a long log shows its latest
 * indices with a note, and the grid scrolls inside itself on a phone; axe finds nothing in
 * the grid or the card, light or dark. Two page loads.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { advance, openLab } from './helpers';

interface ViewLog {
  log: Array<{ index: number; term: number; command: string }>;
  nextIndex: Record<string, number> | null;
  matchIndex: Record<string, number> | null;
}

/** The leader's id and its published log and indexes, read from the page's hook. */
async function leaderState(page: Page): Promise<{ id: string } & ViewLog> {
  return page.evaluate(() => {
    const n = window.netsplit.frame()?.nodes.find((x) => x.role === 'leader');
    if (!n) throw new Error('no leader');
    return { id: n.id, ...(n.view as unknown as ViewLog) };
  });
}

/** The grid's row for a server (found by its row header, e.g. "n2, follower, …"). */
const rowOf = (page: Page, server: string) =>
  page
    .getByTestId('log-grid')
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader', { name: new RegExp(`^${server},`) }) });

async function write(page: Page, server: string, value: string): Promise<void> {
  const console_ = page.getByRole('region', { name: 'Client c1' });
  await console_.getByLabel('Server').selectOption(server);
  await console_.getByLabel('Key').fill('x');
  await console_.getByLabel('Value').fill(value);
  await console_.getByRole('button', { name: 'SET', exact: true }).click();
}

test('the Logs grid: the same committed entries on every row; a crashed follower behind, with next and match', async ({
  page,
}) => {
  // A ceiling for a busy machine, not the expected time: three writes, two crashes, two axe runs.
  test.setTimeout(180_000);
  await openLab(page, '#/lab/raft?seed=1&nodes=3', { paused: true });
  await advance(page, 2000);
  const grid = page.getByRole('region', { name: 'Logs' });
  await expect(grid).toHaveAttribute('data-testid', 'log-grid');
  const leader = (await leaderState(page)).id;
  const followers = ['n1', 'n2', 'n3'].filter((n) => n !== leader);

  await write(page, leader, '1');
  await advance(page, 1000);
  const first = await leaderState(page);
  expect(first.log.at(-1)?.command).toContain('x');
  // Three rows (and the index header), each with every entry committed, term for term.
  await expect(grid.getByRole('rowheader')).toHaveCount(3);
  for (const server of ['n1', 'n2', 'n3']) {
    const row = rowOf(page, server);
    for (const e of first.log)
      await expect(
        row.getByRole('cell', { name: new RegExp(`^index ${e.index}, term ${e.term}, committed`) }),
      ).toBeVisible();
  }
  // Solid for committed: the cell's edge is drawn solid, and the commit index is marked.
  const lastWrite = first.log.at(-1)?.index ?? 0;
  const committedCell = rowOf(page, leader).getByRole('cell', {
    name: new RegExp(`^index ${lastWrite}, .*, committed, commit index`),
  });
  await expect(committedCell).toHaveCSS('border-top-style', 'solid');
  // The options card says what differs from the defaults: only the node count here.
  const card = page.getByTestId('options-in-force');
  await expect(card.getByRole('heading', { name: 'Options in force' })).toBeVisible();
  await expect(card.getByRole('list', { name: 'Changed from the defaults' })).toHaveText(
    'Nodes: 3',
  );

  // Crash a follower, write more: its row stays behind, greyed, its log as on its disk.
  const down = followers[0] ?? '';
  const up = followers[1] ?? '';
  await page.getByTestId(`node-${down}`).click();
  await page.getByRole('button', { name: 'Crash', exact: true }).click();
  await expect(page.getByTestId(`node-${down}`)).toHaveAttribute('data-status', 'crashed');
  await write(page, leader, '2');
  await advance(page, 1000);
  const second = await leaderState(page);
  const newest = second.log.at(-1) ?? { index: 0, term: 0 };
  expect(newest.index).toBeGreaterThan(lastWrite);
  await expect(
    rowOf(page, up).getByRole('cell', {
      name: new RegExp(`^index ${newest.index}, term ${newest.term}, committed`),
    }),
  ).toBeVisible();
  const downRow = rowOf(page, down);
  await expect(
    downRow.getByRole('cell', { name: `index ${newest.index}, empty`, exact: false }),
  ).toBeVisible();
  await expect(
    downRow.getByRole('cell', {
      name: new RegExp(`^index ${lastWrite}, term \\d+, on disk \\(server down\\)`),
    }),
  ).toBeVisible();
  // The leader's nextIndex/matchIndex for it, in words on its row and as marks in its cells.
  const next = second.nextIndex?.[down] ?? -1;
  const match = second.matchIndex?.[down] ?? -1;
  expect(match).toBe(lastWrite);
  await expect(downRow.getByRole('rowheader')).toHaveText(
    new RegExp(`down.*next ${next}, match ${match}`),
  );
  await expect(
    downRow.getByRole('cell', { name: new RegExp(`^index ${next}, .*leader's nextIndex`) }),
  ).toContainText('next');
  await expect(
    downRow.getByRole('cell', { name: new RegExp(`^index ${match}, .*leader's matchIndex`) }),
  ).toContainText('match');
  await expect(rowOf(page, leader).getByText('next', { exact: true })).toHaveCount(0);

  // With both followers down, a write is appended on the leader and not committed: dashed.
  await page.getByTestId(`node-${up}`).click();
  await page.getByRole('button', { name: 'Crash', exact: true }).click();
  await expect(page.getByTestId(`node-${up}`)).toHaveAttribute('data-status', 'crashed');
  await write(page, leader, '3');
  await advance(page, 1000);
  const third = await leaderState(page);
  const tentative = rowOf(page, leader).getByRole('cell', {
    name: `index ${third.log.at(-1)?.index ?? 0}, term ${third.log.at(-1)?.term ?? 0}, not committed`,
  });
  await expect(tentative).toBeVisible();
  await expect(tentative).toHaveCSS('border-top-style', 'dashed');

  // Every kind of cell and mark is on screen now: axe finds nothing, in light or dark.
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    const result = await new AxeBuilder({ page })
      .include('[data-testid="log-grid"]')
      .include('[data-testid="options-in-force"]')
      .withTags(['wcag2a', 'wcag2aa'])
      .analyze();
    expect(
      result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
      colorScheme,
    ).toEqual([]);
  }
});

test('options in force from the link, a long log narrowed to its latest indices, and a phone without sideways scrolling', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await openLab(page, '#/lab/raft?seed=1&nodes=3&preVote=1&load=20', { paused: true });
  const card = page.getByTestId('options-in-force');
  const changed = card.getByRole('list', { name: 'Changed from the defaults' });
  await expect(changed.getByRole('listitem')).toHaveText([
    'Nodes: 3',
    'Pre-vote: on',
    'Client writes every (0 = only on request): 20 ms',
  ]);
  // Every setting on request, the defaults said as such.
  await card.getByText('All settings').click();
  await expect(card.getByText('Election timeout: 150–300 ms (default)')).toBeVisible();

  await advance(page, 3000);
  const grid = page.getByTestId('log-grid');
  await expect(grid.getByTestId('log-grid-narrowed')).toContainText(
    'Showing the latest 20 indices',
  );
  // A header for the servers plus twenty indices.
  await expect(grid.getByRole('columnheader')).toHaveCount(21);

  await page.setViewportSize({ width: 390, height: 844 });
  await grid.scrollIntoViewIfNeeded();
  await expect(grid).toBeVisible();
  await expect
    .poll(() =>
      page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      ),
    )
    .toBeLessThanOrEqual(0);
  // The grid scrolls inside its own box, which a keyboard can reach.
  const box = grid.getByRole('group', { name: 'Logs by index' });
  expect(await box.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
  await box.focus();
  await page.keyboard.press('ArrowRight');
  await expect.poll(() => box.evaluate((el) => el.scrollLeft)).toBeGreaterThan(0);
});
