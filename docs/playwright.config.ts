/** `npm run screenshots`: the README's pictures of the lab, light and dark, from the built app. */
import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from '../e2e/browser';

export default defineConfig({
  testDir: '.',
  testMatch: /.*\.shot\.ts$/,
  workers: 1,
  reporter: 'list',
  use: {
    baseURL: 'http://localhost:4175/',
    launchOptions: chromiumLaunchOptions(),
    // The service worker would precache the whole build in the background and skew the figures.
    serviceWorkers: 'block',
    viewport: { width: 1280, height: 900 },
  },
  webServer: {
    command: 'npx vite preview --port 4175 --strictPort',
    cwd: '..',
    url: 'http://localhost:4175/',
    reuseExistingServer: false,
  },
});
