/**
 * The sharding lab as a learner uses it: the monotonic workload piles onto the last range
 * shard (the shard map's bars and the heat map say so); clicking the hot band on the heat map
 * splits that range and the data moves, with keys moved and time taken shown; switching
 * Partitioning to hash on the same workload spreads the load and the map becomes buckets; under
 * directory partitioning a client's stale cache is answered "moved", and a crashed directory is
 * a single point of failure. The panels fit a 390 px phone and axe finds nothing. Two page loads.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { advance } from './helpers';

/** Open the sharding lab paused (its first node is the server s1). */
async function openSharding(page: Page, query: string): Promise<void> {
  await page.goto(`/#/lab/sharding?${query}`);
  await page.waitForFunction(() => window.netsplit?.ready === true);
  await expect(page.getByTestId('node-s1')).toBeVisible();
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await advance(page, 0);
}

/** Requests per second the shard map shows for each server, by id. */
async function loads(page: Page): Promise<Record<string, number>> {
  const rows = page.locator('[data-testid^="shard-row-"]');
  const out: Record<string, number> = {};
  for (const row of await rows.all()) {
    const id = (await row.getAttribute('data-testid'))?.replace('shard-row-', '') ?? '';
    out[id] = Number(await row.getAttribute('data-requests'));
  }
  return out;
}

test('monotonic keys hot-spot the last range; a click on the hot band splits it and the data moves; hash spreads the same workload', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await openSharding(page, 'seed=1&workload=monotonic&spares=2');
  await advance(page, 3000);
  const map = page.getByTestId('shard-map');
  await expect(map).toHaveAttribute('data-partitioning', 'range');
  await expect(map).toContainText('Range partitioning');
  await expect(page.getByTestId('shard-strip')).toHaveAccessibleName(
    /^Key space: keys 0–\d+ on s1; .* on s3$/,
  );

  // The last range shard answers nearly everything; the figure calls it a hot spot.
  const before = await loads(page);
  expect(before.s3).toBeGreaterThan(3 * Math.max(before.s1 ?? 0, before.s2 ?? 0));
  await expect(page.getByTestId('shard-figure-max-mean')).toContainText(
    /\(requests per shard, last 3 s\) — a hot spot/,
  );
  const heat = page.getByTestId('shard-heat');
  // The hottest band is in the last range: a sentence says so, and its band button too.
  await expect(page.getByTestId('heat-hottest')).toContainText(/Hottest band: .* a hot spot/);
  // Click it: its range splits there and the upper part moves to the spare s4.
  const hotBand = heat.locator('.heat-band.is-hottest');
  await expect(hotBand).toHaveAccessibleName(
    /Enter splits keys \d+–999 on s3 at key \d+, the upper part to s4$/,
  );
  await hotBand.click();
  await advance(page, 3000);
  const moves = page.getByTestId('shard-moves');
  await expect(moves.locator('li[data-phase="done"]')).toHaveCount(1);
  await expect(moves).toContainText(/s3 → s4: done · \d+ keys?, [\d.]+ k?B moved · took [\d,]+ ms/);
  await expect(page.getByTestId('shard-figure-keys-moved')).toContainText(
    /Keys moved: \d+% of all stored keys/,
  );
  await expect(page.getByTestId('shard-strip')).toHaveAccessibleName(/on s4$/);
  expect((await loads(page)).s4).toBeGreaterThan(0);

  // The keyboard does the same: the bands are one tab stop (the hottest band); Enter on it
  // splits the range holding it in turn (the timestamps have gone round to the range's start
  // by now), to the next spare; arrows and Home move among the bands.
  const tabStop = heat.locator('.heat-band[tabindex="0"]');
  await expect(tabStop).toHaveAccessibleName(/on s[34] at key \d+, the upper part to s5$/);
  const splitter = /on (s[34]) at key/.exec((await tabStop.getAttribute('aria-label')) ?? '')?.[1];
  await tabStop.focus();
  await page.keyboard.press('Enter');
  await advance(page, 3000);
  await expect(moves.locator('li[data-phase="done"]')).toHaveCount(2);
  await expect(moves).toContainText(`${splitter ?? ''} → s5: done`);
  await page.keyboard.press('Home');
  await expect(heat.getByTestId('heat-band-0')).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(heat.getByTestId('heat-band-1')).toBeFocused();

  // A phone: the panels fit without sideways scrolling; and axe finds nothing on the page.
  await page.setViewportSize({ width: 390, height: 800 });
  await expect
    .poll(() =>
      page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      ),
    )
    .toBe(0);
  await page.setViewportSize({ width: 1280, height: 720 });
  const axe = await new AxeBuilder({ page })
    .include('[data-testid="shard-map"]')
    .include('[data-testid="shard-heat"]')
    .withTags(['wcag2a', 'wcag2aa'])
    .analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`)).toEqual(
    [],
  );

  // Same workload, hash partitioning: the map becomes buckets and the load spreads.
  await page.getByText('Scenario settings', { exact: true }).click();
  await page.getByLabel('Partitioning').selectOption('hash');
  await page.getByRole('button', { name: 'Apply and restart' }).click();
  await expect(page).toHaveURL(/partitioning=hash/);
  await page.waitForFunction(() => window.netsplit?.ready === true);
  // The restarted run stays paused, as it was.
  await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeVisible();
  await advance(page, 3000);
  await expect(map).toHaveAttribute('data-partitioning', 'hash');
  await expect(map).toHaveAttribute('data-workload', 'monotonic');
  await expect(page.getByTestId('shard-strip')).toHaveAccessibleName(
    /^Hash buckets: bucket 0 of 3/,
  );
  const hashed = await loads(page);
  expect(Math.max(...Object.values(hashed))).toBeLessThan(
    2 * Math.min(hashed.s1 ?? 0, hashed.s2 ?? 0, hashed.s3 ?? 0),
  );
  await expect(page.getByTestId('heat-hottest')).toContainText('Hottest band');
  await expect(heat.getByTestId('heat-band-0')).toHaveAttribute('aria-disabled', 'true');
  // Nor can the rebalancing buttons split one: the button is off, and says why.
  const split = map.getByRole('button', { name: 'Split hottest range' });
  await expect(split).toBeDisabled();
  await expect(split).toHaveAccessibleDescription(/Split: hash partitioning scatters a band/);
});

test('directory: a stale cached route is answered “moved”; a crashed directory is a single point of failure', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await openSharding(page, 'seed=1&partitioning=directory');
  await advance(page, 2000);
  const dir = page.getByTestId('shard-directory');
  await expect(dir).toHaveAttribute('data-up', 'true');
  await expect(dir).toContainText('clients ask it where a key lives and cache the answer');

  // A spare joins: ranges move, and clients still holding the old routes are told "moved".
  await page.getByRole('button', { name: /^Add shard server \(s4\)$/ }).click();
  await advance(page, 3000);
  await expect.poll(async () => Number(await dir.getAttribute('data-moved'))).toBeGreaterThan(0);
  await expect(dir).toContainText(/[1-9]\d* requests? answered “moved”/);

  // Remove s1 by choice: its ranges move to the others (copy, catch up, cut over).
  await page.getByLabel('Server to remove').selectOption('s1');
  await page.getByRole('button', { name: 'Remove server' }).click();
  await advance(page, 3000);
  await expect(page.getByTestId('shard-moves')).toContainText(/s1 → s\d: done/);
  await expect(page.getByTestId('shard-row-s1')).toContainText('nothing (a spare)');

  // The servers' own console is named for a server and offers its fellow servers, not clients.
  const serverConsole = page.getByRole('region', { name: 'Server s1' });
  const moveTo = serverConsole.getByLabel('Move to server');
  await expect(moveTo.locator('option', { hasText: 's2' })).toHaveCount(1);
  await expect(moveTo.locator('option', { hasText: /^c\d/ })).toHaveCount(0);

  // The directory's table: the heaviest entry is marked; its "Move to" menu moves it, and so
  // does dragging another entry onto a server chip. Both record the same move-slice action.
  const table = page.getByTestId('directory-table');
  const heavy = table.locator('tr[data-heaviest="true"]');
  await expect(heavy).toHaveCount(1);
  const keys = (await heavy.getByRole('rowheader').textContent())?.replace(' (heaviest)', '') ?? '';
  const target = (await heavy.getAttribute('data-node')) === 's2' ? 's3' : 's2';
  // Choosing alone moves nothing (an arrow key in the menu used to move it at once). The row
  // is held by its first key: which row is the heaviest may change as time passes.
  const row = table.getByTestId((await heavy.getAttribute('data-testid')) ?? '');
  const owner0 = (await row.getAttribute('data-node')) ?? '';
  const menu = row.getByRole('combobox', { name: `Move ${keys} to` });
  await menu.focus();
  await page.keyboard.press('ArrowDown');
  await expect(row.getByRole('button', { name: /^Move .* to s\d$/ })).toBeEnabled();
  await advance(page, 1500);
  await expect(row).toHaveAttribute('data-node', owner0);
  await menu.selectOption(target);
  await row.getByRole('button', { name: `Move ${keys} to ${target}` }).press('Enter');
  await advance(page, 1500);
  await expect(page.getByTestId('shard-moves')).toContainText(`${keys} s`);
  await expect(page.getByTestId('shard-moves')).toContainText(`→ ${target}: done`);
  const first = table.getByTestId('directory-entry-0');
  const owner = await first.getAttribute('data-node');
  const other = owner === 's4' ? 's2' : 's4';
  await first.getByRole('rowheader').dragTo(table.getByTestId(`drop-${other}`));
  await advance(page, 1500);
  await expect(first).toHaveAttribute('data-node', other);
  await expect(page.getByTestId('shard-moves')).toContainText(
    `keys 0–62 ${owner ?? ''} → ${other}: done`,
  );
  const recorded = await page.evaluate(() => JSON.stringify(window.netsplit.actions()));
  expect(recorded.match(/"move-slice"/g)).toHaveLength(2);
  const axe = await new AxeBuilder({ page })
    .include('[data-testid="directory-table"]')
    .withTags(['wcag2a', 'wcag2aa'])
    .analyze();
  expect(axe.violations.map((v) => v.id)).toEqual([]);

  // Crash the directory: the map says what that costs. Cached routes expire after the route
  // TTL (2 s), so the clients soon cannot route at all, and the figures count it.
  await page.getByTestId('node-dir').click();
  await page.getByRole('button', { name: 'Crash', exact: true }).click();
  await advance(page, 500);
  await expect(dir).toHaveAttribute('data-up', 'false');
  await expect(dir).toContainText('single point of failure');
  await advance(page, 3000);
  await expect
    .poll(async () => Number(await dir.getAttribute('data-routing-failures')))
    .toBeGreaterThan(0);
  await expect(page.getByTestId('shard-figure-routing-failures')).toContainText(
    /Routing failures: [1-9][\d,]* client operations? found no route to a shard/,
  );
});
