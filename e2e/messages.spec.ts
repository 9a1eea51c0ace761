/**
 * Messages as targets a person can hit: opening one pauses the run (and says so) and the
 * menu holds still; Delay takes an amount; in hold mode a list of the held messages acts on
 * any of them in any order, and messages sharing a spot are fanned out so each can be
 * clicked. Links show their settings, and the link form starts at them.
 */
import { expect, test, type Page } from '@playwright/test';
import { advance, openLab } from './helpers';

const virtualTime = (page: Page) => page.getByTestId('virtual-time').innerText();

/**
 * A person's click on a moving message: at the centre of its dot where it is seen (found and
 * measured in one go in the page; it may have moved on, or arrived, by the time the button
 * goes down). `selector` picks the messages; the first seen in the open is clicked.
 */
async function clickWhereSeen(page: Page, selector: string): Promise<void> {
  const seen = await page.waitForFunction((sel) => {
    // A dot in the open, not one still over its node's edge (a press there is the node's).
    for (const message of document.querySelectorAll(sel)) {
      // In view first, as a person scrolls to what they aim at.
      message.scrollIntoView({ block: 'nearest' });
      const r = message.querySelector('.message-dot')?.getBoundingClientRect();
      if (!r || r.width === 0) continue;
      const at = { x: r.x + r.width / 2, y: r.y + r.height / 2 };
      if (document.elementFromPoint(at.x, at.y)?.closest('.message') === message) return at;
    }
    return null;
  }, selector);
  const at = await seen.jsonValue();
  if (!at) throw new Error(`no message to click (${selector})`);
  await page.mouse.click(at.x, at.y);
}

/** A message's menu (a group named after it). */
const menuOf = (page: Page) => page.getByRole('group', { name: /^P(i|o)ng from n\d to n\d$/ });

test('opening a moving message pauses the run, Delay takes an amount, and a share link keeps it', async ({
  page,
}) => {
  await openLab(page, '#/lab/ping?seed=9&nodes=3', { paused: true });
  // A slow link and the slowest speed: its messages creep, so a pointer can catch one.
  await page.getByRole('button', { name: /^link n1–n2,/ }).focus();
  await page.keyboard.press('Enter');
  await page.getByRole('spinbutton', { name: 'Latency (ms)' }).fill('5000');
  await page.getByRole('button', { name: 'Apply to this link' }).click();
  await advance(page, 1200);
  await page.getByRole('slider', { name: 'Speed' }).fill('0');
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Pause', exact: true })).toBeVisible();
  // The one farthest along from n1, so the press is on the message, not on n1 under it.
  const id = await page
    .locator('.cluster-svg [data-testid^="msg-"][data-from="n1"][data-to="n2"]')
    .evaluateAll((els) => {
      const n1 = document.querySelector('[data-testid="node-n1"]')?.getBoundingClientRect();
      const far = (e: Element) => {
        const r = e.getBoundingClientRect();
        return n1 ? Math.hypot(r.x - n1.x, r.y - n1.y) : 0;
      };
      const best = [...els].sort((a, b) => far(b) - far(a))[0];
      return (best?.getAttribute('data-testid') ?? '').replace('msg-', '');
    });
  const message = page.getByTestId(`msg-${id}`);
  // It moves, so Playwright's wait for it to stand still would never end: click where it is
  // seen. The press pauses the run and is taken for the message even if it moved meanwhile.
  const menu = menuOf(page);
  // A person whose click missed (the page shifted under a busy machine) clicks again.
  await expect(async () => {
    if (!(await menu.isVisible()))
      await clickWhereSeen(page, `.cluster-svg [data-testid="msg-${id}"]`);
    await expect(menu).toBeVisible({ timeout: 3000 });
  }).toPass({ timeout: 40_000 });
  await expect(menu.getByRole('status')).toHaveText(/Paused while you choose/);
  await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeVisible();

  // Nothing moves while the menu is open: not the clock, not the menu.
  const [time, box] = [await virtualTime(page), await menu.boundingBox()];
  await page.waitForTimeout(600);
  expect(await virtualTime(page)).toBe(time);
  expect(await menu.boundingBox()).toEqual(box);

  const arrives = Number(/arrives\s*([\d.]+) ms/.exec(await menu.innerText())?.[1]);
  expect(arrives).toBeGreaterThan(0);
  const amount = menu.getByRole('spinbutton', { name: 'Delay by (ms)' });
  await expect(amount).toHaveValue('100');
  // Bad input is refused in words, and nothing is lost.
  await amount.fill('0');
  await expect(menu.getByRole('button', { name: 'Delay', exact: true })).toBeDisabled();
  await expect(menu.getByText('Delay: Delay by (ms) must be at least 1')).toBeAttached();
  await amount.fill('2000');
  await amount.press('Enter');
  // Chosen: the menu closes and the run plays on.
  await expect(menu).toBeHidden();
  await expect(page.getByRole('button', { name: 'Pause', exact: true })).toBeVisible();
  await expect(page.getByTestId('event-log')).toContainText(`message ${id} to`);
  await expect(page.getByTestId('event-log')).toContainText('delay by 2000 ms');

  // It now arrives 2000 ms later (it is still on its way: 2 s of virtual time is minutes here).
  await message.focus();
  await page.keyboard.press('Enter');
  await expect(menu.getByText(`${(arrives + 2000).toFixed(1)} ms`)).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(menu).toBeHidden();
  await expect(page.getByRole('button', { name: 'Pause', exact: true })).toBeVisible();

  // Opened while paused: nothing to say, and closing leaves it paused.
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await message.click();
  await expect(menu).toBeVisible();
  await expect(menu.getByRole('status')).toHaveCount(0);
  await page.keyboard.press('Escape');
  await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeVisible();

  // The amount travels in the share link: the run it opens delays by the same 2000 ms.
  await page.getByRole('button', { name: 'Share this run' }).click();
  const link = await page.getByRole('textbox', { name: 'Share link' }).inputValue();
  await page.goto(link);
  await page.waitForFunction(() => window.netsplit?.ready === true);
  const actions = await page.evaluate(() => window.netsplit.actions());
  expect(actions.map((a) => a.action)).toContainEqual({
    type: 'delay-message',
    msg: Number(id),
    byMs: 2000,
  });
});

test('at the default speed, a person clicks moving messages one after another and gets each menu', async ({
  page,
}) => {
  await openLab(page, '#/lab/ping?seed=5&nodes=3');
  await expect(page.getByRole('slider', { name: 'Speed' })).toHaveAttribute(
    'aria-valuetext',
    /^0\.25×/,
  );
  const anyMenu = page.getByRole('group', { name: /^P(i|o)ng from n\d to n\d$/ });
  for (let i = 0; i < 4; i++) {
    await expect(page.getByRole('button', { name: 'Pause', exact: true })).toBeVisible();
    // A moving dot: clicked where it was found, as a person aims at where they saw it. On a
    // busy machine the page may draw the dot well over 0.7 s late (the press's lookback), so
    // the press lands on empty stage or on the link: the person closes that and clicks again.
    // (message-hit.test.ts checks the lookback itself, without the wall clock.)
    await expect(async () => {
      if (!(await anyMenu.isVisible())) {
        const link = page.getByRole('group', { name: /^Link n\d–n\d$/ });
        if (await link.isVisible()) await page.keyboard.press('Escape');
        await clickWhereSeen(page, '.cluster-svg [data-testid^="msg-"]');
      }
      await expect(anyMenu).toBeVisible({ timeout: 3000 });
    }).toPass({ timeout: 40_000 });
    await expect(anyMenu.getByRole('status').first()).toHaveText(
      /Paused while you choose|has left the wire/,
    );
    await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeVisible();
    // Never the link under it.
    await expect(page.getByRole('group', { name: /^Link n\d–n\d$/ })).toHaveCount(0);
    await page.keyboard.press('Escape');
    await expect(anyMenu).toBeHidden();
  }
  // Every message keeps a target of at least 24 × 24 px around it.
  const sizes = await page
    .locator('.message-halo')
    .evaluateAll((els) =>
      els.map((el) => el.getBoundingClientRect().width).filter((width) => width > 0),
    );
  expect(sizes.length).toBeGreaterThan(0);
  expect(Math.min(...sizes)).toBeGreaterThanOrEqual(23.5);
});

test('held messages: a list acts on any of them in any order, and each dot can be clicked', async ({
  page,
}) => {
  await openLab(page, '#/lab/raft?seed=3', { paused: true });
  await page.getByRole('button', { name: 'Hold messages' }).click();
  const list = page.getByRole('region', { name: 'Held messages' });
  await expect(list).toContainText('None yet');
  await advance(page, 400);
  const waiting = page.locator('[data-testid^="msg-"][aria-label$=", waiting"]');
  const rows = list.getByRole('row').filter({ has: page.getByRole('button') });
  const count = await waiting.count();
  expect(count).toBeGreaterThan(8);
  await expect(rows).toHaveCount(count);
  await expect(list.getByRole('columnheader')).toHaveText([
    '#',
    'From',
    'To',
    'Kind',
    'Age',
    'Actions',
  ]);
  await expect(list).toContainText(`${count} waiting`);

  // Fanned out: at the centre of every held dot, that dot (and no other) takes the click.
  const hits = await page.evaluate(() =>
    [...document.querySelectorAll<SVGGElement>('[data-testid^="msg-"]')].map((el) => {
      el.scrollIntoView({ block: 'center' });
      const r = el.querySelector('.message-dot')?.getBoundingClientRect();
      if (!r) return 'no dot';
      const at = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
      const on = at?.closest('[data-testid^="msg-"]');
      return on === el
        ? ''
        : `${el.getAttribute('aria-label')} covered by ${on?.getAttribute('aria-label') ?? at?.outerHTML.slice(0, 80)}`;
    }),
  );
  expect(hits.filter((hit) => hit !== '')).toEqual([]);
  // And a person's click on the last one opens that one.
  const last = waiting.last();
  const [kind, from, to] = await Promise.all(
    ['data-kind', 'data-from', 'data-to'].map((a) => last.getAttribute(a)),
  );
  await last.click();
  await expect(page.getByRole('group', { name: `${kind} from ${from} to ${to}` })).toBeVisible();
  await page.keyboard.press('Escape');

  // Each row: from, to, kind and age, as the dot says.
  const firstRow = rows.first();
  const firstId = (await firstRow.getByRole('rowheader').innerText()).trim();
  const firstDot = page.getByTestId(`msg-${firstId}`);
  const cells = firstRow.getByRole('cell');
  await expect(cells.nth(0)).toHaveText((await firstDot.getAttribute('data-from')) ?? '');
  await expect(cells.nth(1)).toHaveText((await firstDot.getAttribute('data-to')) ?? '');
  await expect(cells.nth(2)).toHaveText((await firstDot.getAttribute('data-kind')) ?? '');
  await expect(cells.nth(3)).toHaveText(/^\d+ ms$/);

  // Out of order: deliver the newest first, then drop the oldest, then duplicate one.
  const lastRow = rows.last();
  const lastId = (await lastRow.getByRole('rowheader').innerText()).trim();
  await lastRow.getByRole('button', { name: `Deliver message ${lastId}` }).click();
  await expect(page.getByTestId(`msg-${lastId}`)).toHaveCount(0);
  await expect(rows).toHaveCount(count - 1);
  await firstRow.getByRole('button', { name: `Drop message ${firstId}` }).click();
  await expect(page.getByTestId('event-log')).toContainText('dropped by hand');
  await expect(firstDot).toHaveCount(0);
  await expect(rows).toHaveCount(count - 2);
  const next = rows.first();
  const nextId = (await next.getByRole('rowheader').innerText()).trim();
  await next.getByRole('button', { name: `Duplicate message ${nextId}` }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('event-log')).toContainText(`message ${nextId} to`);
  await expect(page.getByTestId('event-log')).toContainText('duplicate');

  // On a phone the list wraps instead of scrolling the page sideways.
  await page.setViewportSize({ width: 390, height: 800 });
  await expect(list).toBeVisible();
  expect(
    await page.evaluate(
      () => document.documentElement.scrollWidth <= document.documentElement.clientWidth,
    ),
  ).toBe(true);

  // Hold off: everything waiting goes, and the list with it.
  await page.getByRole('button', { name: 'Hold messages' }).click();
  await expect(list).toBeHidden();
});

test('links show their latency and faults, and the link form starts at the link’s values', async ({
  page,
}) => {
  await openLab(page, '#/lab/ping?seed=2&nodes=3', { paused: true });
  // This scenario's links: 40 ms plus up to 20 ms of jitter.
  await expect(page.getByText('Every link: 40–60 ms')).toBeVisible();
  await page.getByRole('button', { name: 'link n1–n2, connected, 40–60 ms' }).focus();
  await page.keyboard.press('Enter');
  const menu = page.getByRole('group', { name: 'Link n1–n2' });
  await expect(menu.getByRole('spinbutton', { name: 'Latency (ms)' })).toHaveValue('40');
  await expect(menu.getByRole('spinbutton', { name: 'Jitter (ms)' })).toHaveValue('20');
  await expect(menu.getByRole('spinbutton', { name: 'Loss (%)' })).toHaveValue('0');
  await menu.getByRole('spinbutton', { name: 'Latency (ms)' }).fill('200');
  await menu.getByRole('spinbutton', { name: 'Loss (%)' }).fill('30');
  await menu.getByRole('button', { name: 'Apply to this link' }).click();
  // Only what changed is recorded (and narrated).
  await expect(page.getByTestId('event-log')).toContainText(
    'link n1 → n2: latency 200 ms, loss 30%',
  );
  await expect(page.getByTestId('link-label-n1-n2')).toHaveText('200–220 ms · loss 30%');
  await expect(page.getByText('Other links: 40–60 ms')).toBeVisible();
  await expect(
    page.getByRole('button', { name: 'link n1–n2, connected, 200–220 ms · loss 30%' }),
  ).toBeVisible();
  await page.getByRole('button', { name: /^link n1–n2,/ }).focus();
  await page.keyboard.press('Enter');
  await expect(menu.getByRole('spinbutton', { name: 'Latency (ms)' })).toHaveValue('200');
  await expect(menu.getByRole('spinbutton', { name: 'Loss (%)' })).toHaveValue('30');
});
