/**
 * `npm run bench`: benchmarks on the built app in headless Chromium and on the engine in
 * Node. They report figures (bench/results/latest.json and a table); they never fail a build.
 */
import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from '../e2e/browser';

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
    baseURL: 'http://localhost:4174/',
    launchOptions: chromiumLaunchOptions(),
  },
  webServer: {
    command: 'npx vite preview --port 4174 --strictPort',
    cwd: '..',
    url: 'http://localhost:4174/',
    reuseExistingServer: false,
    timeout: 60_000,
  },
});
