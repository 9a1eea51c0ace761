/**
 * Consistent hashing as a person sees it (issue 15): adding a server to a ring with 100
 * virtual nodes moves about 1/(N+1) of the keys, and under mod N about N/(N+1); the Placement
 * combobox and the "Virtual nodes per server" slider change the ring and its load spread;
 * picking a key names who holds it; each node's view catches up over gossip. One page load:
 * it also checks the lab fits 1280×720 and a 390 px phone without sideways scrolling, and
 * that axe finds nothing.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { advance, openLab } from './helpers';

const fractionOf = async (moved: Locator) => Number(await moved.getAttribute('data-fraction'));
const spreadOf = async (moved: Locator) => Number(await moved.getAttribute('data-max-over-mean'));
/** Let virtual time run, as a person waits, until every node routes by the newest ring. */
async function untilViewsAgree(page: Page): Promise<void> {
  const views = page.getByTestId('ring-views');
  await expect
    .poll(
      async () => {
        if ((await views.getAttribute('data-agree')) === 'true') return true;
        await advance(page, 500);
        return false;
      },
      { timeout: 60_000 },
    )
    .toBe(true);
}
/** Nodes whose words under them reach past the stage's left or right edge. */
const clippedLabels = (page: Page) =>
  page.evaluate(() =>
    [...document.querySelectorAll('[data-testid^="node-"] .node-summary')].flatMap((t) => {
      const svg = t.closest('svg')?.getBoundingClientRect();
      const box = t.getBoundingClientRect();
      return svg && (box.left < svg.left - 0.5 || box.right > svg.right + 0.5)
        ? [t.closest('[data-testid]')?.getAttribute('data-testid') ?? '?']
        : [];
    }),
  );
const overflow = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

test('keys moved on a join (ring with 100 virtual nodes, then mod N), the slider and the spread, views converging; fits 1280×720 and 390 px; axe clean', async ({
  page,
}) => {
  test.setTimeout(240_000);
  await page.setViewportSize({ width: 1280, height: 720 });
  // Four servers in the ring and one spare (n5); no client traffic, so virtual time is cheap.
  await openLab(page, '#/lab/hash-ring?seed=1&nodes=5&vnodes=100&keys=2000&workload=none', {
    paused: true,
  });
  const ring = page.getByTestId('hash-ring');
  const moved = page.getByTestId('keys-moved');
  const views = page.getByTestId('ring-views');
  await expect(ring).toHaveAttribute('data-vnodes', '100');
  await expect(moved).toContainText('Nothing has changed yet');
  await expect(ring.locator('tr[data-server="n5"]')).toContainText('not in the ring');
  // The legend speaks this lab's words: "payment server" (the RPC family's "server") was
  // shown here once two packages named a role alike.
  const legend = page.getByRole('complementary', { name: 'Legend' });
  await expect(legend).toContainText('server on the ring');
  await expect(legend).not.toContainText('payment server');
  // Every node's words fit on the stage: a client's summary at the circle's left edge was cut
  // off by the stage's edge (issue 15's newcomer, item 3).
  await expect(page.getByTestId('node-c2').locator('.node-summary')).toContainText('v1 ·');
  expect(await clippedLabels(page)).toEqual([]);
  // The ring's controls are a few Tabs from the top of the page (item 2: it took about 45).
  await page.getByRole('link', { name: 'Netsplit' }).focus();
  let tabs = 0;
  while (tabs < 10) {
    await page.keyboard.press('Tab');
    tabs++;
    if (
      await page
        .getByRole('combobox', { name: 'Placement' })
        .evaluate((e) => e === document.activeElement)
    )
      break;
  }
  expect(tabs).toBeLessThanOrEqual(3);
  await page.screenshot({ path: test.info().outputPath('hash-ring-1280.png') });

  // Add a server to the ring with 100 virtual nodes: about 1/(4+1) of the keys move.
  await page.getByRole('button', { name: 'Add server', exact: true }).click();
  await expect(moved).toHaveAttribute('data-kind', 'join');
  await expect(moved).toContainText('n5 joined');
  const onRing = await fractionOf(moved);
  expect(onRing).toBeGreaterThan(0.2 - 0.06);
  expect(onRing).toBeLessThan(0.2 + 0.06);
  await expect(moved).toContainText('(ideal 20.0 %');
  // n5 made the new ring; the others hear of it by gossip, and until then views differ.
  await expect(views).toHaveAttribute('data-agree', 'false');
  await expect(views.getByRole('status')).toContainText('Views differ');
  await untilViewsAgree(page);
  await expect(views.getByRole('status')).toContainText('Every node routes by version');

  // The same join under every scheme, in a table.
  const schemes = page.getByRole('table', { name: 'Placement schemes' });
  await expect(
    schemes.getByRole('row', { name: /^ring with virtual nodes \(in use\)/ }),
  ).toBeVisible();
  await expect(schemes.getByRole('row', { name: /^mod N \d+\.\d %/ })).toBeVisible();

  // Pick a key: the ring names its owner and its replica (replication 2).
  await ring.getByRole('spinbutton', { name: 'Key' }).fill('7');
  await expect(ring).toContainText(/Key 7: n\d owns it; its replica is on n\d\./);
  // Pick a server in the table: it is pressed, and Remove server will take it out.
  await ring.getByRole('button', { name: 'n2: pick out its arcs' }).click();
  await expect(ring.getByRole('button', { name: 'n2: pick out its arcs' })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  await expect(page.getByRole('group', { name: 'Ring controls' })).toContainText(
    'Remove server takes out n2',
  );
  await ring.getByRole('button', { name: 'n2: pick out its arcs' }).click();

  // Under mod N, take the last server out and add it again: about 4/(4+1) of the keys move.
  const placement = page.getByRole('combobox', { name: 'Placement' });
  await placement.selectOption({ label: 'mod N' });
  await expect(moved).toHaveAttribute('data-kind', 'scheme');
  await expect(ring).toHaveAttribute('data-scheme', 'mod-n');
  await expect(ring).toContainText('mod N places keys without a ring');
  // The table's zeros (no server came or went) are explained, not left to contradict the card.
  await expect(page.getByText(/^Changing the placement moves no server in or out/)).toBeVisible();
  // Wait, as a person would, until every node has the new ring (a change made while one is
  // still spreading races it).
  await untilViewsAgree(page);
  await page.getByRole('button', { name: 'Remove server', exact: true }).click();
  await expect(moved).toHaveAttribute('data-kind', 'leave');
  await untilViewsAgree(page);
  await page.getByRole('button', { name: 'Add server', exact: true }).click();
  await expect(moved).toHaveAttribute('data-kind', 'join');
  const underModN = await fractionOf(moved);
  expect(underModN).toBeGreaterThan(0.8 - 0.08);
  expect(underModN).toBeLessThan(0.8 + 0.08);
  await expect(schemes.getByRole('row', { name: /^mod N \(in use\)/ })).toBeVisible();

  // Back on the ring with virtual nodes, the slider: one point per server spreads load
  // unevenly; 256 evens it out. The ring says how many, and so does the spread plot.
  await untilViewsAgree(page);
  await placement.selectOption({ label: 'ring with virtual nodes' });
  await expect(ring).toHaveAttribute('data-scheme', 'ring-vnodes');
  await untilViewsAgree(page);
  const slider = page.getByRole('slider', { name: 'Virtual nodes per server' });
  await slider.focus();
  await page.keyboard.press('Home');
  await expect(ring).toHaveAttribute('data-vnodes', '1');
  await expect(moved).toContainText('Virtual nodes per server became 1');
  await expect(page.getByTestId('spread-plot')).toContainText('the lab’s 1.');
  const spreadAtOne = await spreadOf(moved);
  await untilViewsAgree(page);
  await page.keyboard.press('End');
  await expect(ring).toHaveAttribute('data-vnodes', '256');
  await expect(slider).toHaveAttribute('aria-valuetext', '256 virtual nodes per server');
  const spreadAt256 = await spreadOf(moved);
  expect(spreadAt256).toBeLessThan(spreadAtOne);
  expect(spreadAt256).toBeLessThan(1.25);

  // Fits: no sideways scrolling at 1280×720 or on a 390 px phone; the ring is reachable.
  expect(await overflow(page)).toBe(0);
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await overflow(page)).toBe(0);
  // Nor is the servers table's last column (hit rate) cut off behind its own scroller.
  const table = ring.getByRole('table');
  expect(
    await table.evaluate((t) => t.scrollWidth - (t.parentElement?.clientWidth ?? 0)),
  ).toBeLessThanOrEqual(0);
  await ring.scrollIntoViewIfNeeded();
  await expect(ring.getByRole('img', { name: /^The ring: n\d owns/ })).toBeVisible();

  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  const found = result.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
  expect(found).toEqual([]);
});
