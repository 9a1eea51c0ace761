/**
 * End-to-end tests against the built app, in Chromium only. The web server builds first
 * when dist/ is missing or older than the sources (e2e/serve-built.sh), then serves it with
 * `vite preview` on :4173.
 */
import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './e2e/browser';

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
    baseURL: 'http://localhost:4173/',
    browserName: 'chromium',
    launchOptions: chromiumLaunchOptions(),
    trace: 'retain-on-failure',
  },
  webServer: {
    command: 'sh e2e/serve-built.sh',
    url: 'http://localhost:4173/',
    // A stale preview server would test an old build: CI always starts its own.
    reuseExistingServer: !process.env.CI,
    timeout: 120_000,
  },
});
