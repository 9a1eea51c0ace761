/** End-to-end tests against the built app (`npm run build` first; `npm test` does). */
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
    launchOptions: chromiumLaunchOptions(),
    trace: 'retain-on-failure',
  },
  webServer: {
    command: 'npm run preview',
    url: 'http://localhost:4173/',
    // A stale preview server would test an old build: CI always starts its own.
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
  },
});
