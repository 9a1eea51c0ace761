/**
 * How tests and benchmarks launch Chromium here: the system browser (Playwright cannot
 * download one on this machine; see TOOLCHAIN.md), without background networking.
 */
import { existsSync } from 'node:fs';
import type { LaunchOptions } from '@playwright/test';

export function chromiumLaunchOptions(): LaunchOptions {
  const fromEnv = process.env.CHROMIUM_PATH;
  const system = '/usr/bin/chromium';
  const executablePath = fromEnv || (existsSync(system) ? system : undefined);
  return {
    ...(executablePath ? { executablePath } : {}),
    args: [
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  };
}
