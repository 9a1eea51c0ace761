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
  // Three on a 2-core machine, on purpose: most of a test is waiting for virtual time to pass
  // at the speed a person watches, not computing. A fresh-clone CI run with two workers kept
  // the CPU 37 % busy over 19 minutes (user + sys 850 s of 2 × 1,135 s), and ran too long.
  workers: 3,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: 'list',
  use: {
    baseURL: `http://localhost:${port}/`,
    browserName: 'chromium',
    launchOptions: chromiumLaunchOptions(),
    // Recording a trace (DOM snapshots and a screencast at every step) costs CPU in every
    // test, failing or not: measured on e2e/faults.spec.ts, 20.7 s of CPU with it, 17.4 s
    // without. CI runs without it (E2E_TRACE=retain-on-failure brings it back there); a
    // local run keeps it for the failures one is debugging.
    trace: (process.env.E2E_TRACE ?? (process.env.CI ? 'off' : 'retain-on-failure')) as
      'off' | 'retain-on-failure',
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
