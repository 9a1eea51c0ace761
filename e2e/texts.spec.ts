/**
 * Say it in words, and tell the truth (issue 12, items 9–12): the speed a busy machine really
 * manages, settings that cannot work refused beside their field, edited share links explained
 * (and replayed as far as they can be), and the small texts: tab titles, "Copied", the
 * timeline's markers and legend, the space-time diagram's time axis, Step back, the seed's
 * real limit.
 */
import { expect, test, type Page } from '@playwright/test';
import { advance, openLab } from './helpers';

const virtualMs = (page: Page) => page.evaluate(() => window.netsplit.now());

/** Leave the lab for the start page, so the next lab's readiness is its own. */
async function leaveForHome(page: Page) {
  await page.goto('/#/');
  await expect(page.getByRole('heading', { name: 'Netsplit', level: 1 })).toBeVisible();
}

/** A shared run as the link carries it: base64url of { v: 1, actions }. */
const encodeRun = (actions: unknown[]) =>
  Buffer.from(JSON.stringify({ v: 1, actions })).toString('base64url');

test('the tab title names the page; Step back goes to the previous event; the seed says its limit', async ({
  page,
}) => {
  await page.goto('/#/');
  await expect(page).toHaveTitle('Netsplit — a distributed-systems lab');
  await page.goto('/#/lessons/raft-election');
  await expect(page).toHaveTitle('Raft I: terms, votes and leader election — Netsplit');

  await openLab(page, '#/lab/raft?seed=1', { paused: true });
  await expect(page).toHaveTitle('Raft — Netsplit lab');

  // Step back goes to the previous event, the one Step had reached before.
  const step = page.getByRole('button', { name: 'Step', exact: true });
  const seen: number[] = [];
  while (seen.length < 3) {
    await step.click();
    await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeEnabled();
    await page.evaluate(() => window.netsplit.advance(0));
    const t = await virtualMs(page);
    if (t !== seen.at(-1)) seen.push(t);
  }
  const [, previous, last] = seen as [number, number, number];
  expect(await virtualMs(page)).toBe(last);
  await page.getByRole('button', { name: 'Step back', exact: true }).click();
  await expect.poll(() => virtualMs(page)).toBe(previous);

  // A seed past the limit: the message says the real limit.
  const seed = page.getByRole('textbox', { name: 'Seed' });
  await seed.fill('99999999999');
  await seed.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: 'seed must be' })).toContainText(
    'The seed must be a whole number from −9,999,999,999 to 9,999,999,999; "99999999999" is too large.',
  );
  await expect(seed).toHaveValue('1');
});

test('markers say what they mark, with a legend; the diagram has a time axis; Share says Copied', async ({
  page,
  context,
}) => {
  await openLab(page, '#/lab/raft?seed=1', { paused: true });
  // A crash puts a marker on the timeline that says what it is (tooltip and name), and the
  // legend under the track names its colour.
  await advance(page, 600);
  await page.getByTestId('node-n2').click();
  await page.getByRole('button', { name: 'Crash', exact: true }).click();
  await advance(page, 200);
  const marker = page.getByRole('button', { name: /^Go to .*, fault: n2 crashed$/ });
  await expect(marker).toHaveCount(1);
  await expect(marker).toHaveAttribute('title', /^[\d,]+ ms, fault: n2 crashed$/);
  // The event list: each row's time and words on one line (a "log" entry's too).
  const rows = await page
    .getByTestId('event-log')
    .getByRole('listitem')
    .evaluateAll((items) =>
      items.map((li) => {
        const time = li.querySelector('.event-time')?.getBoundingClientRect();
        return {
          text: li.textContent ?? '',
          apart: time ? Math.round(Math.abs(time.top - li.getBoundingClientRect().top)) : -1,
        };
      }),
    );
  expect(rows.some((r) => /became leader/.test(r.text))).toBe(true);
  expect(rows.filter((r) => r.apart < 0 || r.apart > 6)).toEqual([]);
  const legend = page.getByRole('list', { name: 'Timeline marker key' });
  await expect(legend.getByRole('listitem').filter({ hasText: 'fault' })).toBeVisible();
  await expect(legend.getByRole('listitem').filter({ hasText: 'new leader' })).toBeVisible();

  // The space-time diagram has a time axis in virtual ms, with round ticks inside the window.
  const axis = page.getByTestId('spacetime-axis');
  await expect(axis).toBeVisible();
  await expect(axis).toContainText('virtual time (ms)');
  const label = (await axis.getAttribute('aria-label')) ?? '';
  expect(label).toMatch(/^Time axis: virtual time from [\d,]+ to [\d,]+ ms$/);
  expect(await axis.locator('g text').count()).toBeGreaterThanOrEqual(3);

  // Share copies the link and says so, in a live region.
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.getByRole('button', { name: 'Share this run' }).click();
  await expect(page.getByTestId('share-status')).toHaveText('Copied the link to the clipboard.');
  await expect(page.getByTestId('share-status')).toHaveAttribute('role', 'status');
});

test('an impossible range is refused beside its field, and in a link', async ({ page }) => {
  await openLab(page, '#/lab/raft?seed=2', { paused: true });
  // An argument form (a link's settings) says a bad value beside its field, as typed.
  await page.getByRole('button', { name: 'link n1–n2, connected' }).focus();
  await page.keyboard.press('Enter');
  const latency = page.getByRole('spinbutton', { name: 'Latency (ms)' });
  await latency.fill('-5');
  await expect(page.getByText('Latency (ms) must be at least 0.')).toBeVisible();
  await expect(latency).toHaveAttribute('aria-invalid', 'true');
  await expect(latency).toHaveAccessibleDescription('Latency (ms) must be at least 0.');
  await page.keyboard.press('Escape');

  await page.getByText('Scenario settings').click();
  const from = page.getByRole('spinbutton', { name: 'Election timeout from (ms)' });
  await from.fill('1000');
  const why = 'Election timeout from (1000 ms) cannot be more than Election timeout to (300 ms).';
  await expect(page.getByText(why)).toBeVisible();
  await expect(from).toHaveAttribute('aria-invalid', 'true');
  await expect(from).toHaveAccessibleDescription(why);
  await page.getByRole('button', { name: 'Apply and restart' }).click();
  await expect(page.getByRole('alert')).toContainText('Nothing was applied');
  expect(page.url()).not.toContain('electionMin');
  // A range in order is fine again.
  await from.fill('200');
  await expect(page.getByText(why)).toBeHidden();
  await expect(from).not.toHaveAttribute('aria-invalid', 'true');
  // Nodes too: 40 is refused in words (it was once clamped to 9 without a word), with its help.
  const nodes = page.getByRole('spinbutton', { name: 'Nodes' });
  await expect(nodes).toHaveAccessibleDescription(/spares included/);
  await nodes.fill('40');
  await expect(nodes).toHaveValue('40');
  await expect(nodes).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText('Nodes must be a whole number from 3 to 9.')).toBeVisible();
  await nodes.fill('5');
  await expect(nodes).not.toHaveAttribute('aria-invalid', 'true');

  // The same range in a link: refused in a sentence, the defaults used, and a leader elected.
  await leaveForHome(page);
  await openLab(page, '#/lab/raft?seed=2&electionMin=1000&electionMax=300', { paused: true });
  await expect(page.getByRole('status').filter({ hasText: 'ignored' })).toContainText(
    'Election timeout from (1000 ms) cannot be more than Election timeout to (300 ms); using 150 ms to 300 ms',
  );
  await advance(page, 1500);
  await expect(page.locator('[data-testid^="node-"][data-role="leader"]')).toHaveCount(1);
});

test('an edited share link says what is wrong with it, then replays what it can', async ({
  page,
}) => {
  // Where a live crash of n2 lands, so the edited link's actions sit where a run could.
  await openLab(page, '#/lab/ping?seed=4', { paused: true });
  await advance(page, 300);
  await page.getByTestId('node-n2').click();
  await page.getByRole('button', { name: 'Crash', exact: true }).click();
  const [crash] = await page.evaluate(() => window.netsplit.actions());
  if (!crash) throw new Error('the crash was not recorded');
  const at = [crash.afterStep, crash.time];
  const run = encodeRun([
    [...at, { type: 'format-disk' }],
    [...at, { type: 'crash', node: 'n42' }],
    [...at, { type: 'crash', node: 'n2' }],
  ]);

  await leaveForHome(page);
  await page.goto(`/#/lab/ping?seed=4&run=${run}`);
  const notice = page.getByRole('status').filter({ hasText: 'shared run' });
  await expect(notice).toContainText('action 1 of 3 has an unknown type "format-disk"');
  // The whole link is checked before it replays: the unknown node is named at once.
  await expect(notice).toContainText(
    `crash n42 (at ${crash.time.toFixed(1)} ms) names "n42", which this lab does not have`,
  );
  await page.waitForFunction(() => window.netsplit?.ready === true);
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  // Opened at its start, the run replays the link: said so, not "Viewing the past".
  await expect(page.getByTestId('timeline-replaying')).toContainText(
    `Replaying the shared run: 1 recorded action still to come, the last at ${Math.round(crash.time)} ms`,
  );
  await expect(page.getByTestId('timeline-past')).toBeHidden();
  // No leaders in this lab: the timeline's key does not offer one.
  await expect(page.getByRole('list', { name: 'Timeline marker key' })).not.toContainText(
    'new leader',
  );
  // Run past the crash (as fast as the machine goes).
  await page.evaluate((t) => window.netsplit.advance(t + 300 - window.netsplit.now()), crash.time);
  expect(await virtualMs(page)).toBeGreaterThan(crash.time + 200);
  await expect(notice).not.toContainText('Expected');
  await expect(page.getByTestId('timeline-replaying')).toBeHidden();
  // The rest replayed: n2 crashed, and the run is no longer behind a recorded future.
  await expect(page.getByTestId('node-n2')).toHaveAttribute('data-status', 'crashed');
  await expect(page.getByTestId('timeline-past')).toBeHidden();
});

test('a speed the machine cannot keep up with says what it achieves', async ({ page }) => {
  await openLab(page, '#/lab/raft?seed=3');
  const speed = page.getByRole('slider', { name: 'Speed' });
  await speed.focus();
  await speed.press('End');
  await expect(page.locator('.control-speed output')).toHaveText('20×');
  // At most 250 virtual ms per animation frame: no machine draws fast enough for 20× here.
  const achieved = page.getByTestId('speed-achieved');
  await expect(achieved).toHaveText(/^running at (under )?[\d.]+×$/);
  await expect(speed).toHaveAttribute('aria-valuetext', /^20×, running at (under )?[\d.]+×$/);
  // Paused, nothing is claimed.
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await expect(achieved).toBeHidden();
});
