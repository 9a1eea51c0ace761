/**
 * Lesson 18, played through the UI as a person plays it: a prediction first, a server added
 * to a warm cache ring (one arc moves, the hit rate barely dips), the same join under mod N
 * (a miss storm, shown against step 1's figures), the overloaded server picked out in the
 * servers' table and evened out with the "Virtual nodes per server" slider, a crash under one
 * and under 100 virtual nodes (where its keys went), a hot key no placement spreads; then the
 * sandbox's scale-up from four servers to eight and a crash. Virtual time moves through the
 * page's hook (`advance`), as a person waits; one page load.
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

const addServer = (page: Page) =>
  page.getByRole('button', { name: 'Add server', exact: true }).click();

/** Drag the slider to `v` and let go (one change, as a mouse makes it). */
const setVnodes = (page: Page, v: number) =>
  page.getByRole('slider', { name: 'Virtual nodes per server' }).fill(String(v));

/** A server's row in the ring's servers table. */
const serverRow = (page: Page, node: string) =>
  page.getByTestId('hash-ring').locator(`tr[data-server="${node}"]`);

test('a learner plays “Distributed caching with consistent hashing” to the sandbox', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await openLessonFresh(page, 'consistent-hashing');
  const reveal = page.getByRole('status', { name: 'What happened' });
  const hitRate = page.getByRole('img', { name: /^Cache hit rate/ });

  // 1. Predict, let the cache warm, add a server on the ring.
  await expectStep(page, 'A server joins the ring');
  await predict(page, /About one server’s share on the ring/);
  await advance(page, 6000);
  await expect(hitRate).toHaveAccessibleName(/^Cache hit rate (9\d|100)\.\d/);
  await addServer(page);
  await advance(page, 3000);
  await expectStepDone(page);
  await expect(page.getByTestId('keys-moved')).toHaveAttribute('data-kind', 'join');
  await expect(reveal).toContainText('n5 took 3.7 % of the keys');
  await expect(reveal).toContainText(/The hit rate went from \d+\.\d\s% to at worst \d+\.\d\s%/);
  await expect(reveal).toContainText('Your prediction was right. On the ring n5 took 3.7 %');
  await expect(hitRate).toHaveAccessibleName(/a drop of \d+ points\./);

  // 2. mod N: most keys move, the hit rate collapses.
  await nextStep(page);
  await expectStep(page, 'The same join under mod N');
  await page.getByRole('combobox', { name: 'Placement' }).selectOption({ label: 'mod N' });
  await advance(page, 7000);
  await addServer(page);
  await advance(page, 3000);
  await expectStepDone(page);
  await expect(reveal).toContainText(
    /n6 joining moved 8\d\.\d\s% of the keys \(on the ring: 3\.7\s%\)/,
  );
  await expect(reveal).toContainText(/a drop of [5-9]\d points \(on the ring: \d+ points\)/);

  // 3. A new run, six servers, one point each: pick out the overloaded one, then 100 vnodes.
  await nextStep(page);
  await expectStep(page, 'One point per server is uneven');
  await advance(page, 1500);
  await expect(serverRow(page, 'n1')).toContainText('296');
  await expect(serverRow(page, 'n5')).toContainText('22');
  await page.getByRole('button', { name: 'n1: pick out its arcs' }).click();
  await expect(page.getByTestId('goal-0')).toHaveAttribute('data-done', 'true');
  await setVnodes(page, 100);
  await advance(page, 2000);
  await expectStepDone(page);
  await expect(page.getByTestId('hash-ring')).toHaveAttribute('data-vnodes', '100');
  await expect(reveal).toContainText(
    'With 100 points per server, the busiest server owns 1.10 × the mean number of keys; with one point each it owned 1.78 ×.',
  );

  // 4. Crash a server under one virtual node, then under 100.
  await nextStep(page);
  await expectStep(page, 'Where a crashed server’s keys go');
  await setVnodes(page, 1);
  await advance(page, 2000);
  await nodeAction(page, 'n2', 'Crash');
  await advance(page, 1500);
  const moved = page.getByTestId('keys-moved');
  await expect(moved).toHaveAttribute('data-kind', 'crash');
  await moved.getByText(/Where the moved keys went \(1 flow\)/).click();
  await expect(moved.getByRole('table')).toContainText('n3');
  await expect(page.getByTestId('goal-0')).toHaveAttribute('data-done', 'true');
  await nodeAction(page, 'n2', 'Restart');
  await advance(page, 1000);
  await setVnodes(page, 100);
  await advance(page, 3000);
  await nodeAction(page, 'n4', 'Crash');
  await advance(page, 1000);
  await expectStepDone(page);
  await expect(moved).toContainText(/Where the moved keys went \(5 flows\)/);
  await expect(reveal).toContainText('With one point, all 143 of n2’s keys went to n3.');
  await expect(reveal).toContainText(
    /With 100 points, n4’s \d+ keys went to n1, n2, n3, n5 and n6\./,
  );

  // 5. A hot key: one server stays overloaded with 100 virtual nodes.
  await nextStep(page);
  await expectStep(page, 'A hot key');
  await advance(page, 2500);
  await page.getByRole('button', { name: 'n5: pick out its arcs' }).click();
  await expect(page.getByTestId('goal-0')).toHaveAttribute('data-done', 'true');
  await setVnodes(page, 100);
  await advance(page, 4000);
  await expectStepDone(page);
  await expect(reveal).toContainText(
    /With 100 points per server, n\d still serves \d+ requests a second/,
  );
  await expect(reveal).toContainText('replicate them to several servers');

  // The sandbox: scale out from four servers to eight, then a crash, hit rate kept.
  await nextStep(page);
  const sandbox = page.getByTestId('lesson-sandbox');
  await expect(sandbox).toBeVisible();
  await advance(page, 6000);
  await setVnodes(page, 100);
  await advance(page, 5000);
  for (let i = 0; i < 4; i++) {
    await addServer(page);
    await advance(page, 6000);
  }
  await nodeAction(page, 'n2', 'Crash');
  await advance(page, 3000);
  await expect(
    sandbox.getByRole('listitem').filter({ hasText: 'keep 90 % of reads hitting' }),
  ).toHaveAttribute('data-done', 'true');
});
