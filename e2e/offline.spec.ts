/**
 * Offline, for real. Once the built app has loaded, its service worker holds every chunk, so
 * with the network cut every page opens: home, each lab in the scenario catalogue (its nodes
 * running in their Web Workers) and each lesson in the lesson catalogue. Without a service
 * worker (blocked, as in every other spec), a part that cannot be downloaded is explained in
 * words, "Try again" retries it, and opening another page leaves the error behind.
 */
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import type { Lesson } from '../src/lessons/types';
import { appModule, lessonCatalogue, scenarioCatalogue } from './app-modules';

/** Every file of the build a visitor may need (source maps are for developers only). */
function builtFiles(dir = join(process.cwd(), 'dist')): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((f) => f.isFile() && !f.name.endsWith('.map'))
    .map((f) => relative(join(process.cwd(), 'dist'), join(f.parentPath, f.name)))
    .filter((f) => f !== 'sw.js' && !/^workbox-[\w-]+\.js$/.test(f));
}

/**
 * Each lesson's steps, by lesson id, read from the lesson modules themselves (the
 * catalogue's own loaders are dynamic imports, which the test's module runner cannot follow).
 */
async function lessonsById(): Promise<Map<string, Lesson>> {
  const files = readdirSync(join(process.cwd(), 'src/lessons')).filter((f) =>
    /^l\d\d-[\w-]+(?<!\.meta|\.test)\.ts$/.test(f),
  );
  const lessons = await Promise.all(
    files.map(async (f) => (await appModule<{ lesson: Lesson }>(`src/lessons/${f}`)).lesson),
  );
  return new Map(lessons.map((l) => [l.id, l]));
}

/** The paths the service worker's caches hold, relative to the site ('assets/x.js'). */
function cachedPaths(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const paths: string[] = [];
    for (const name of await caches.keys()) {
      for (const request of await (await caches.open(name)).keys()) {
        const url = new URL(request.url);
        paths.push(url.pathname.replace(/^\//, ''));
      }
    }
    return paths;
  });
}

test.describe('installed', () => {
  test.use({ serviceWorkers: 'allow' });

  test('once loaded, every lab and lesson opens with the network cut', async ({
    page,
    context,
    baseURL,
  }) => {
    test.setTimeout(180_000);
    const { scenarios } = await scenarioCatalogue();
    const { LESSONS } = await lessonCatalogue();
    const lessons = await lessonsById();

    await page.goto('/');
    await expect(page.getByRole('heading', { name: 'Netsplit', level: 1 })).toBeVisible();
    // Installable: the manifest is linked, and names the app and its icons.
    const manifest = await page.evaluate(async () => {
      const link = document.querySelector<HTMLLinkElement>('link[rel="manifest"]');
      return link ? ((await (await fetch(link.href)).json()) as Record<string, unknown>) : null;
    });
    expect(manifest).toMatchObject({ name: expect.any(String), short_name: 'Netsplit' });
    expect(JSON.stringify(manifest)).toContain('icons/icon-512.png');

    // The worker takes charge of this very page, and has stored the whole build.
    await page.waitForFunction(() => navigator.serviceWorker?.controller != null, null, {
      timeout: 60_000,
    });
    await page.evaluate(() => navigator.serviceWorker.ready);
    const cached = new Set(await cachedPaths(page));
    const files = builtFiles();
    expect(files.filter((f) => /\.worker-.*\.js$/.test(f)).length).toBeGreaterThan(0);
    expect(files.filter((f) => !cached.has(f))).toEqual([]);

    // Cut the network. Anything that still tries to reach the site would be counted here.
    const escaped: string[] = [];
    await context.route('**/*', (route) => {
      escaped.push(route.request().url());
      return route.abort('internetdisconnected');
    });
    await context.setOffline(true);
    expect(await page.evaluate(() => navigator.onLine)).toBe(false);
    // A file the worker does not hold really cannot be fetched (and the attempt is seen here).
    const probe = `${baseURL}nothing-here.js`;
    const uncached = await page.evaluate(
      (url) =>
        fetch(url).then(
          () => 'fetched',
          () => 'failed',
        ),
      probe,
    );
    expect(uncached).toBe('failed');

    // A page opened cold (a new document, as after a restart offline) or by its link (a new
    // route in this document); either way its chunks and workers load with the network cut.
    const open = async (hash: string, cold: boolean) => {
      if (cold) {
        await page.goto('about:blank');
        await page.goto(`${baseURL}${hash}`);
      } else {
        await page.evaluate((h) => (window.location.hash = h), hash);
      }
    };

    await open('#/', true);
    await expect(page.getByRole('heading', { name: 'Netsplit', level: 1 })).toBeVisible();
    // Served from the cache with the headers it was stored with, so still cross-origin
    // isolated (precise timing for benchmarks).
    expect(await page.evaluate(() => window.crossOriginIsolated)).toBe(true);

    for (const [i, entry] of Object.values(scenarios).entries()) {
      await open(`#/lab/${entry.id}?seed=1`, i === 0);
      // The title changes as the lab starts opening; ready then means this lab's nodes run.
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(entry.title);
      await page.waitForFunction(() => window.netsplit?.ready === true);
      const frame = await page.evaluate(() => window.netsplit.advance(200));
      expect(frame?.time, entry.id).toBeGreaterThanOrEqual(200);
      const first = frame?.nodes[0]?.id ?? 'n1';
      await expect(page.getByTestId(`node-${first}`), entry.id).toBeVisible();
      // Every node runs in its own Web Worker, fetched (with its protocol's chunk) offline.
      expect(await page.evaluate(() => window.netsplit.stats().workers), entry.id).toBe(
        frame?.nodes.length,
      );
    }

    for (const [i, meta] of LESSONS.entries()) {
      const step = lessons.get(meta.id)?.steps[0];
      expect(step, meta.id).toBeDefined();
      await open(`#/lessons/${meta.id}`, i === 0);
      const shown = page.getByTestId('lesson-step');
      await expect(shown.getByRole('heading', { level: 3 }), meta.id).toContainText(
        step?.title ?? '',
      );
      // A predict-first step shows its question until it is answered, its task after.
      await expect(shown, meta.id).toContainText(step?.predict?.question ?? step?.task ?? '');
      await page.waitForFunction(() => window.netsplit?.ready === true);
    }

    await expect(page.getByRole('alert')).toHaveCount(0);
    // Nothing but the probe went looking for the network: the worker served everything.
    expect(escaped).toEqual([probe]);
  });
});

test('a part that cannot be downloaded is explained, retried, and left behind on another page', async ({
  page,
  context,
}) => {
  const { scenarios } = await scenarioCatalogue();
  const { LESSONS } = await lessonCatalogue();
  const [first, second] = LESSONS;
  const ping = scenarios.ping;
  if (!first || !second || !ping) throw new Error('expected two lessons and the ping lab');
  const lessonLink = page.getByRole('link', { name: `L${first.number}. ${first.title}` });
  const home = page.getByRole('heading', { name: 'Netsplit', level: 1 });
  const alert = page.getByRole('alert');
  const backHome = alert.getByRole('link', { name: 'Back to the start page' });
  const tryAgain = alert.getByRole('button', { name: 'Try again' });
  await page.goto('/');
  await expect(home).toBeVisible();

  // Offline before any service worker: the lesson page's code cannot be fetched.
  await context.setOffline(true);
  await lessonLink.click();
  await expect(alert.getByRole('heading', { level: 1 })).toHaveText(
    'The lesson could not be loaded',
  );
  await expect(alert).toContainText('You seem to be offline');
  await expect(alert).not.toContainText('dynamically imported module');
  await expect(backHome).toHaveAttribute('href', '#/');
  // It reads well on a phone too: no sideways scrolling, nothing axe can fault.
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(
    true,
  );
  const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  expect(axe.violations.map((v) => v.id)).toEqual([]);
  await page.setViewportSize({ width: 1280, height: 720 });
  // Still offline: trying again explains again, and the page stays up.
  await tryAgain.click();
  await expect(alert).toContainText('You seem to be offline');

  // Back online, another lesson's route opens: the error stayed with the page that broke.
  await context.setOffline(false);
  await page.evaluate((id) => (window.location.hash = `#/lessons/${id}`), second.id);
  await expect(page.getByTestId('lesson-step')).toBeVisible();
  await expect(alert).toHaveCount(0);

  // Offline again, the first lesson's own steps cannot be fetched: said in words, and
  // "Try again" does not trade the page for the browser's "no internet" page.
  await context.setOffline(true);
  await page.getByRole('link', { name: 'Netsplit', exact: true }).click();
  await lessonLink.click();
  await expect(alert.getByRole('heading', { level: 1 })).toHaveText('That lesson could not open');
  await expect(alert).toContainText('You seem to be offline');
  await tryAgain.click();
  await expect(alert.getByRole('status')).toHaveText(
    'Still offline: connect to the internet, then try again.',
  );
  await backHome.click();
  await expect(home).toBeVisible();
  await context.setOffline(false);

  // Online, but the lab's code fails to arrive: the words say so, and "Try again" fetches it
  // anew once it can.
  await page.route('**/assets/LabPage-*.js', (route) => route.abort());
  await page.getByRole('link', { name: ping.title, exact: true }).click();
  await expect(alert.getByRole('heading', { level: 1 })).toHaveText('The lab could not be loaded');
  await expect(alert).toContainText('The connection failed');
  await page.unroute('**/assets/LabPage-*.js');
  await tryAgain.click();
  await expect(page.getByTestId('node-n1')).toBeVisible();
  await expect(alert).toHaveCount(0);

  // The lesson that failed twice opens now.
  await page.getByRole('link', { name: 'Netsplit', exact: true }).click();
  await lessonLink.click();
  await expect(page.getByTestId('lesson-step')).toBeVisible();
  await expect(alert).toHaveCount(0);
});
