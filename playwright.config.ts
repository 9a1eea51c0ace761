/**
 * End-to-end tests against the built app, in Chromium only. The web server builds first
 * when dist/ is missing or older than the sources (e2e/serve-built.sh), then serves it with
 * `vite preview` on :4173 (or E2E_PORT).
 */
import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './e2e/browser';

/** E2E_PORT lets two checkouts run their end-to-end tests side by side. */
const port = Number(process.env.E2E_PORT ?? 4173);

export default defineConfig({
  testDir: 'e2e',
  testMatch: /.*\.spec\.ts$/,
  fullyParallel: true,
  workers: 2,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: 'list',
  use: {
    baseURL: `http://localhost:${port}/`,
    browserName: 'chromium',
    launchOptions: chromiumLaunchOptions(),
    trace: 'retain-on-failure',
    // The built app installs a service worker (offline use). Specs route requests and load
    // pages many times; a worker would answer before page.route sees them. Only
    // e2e/offline.spec.ts allows it, with test.use({ serviceWorkers: 'allow' }).
    serviceWorkers: 'block',
  },
  webServer: {
    command: `sh e2e/serve-built.sh ${port}`,
    url: `http://localhost:${port}/`,
    // A stale preview server would test an old build: CI always starts its own.
    reuseExistingServer: !process.env.CI,
    timeout: 120_000,
  },
});
