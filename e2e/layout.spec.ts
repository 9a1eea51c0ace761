/**
 * Where things are on screen (issue 12): at 1280×720 the cluster, the run controls, the
 * run's tools and, in a lesson, the current instruction, its goals and Next step are all in
 * view without scrolling the page; at 390, 1280 and 1440 px no route is wider than the
 * window, with Scenario settings open, with a node's action menu open (its Close button in
 * reach) and with the Inspector showing a node's state. Every lab and every step of every
 * lesson come from the catalogues, so new ones are covered as they arrive. One page per
 * test, moving by hash and by resizing, with the run held still while it is measured.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { lessonCatalogue, scenarioCatalogue } from './app-modules';
import { PROGRESS_KEY, emptyProgress } from '../src/state/lesson-progress';

const LAPTOP = { width: 1280, height: 720 };
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1440, height: 900 };
const WIDTHS = [PHONE, LAPTOP, DESKTOP] as const;

/**
 * Runs in the page: why `el` is not wholly on screen, or null when it is. Its box must lie
 * inside the window and inside every box around it that clips (a column that scrolls on
 * its own shows only what is in its scrollport).
 */
const offScreen = (el: Element): string | null => {
  const box = el.getBoundingClientRect();
  if (box.width === 0 && box.height === 0) return 'not shown';
  let [left, top] = [0, 0];
  let right = document.documentElement.clientWidth;
  let bottom = document.documentElement.clientHeight;
  for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
    const style = getComputedStyle(a);
    if (style.overflowX === 'visible' && style.overflowY === 'visible') continue;
    const clip = a.getBoundingClientRect();
    left = Math.max(left, clip.left);
    top = Math.max(top, clip.top);
    right = Math.min(right, clip.left + a.clientLeft + a.clientWidth);
    bottom = Math.min(bottom, clip.top + a.clientTop + a.clientHeight);
  }
  const slack = 1;
  if (
    box.left >= left - slack &&
    box.top >= top - slack &&
    box.right <= right + slack &&
    box.bottom <= bottom + slack
  )
    return null;
  const r = Math.round;
  return `x ${r(box.left)}–${r(box.right)}, y ${r(box.top)}–${r(box.bottom)}; seen: x ${r(left)}–${r(right)}, y ${r(top)}–${r(bottom)}`;
};

/** Each named target is wholly on screen (measured together: one round trip, not one each). */
async function expectOnScreen(context: string, targets: Record<string, Locator>): Promise<void> {
  const found = await Promise.all(
    Object.entries(targets).map(async ([what, at]) => [what, await at.evaluate(offScreen)]),
  );
  expect(
    Object.fromEntries(found.filter(([, off]) => off !== null)),
    `${context}: what is not wholly on screen`,
  ).toEqual({});
}

/** How many px the page is wider than the window (0 or less when it is not). */
function overflowPx(page: Page): Promise<number> {
  return page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
}

/** No horizontal overflow at each width (the page is resized, not reloaded); ends at 1280×720. */
async function expectNoOverflowAtEveryWidth(page: Page, what: string): Promise<void> {
  for (const size of WIDTHS) {
    await page.setViewportSize(size);
    await expect.poll(() => overflowPx(page), `${what} at ${size.width} px`).toBeLessThanOrEqual(0);
  }
  await page.setViewportSize(LAPTOP);
}

/**
 * The Inspector card ends inside the window, each of its tables ends inside the card (or the
 * card scrolls it sideways), and the page is no wider than the window.
 */
async function expectInspectorFits(page: Page, what: string): Promise<void> {
  const card = page.getByTestId('inspector');
  await expect(card.getByRole('heading', { level: 3 })).toBeVisible();
  const overhang = await card.evaluate((el) => {
    const cardBox = el.getBoundingClientRect();
    const scrolls = getComputedStyle(el).overflowX !== 'visible';
    const tableRight = Math.max(
      cardBox.right,
      ...[...el.querySelectorAll('table')].map((t) => t.getBoundingClientRect().right),
    );
    const page = document.documentElement;
    return {
      page: Math.max(0, page.scrollWidth - page.clientWidth),
      card: Math.max(0, Math.round(cardBox.right - page.clientWidth)),
      tables: scrolls ? 0 : Math.max(0, Math.round(tableRight - cardBox.right)),
    };
  });
  expect(overhang, `${what}: px past the window or the card`).toEqual({
    page: 0,
    card: 0,
    tables: 0,
  });
}

const toolbar = (page: Page) => page.getByRole('toolbar', { name: 'Simulation controls' });

/**
 * The catalogue walks are split in halves (every other entry) so that the two halves run on
 * both workers at once: whole, each was the suite's longest test and set its end.
 */
const HALVES = [0, 1] as const;
const inHalf = (half: number) => (_: unknown, i: number) => i % 2 === half;

for (const half of HALVES)
  test(`every lab at 1280×720 (half ${half + 1} of 2): cluster, run controls and tools in view; no overflow at 390, 1280 or 1440 px`, async ({
    page,
  }) => {
    // A ceiling for a busy machine, not the expected time: every lab opens once.
    test.setTimeout(300_000);
    const { scenarios } = await scenarioCatalogue();
    await page.setViewportSize(LAPTOP);
    await page.goto('/#/');
    await expectNoOverflowAtEveryWidth(page, 'the start page');

    for (const entry of Object.values(scenarios).filter(inHalf(half))) {
      const lab = `the ${entry.id} lab`;
      await page.goto(`/#/lab/${entry.id}`);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(entry.title);
      await page.waitForFunction(() => window.netsplit?.ready === true);
      const nodes = page.getByTestId('cluster').locator('[data-testid^="node-"]');
      await expect(nodes.first()).toBeVisible();
      // Some time on, then held still: events to list, and no timer ring moving a node's box.
      await page.evaluate(() => window.netsplit.advance(1000));

      const log = page.getByTestId('event-log');
      await expectOnScreen(`${lab} at 1280×720`, {
        cluster: page.getByTestId('cluster'),
        'run controls': toolbar(page),
        'virtual time': page.getByTestId('virtual-time'),
        'Share this run': page.getByRole('button', { name: 'Share this run' }),
        'Partition the network': page.getByText('Partition the network', { exact: true }),
        'Scenario settings': page.getByText('Scenario settings', { exact: true }),
        ...(entry.id === 'raft'
          ? { Sweep: page.getByText('Sweep: time to elect a leader, over 100 seeds') }
          : {}),
      });
      // The event list scrolls inside its panel and shows its newest entry.
      await log.scrollIntoViewIfNeeded();
      await expectOnScreen(`${lab}, its event list`, {
        'the newest event': log.getByRole('listitem').last(),
      });

      // The lowest node's menu is seen whole, though the stage's column clips what passes it.
      const lowest = (
        await nodes.evaluateAll((els) =>
          els.map((e) => ({ id: e.dataset.testid ?? '', y: e.getBoundingClientRect().y })),
        )
      ).sort((a, b) => b.y - a.y)[0]?.id;
      if (lowest) {
        await page.getByTestId(lowest).click();
        const menu = page.getByRole('group', {
          name: `Actions for ${lowest.replace('node-', '')}`,
        });
        await expectOnScreen(`${lab} at 1280×720`, { "the lowest node's menu": menu });
        await menu.getByRole('button', { name: 'Close' }).click();
        await expect(menu).toBeHidden();
      }

      // Scenario settings open (long choices: Raft's broken variants) at every width.
      const settings = page.locator('details', { hasText: 'Scenario settings' });
      await settings.getByText('Scenario settings', { exact: true }).click();
      await expect(settings.getByRole('button', { name: 'Apply and restart' })).toBeVisible();

      // On a phone, the menu of the node nearest each side stays in the window, Close in reach.
      await page.setViewportSize(PHONE);
      expect(await overflowPx(page), `${lab} on a phone, settings open`).toBeLessThanOrEqual(0);
      const xs = await nodes.evaluateAll((els) =>
        els.map((e) => ({ id: e.dataset.testid ?? '', x: e.getBoundingClientRect().x })),
      );
      xs.sort((a, b) => a.x - b.x);
      for (const edge of new Set([xs[0]?.id, xs.at(-1)?.id])) {
        if (!edge) continue;
        const id = edge.replace('node-', '');
        await page.getByTestId(edge).click();
        const menu = page.getByRole('group', { name: `Actions for ${id}` });
        await expect(menu).toBeVisible();
        await expectOnScreen(`${lab} on a phone`, { [`the menu of ${id}`]: menu });
        expect(await overflowPx(page), `${lab} on a phone, ${id}'s menu open`).toBeLessThanOrEqual(
          0,
        );
        await menu.getByRole('button', { name: 'Close' }).click();
        await expect(menu).toBeHidden();
      }
      // The last node clicked is in the Inspector: its state stays inside the card.
      for (const size of WIDTHS) {
        await page.setViewportSize(size);
        await expectInspectorFits(page, `${lab} at ${size.width} px, settings open`);
      }
      await settings.getByText('Scenario settings', { exact: true }).click();
      await page.setViewportSize(LAPTOP);
    }
  });

for (const half of HALVES)
  test(`every step of every lesson at 1280×720 (half ${half + 1} of 2): cluster, run controls, instruction, goals and Next step in view; no overflow at 390 or 1440 px`, async ({
    page,
  }) => {
    // A ceiling for a busy machine, not the expected time: each step opens its lesson once.
    test.setTimeout(300_000);
    const { LESSONS } = await lessonCatalogue();
    await page.setViewportSize(LAPTOP);
    for (const meta of LESSONS.filter(inHalf(half))) {
      for (let index = 0; index <= meta.stepCount; index++) {
        const inStep = index < meta.stepCount;
        const where = `${meta.id}, ${inStep ? `step ${index + 1}` : 'the sandbox'}`;
        // Leave the lesson, save progress at this step, come back: it opens there.
        await page.goto('/#/');
        await page.evaluate(([key, progress]) => localStorage.setItem(key, progress), [
          PROGRESS_KEY,
          JSON.stringify({ [meta.id]: { ...emptyProgress(), step: index } }),
        ] as const);
        await page.goto(`/#/lessons/${meta.id}`);
        const card = page.getByTestId(inStep ? 'lesson-step' : 'lesson-sandbox');
        await expect(card.getByRole('heading', { level: 3 })).toContainText(
          inStep ? `Step ${index + 1} of ${meta.stepCount}` : 'Sandbox',
        );
        // Held still while measured: nothing measured moves with the run.
        await page.evaluate(() => window.netsplit.advance(0));
        await expectLessonOnScreen(page, where, inStep);
        if (index === 0) await expectNoOverflowAtEveryWidth(page, where);
      }
    }

    if (half === 1) return;
    // A step done: the reveal ("Done.") and Next step are in view beside the cluster. Played in
    // virtual time (held, crash, advance) so every machine measures the same run: at wall-clock
    // speed a busy machine crashed a different leader at another moment, and the page differed.
    await page.goto('/#/');
    await page.evaluate(() => localStorage.clear());
    await page.goto('/#/lessons/raft-election');
    await expect(page.getByTestId('lesson-step')).toContainText('Crash the leader');
    const leader = page.locator('[data-testid^="node-n"][data-role="leader"]').first();
    await expect(leader).toBeVisible({ timeout: 20_000 });
    await page.evaluate(() => window.netsplit.advance(0));
    await leader.click();
    await page.getByRole('button', { name: 'Crash', exact: true }).click();
    const reveal = page.getByRole('status', { name: 'What happened' });
    await expect
      .poll(
        async () => {
          await page.evaluate(() => window.netsplit.advance(250));
          return reveal.isVisible();
        },
        { timeout: 60_000 },
      )
      .toBe(true);
    expect(await page.evaluate(() => window.scrollY), 'the page did not scroll').toBe(0);
    await expectLessonOnScreen(page, 'raft-election, step 1 done', true);
    await expectOnScreen('raft-election, step 1 done', {
      'Done.': reveal.getByText('Done.', { exact: true }),
      'Next step': page.getByRole('button', { name: 'Next step' }),
    });
  });

/**
 * What a learner needs in view at once: the cluster, the run controls, and the guide's
 * current instruction (or its prediction while the run waits for one), its goals and the
 * row where Next step appears (Restart this step sits in it from the start); in the
 * sandbox, its challenges.
 */
async function expectLessonOnScreen(page: Page, where: string, inStep: boolean): Promise<void> {
  const card = page.getByTestId('lesson-step');
  const lockIn = card.getByRole('button', { name: 'Lock in my prediction' });
  const next = card.getByRole('button', { name: /^(Next step|Open the sandbox)$/ });
  const [predicting, done] = inStep
    ? await Promise.all([lockIn.isVisible(), next.isVisible()])
    : [false, false];
  const guide: Record<string, Locator> = !inStep
    ? { challenges: page.getByRole('list', { name: 'Challenges' }) }
    : predicting
      ? { prediction: card.getByRole('group'), 'Lock in my prediction': lockIn }
      : {
          instruction: card.getByRole('paragraph').filter({ hasText: 'Your move:' }),
          goals: card.getByRole('list', { name: 'Goals' }),
          'Restart this step': card.getByRole('button', { name: 'Restart this step' }),
          ...(done ? { 'Next step': next } : {}),
        };
  await expectOnScreen(`${where} at 1280×720`, {
    cluster: page.getByTestId('cluster'),
    'run controls': toolbar(page),
    ...guide,
  });
}

test('held messages are listed beside the stage in view; the speed warning fits a phone', async ({
  page,
}) => {
  await page.setViewportSize(LAPTOP);
  await page.goto('/#/lab/raft?seed=3');
  await page.waitForFunction(() => window.netsplit?.ready === true);
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await page.getByRole('button', { name: 'Hold messages' }).click();
  await page.evaluate(() => window.netsplit.advance(400));
  const list = page.getByRole('region', { name: 'Held messages' });
  const firstDeliver = list.getByRole('button', { name: /^Deliver message \d+$/ }).first();
  await expect(firstDeliver).toBeVisible();
  // Without scrolling anything: the list and its first Deliver are in the window as it opens.
  await expectOnScreen('held messages at 1280×720', {
    'the Held messages list': list.getByRole('heading', { name: 'Held messages' }),
    'the first Deliver': firstDeliver,
    cluster: page.getByTestId('cluster'),
  });
  expect(await page.evaluate(() => window.scrollY)).toBe(0);

  // The fastest speed on a phone: "running at …" shows, and the page is no wider than it.
  await page.getByRole('button', { name: 'Hold messages' }).click();
  await page.setViewportSize(PHONE);
  const speed = page.getByRole('slider', { name: 'Speed' });
  await speed.focus();
  await speed.press('End');
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await expect(page.getByTestId('speed-achieved')).toBeVisible();
  expect(await overflowPx(page), 'the speed warning on a phone').toBeLessThanOrEqual(0);
});
