/**
 * The installed app's PNG icons (public/icons/icon-<size>.png, icon-maskable-512.png), drawn
 * by Chromium from our own SVG mark in public/icons, since some platforms want bitmaps.
 * Run with `npm run screenshots` after changing an SVG; the PNGs are committed.
 */
import { test } from '@playwright/test';
import { readFileSync } from 'node:fs';

const icons = [
  { svg: 'icon.svg', png: 'icon-192.png', size: 192 },
  { svg: 'icon.svg', png: 'icon-512.png', size: 512 },
  { svg: 'icon-maskable.svg', png: 'icon-maskable-512.png', size: 512 },
];

for (const { svg, png, size } of icons) {
  test(`icon ${png}`, async ({ page }) => {
    const source = readFileSync(new URL(`../public/icons/${svg}`, import.meta.url), 'utf8');
    await page.setViewportSize({ width: size, height: size });
    await page.setContent(
      `<style>html,body{margin:0;background:transparent}svg{display:block;width:${size}px;height:${size}px}</style>${source}`,
    );
    await page.locator('svg').screenshot({
      path: new URL(`../public/icons/${png}`, import.meta.url).pathname,
      omitBackground: true,
    });
  });
}
