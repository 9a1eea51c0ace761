/** Size: the JavaScript a first visit downloads, gzipped (lazy chunks excluded). */
import { test, expect } from '@playwright/test';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { record } from './record';

const dist = join(process.cwd(), 'dist');

test('initial JavaScript, gzipped', () => {
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  // Entry scripts and the chunks they preload are what a first visit fetches.
  const initial = new Set<string>();
  for (const m of html.matchAll(/<script[^>]+src="\.?\/?([^"]+\.js)"/g))
    if (m[1]) initial.add(m[1]);
  for (const m of html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="\.?\/?([^"]+\.js)"/g))
    if (m[1]) initial.add(m[1]);
  expect(initial.size).toBeGreaterThan(0);
  const gz = (f: string) => gzipSync(readFileSync(join(dist, f)), { level: 9 }).length;
  const initialBytes = [...initial].reduce((sum, f) => sum + gz(f), 0);
  const allJs = readdirSync(join(dist, 'assets')).filter((f) => f.endsWith('.js'));
  const totalBytes = allJs.reduce((sum, f) => sum + gz(join('assets', f)), 0);
  const kb = initialBytes / 1024;
  record({
    id: 'size-initial-js',
    label: 'initial JS (gzip)',
    unit: 'KB',
    value: kb,
    goal: '≤ 150 KB',
    met: kb <= 150,
    note: `${initial.size} file(s); all JS incl. lazy chunks and workers: ${(totalBytes / 1024).toFixed(1)} KB in ${allJs.length} files`,
  });
});
