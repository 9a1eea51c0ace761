/**
 * `npm run bench`: benchmarks on the built app in headless Chromium and on the engine in
 * Node. They report figures (bench/results/latest.json and a table); they never fail a build.
 */
import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from '../e2e/browser';

/** BENCH_PORT lets two checkouts bench side by side. */
const port = Number(process.env.BENCH_PORT ?? 4174);

export default defineConfig({
  testDir: '.',
  testMatch: /.*\.bench\.ts$/,
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 300_000,
  reporter: 'list',
  globalTeardown: './report.ts',
  use: {
    baseURL: `http://localhost:${port}/`,
    launchOptions: chromiumLaunchOptions(),
    // The service worker would precache the whole build in the background and skew the figures.
    serviceWorkers: 'block',
  },
  webServer: {
    command: `npx vite preview --port ${port} --strictPort`,
    cwd: '..',
    url: `http://localhost:${port}/`,
    reuseExistingServer: false,
    timeout: 60_000,
  },
});
