/**
 * Lesson 12, played through the UI as a person plays it: start the clients from the step's
 * button; timestamps pile onto the last range shard; under hash a range scan typed into c1's
 * console asks every shard; in directory mode the heaviest entry goes to the spare from its
 * "Move to" menu and the crashed directory shows routing failures; a wrong prediction about
 * mod N, then the keys-moved figure; a celebrity key under hash. In the sandbox an entry is
 * dragged onto a server's row, and a scan of 100 keys asks one shard. One page load; virtual
 * time moves by the automation hook, so nothing waits on the wall clock.
 */
import { expect, test, type Page } from '@playwright/test';
import { advance } from './helpers';
import {
  expectStep,
  expectStepDone,
  nextStep,
  nodeAction,
  openLessonFresh,
  predict,
} from './lesson-helpers';

test.setTimeout(240_000);

/** Pause (a fresh run plays), so the learner's next move lands at a known virtual moment. */
async function pause(page: Page): Promise<void> {
  const button = page.getByRole('button', { name: 'Pause', exact: true });
  if (await button.isVisible()) await button.click();
  await advance(page, 0);
}

/**
 * The step's (or the sandbox's) new run is up: its map shows this partitioning and workload.
 * A fresh run starts a moment after the step appears; acting before would act on the old one.
 */
async function newRun(page: Page, partitioning: string, workload: string): Promise<void> {
  const map = page.getByTestId('shard-map');
  await expect(map).toHaveAttribute('data-partitioning', partitioning);
  await expect(map).toHaveAttribute('data-workload', workload);
  await page.waitForFunction(() => window.netsplit?.ready === true);
}

/**
 * Let virtual time pass a second at a time until goal `i` ticks, as a person waits on the
 * checklist (at most `maxMs`): the load figures are judged over seconds of requests.
 */
async function advanceUntilGoal(page: Page, i: number, maxMs: number): Promise<void> {
  const goal = page.getByTestId(`goal-${i}`);
  for (let t = 0; t < maxMs && (await goal.getAttribute('data-done')) !== 'true'; t += 1000)
    await advance(page, 1000);
  await expect(goal).toHaveAttribute('data-done', 'true');
}

/** Press the step's "Start the clients" and let `ms` of virtual time pass. */
async function startClients(page: Page, ms: number): Promise<void> {
  await pause(page);
  await page.getByRole('button', { name: 'Start the clients' }).click();
  await advance(page, ms);
}

/** A range scan typed into c1's console. */
async function scanFromConsole(page: Page, from: number, to: number): Promise<void> {
  const console = page.getByRole('region', { name: 'Client c1' });
  await console.getByLabel('From key').fill(String(from));
  await console.getByLabel('To key (not included)').fill(String(to));
  await console.getByRole('button', { name: 'Range scan' }).click();
}

test('a learner plays “Sharding: range, hash and directory partitioning” to the sandbox', async ({
  page,
}) => {
  await openLessonFresh(page, 'sharding');
  const reveal = page.getByRole('status', { name: 'What happened' });

  // 1. Range partitioning, timestamps: the last range answers nearly everything.
  await expectStep(page, 'Range partitioning meets timestamps');
  await newRun(page, 'range', 'monotonic');
  await startClients(page, 3000);
  await advanceUntilGoal(page, 0, 5000);
  await expectStepDone(page);
  await expect(reveal).toContainText(
    /s4 answered \d+% of the requests: its range, keys 750–999, holds every new timestamp/,
  );
  expect(Number(await page.getByTestId('shard-row-s4').getAttribute('data-share'))).toBeGreaterThan(
    0.6,
  );
  await expect(page.getByTestId('shard-figure-max-mean')).toContainText(
    /\(requests per shard, last \d+ s\) — a hot spot/,
  );
  await nextStep(page);

  // 2. Hash, the same workload; then a scan of users 100–199 from c1's console.
  await expectStep(page, 'Hash partitioning, then a range scan');
  await newRun(page, 'hash', 'monotonic');
  await startClients(page, 5000);
  await advanceUntilGoal(page, 0, 8000);
  await scanFromConsole(page, 100, 200);
  await advance(page, 1000);
  await expectStepDone(page);
  await expect(page.getByTestId('shard-figure-fan-out')).toHaveText(
    'Last range query: touched 4 of 4 shards',
  );
  await expect(reveal).toContainText(/Max\/mean load came down to 1\.[0-2]\d/);
  await expect(reveal).toContainText('your scan of keys 100–199 asked all 4 shards');
  await nextStep(page);

  // 3. Directory: the heaviest entry to s5 by its menu, then the directory crashes.
  await expectStep(page, 'Directory: a heavy entry, then a crash');
  await newRun(page, 'directory', 'zipf');
  await startClients(page, 6000);
  const table = page.getByTestId('directory-table');
  const heaviest = table.locator('tr[data-heaviest="true"]');
  await expect(heaviest).toHaveCount(1);
  const keys = (await heaviest.getByRole('rowheader').textContent())?.replace(' (heaviest)', '');
  expect(keys).toMatch(/^keys \d+–\d+$/);
  await heaviest.getByRole('combobox', { name: `Move ${keys ?? ''} to` }).selectOption('s5');
  await heaviest.getByRole('button', { name: `Move ${keys ?? ''} to s5` }).click();
  await advance(page, 10_000);
  await advanceUntilGoal(page, 1, 10_000);
  await expect(page.getByTestId('shard-moves')).toContainText(
    new RegExp(`${keys ?? ''} s\\d → s5: done`),
  );
  await expect(heaviest).toHaveAttribute('data-node', 's5');
  await nodeAction(page, 'dir', 'Crash');
  await advance(page, 3000);
  await expectStepDone(page);
  await expect(page.getByTestId('shard-directory')).toHaveAttribute('data-up', 'false');
  await expect(page.getByTestId('shard-figure-routing-failures')).toContainText(
    /Routing failures: [1-9]\d* client operations? found no route/,
  );
  await expect(reveal).toContainText(`The heaviest entry, ${keys ?? ''}, went from`);
  await expect(reveal).toContainText(
    /After dir crashed, [1-9]\d* client operations? found no route/,
  );
  await expect(reveal.getByRole('link', { name: /L9: Raft I/ })).toHaveAttribute(
    'href',
    '#/lessons/raft-election',
  );
  await nextStep(page);

  // 4. Predict (wrongly, on purpose), then a fifth shard under mod N.
  await expectStep(page, 'Hash mod N gains a fifth shard');
  await newRun(page, 'hash', 'uniform');
  await predict(page, /About 20%/);
  await advance(page, 3000);
  await page.getByRole('button', { name: 'Add shard server (s5)' }).click();
  await advance(page, 5000);
  await expectStepDone(page);
  await expect(page.getByTestId('shard-figure-keys-moved')).toHaveText(
    /^Keys moved: (7\d|8\d|90)% of all stored keys$/,
  );
  await expect(reveal).toContainText('Not what you predicted');
  await expect(reveal).toContainText(/Not a fifth: (7\d|8\d|90)% of the keys moved/);
  await expect(reveal).toContainText('Adding a shard moves only 1/N of the keys');
  await nextStep(page);

  // 5. A celebrity key under hash: one shard stays hot.
  await expectStep(page, 'A celebrity key under hashing');
  await newRun(page, 'hash', 'celebrity');
  await predict(page, /One shard takes all/);
  await startClients(page, 5000);
  await advanceUntilGoal(page, 0, 8000);
  await expectStepDone(page);
  await expect(reveal).toContainText('Your prediction was right');
  // The guide says it once: the option's own "Right:" is not repeated after it.
  await expect(reveal).not.toContainText('right. Right');
  await expect(reveal).toContainText(/Key 333 alone drew \d+ requests/);
  await expect(page.getByTestId('shard-hot-keys')).toContainText(
    /Hottest keys \(last \d+ s\): 333/,
  );
  await nextStep(page);

  // The sandbox: directory, Zipf and scans. Drag the heaviest entry onto s5's row (the mouse
  // path records the same move); then keys 0–99 onto one server, and scan them.
  const sandbox = page.getByTestId('lesson-sandbox');
  await expect(sandbox).toBeVisible();
  await newRun(page, 'directory', 'zipf');
  await pause(page);
  await advance(page, 4000);
  const heavy = table.locator('tr[data-heaviest="true"]');
  const heavyKeys = (await heavy.getByRole('rowheader').textContent())?.replace(' (heaviest)', '');
  await heavy.getByRole('rowheader').dragTo(table.getByTestId('drop-s5'));
  await advance(page, 1500);
  await expect(page.getByTestId('shard-moves')).toContainText(
    new RegExp(`${heavyKeys ?? ''} s\\d → s5: done`),
  );
  const first = await table.getByTestId('directory-entry-0').getAttribute('data-node');
  await table.getByRole('combobox', { name: 'Move keys 63–125 to' }).selectOption(first ?? '');
  await table.getByRole('button', { name: `Move keys 63–125 to ${first ?? ''}` }).click();
  await advance(page, 1500);
  await expect(table.getByTestId('directory-entry-63')).toHaveAttribute('data-node', first ?? '');
  await scanFromConsole(page, 0, 100);
  await advance(page, 1000);
  await expect(
    sandbox
      .getByRole('listitem')
      .filter({ hasText: 'Make a range scan of 100 keys ask a single shard' }),
  ).toHaveAttribute('data-done', 'true');
});
