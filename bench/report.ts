/** Merges the figures the benches recorded into latest.json, with machine info, and prints a table. */
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, totalmem, platform, release } from 'node:os';
import { join } from 'node:path';
import { partsDir, resultsDir, type Figure } from './record';

export default function report(): void {
  if (!existsSync(partsDir)) return;
  const figures: Figure[] = readdirSync(partsDir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(readFileSync(join(partsDir, f), 'utf8')) as Figure)
    .sort((a, b) => a.id.localeCompare(b.id));
  const machine = {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    os: `${platform()} ${release()}`,
    node: process.version,
    date: new Date().toISOString(),
  };
  writeFileSync(join(resultsDir, 'latest.json'), JSON.stringify({ machine, figures }, null, 2));
  rmSync(partsDir, { recursive: true, force: true });
  const fmt = (n: number | undefined) =>
    n === undefined
      ? ''
      : Math.abs(n) >= 100
        ? Math.round(n).toLocaleString('en-US')
        : n.toFixed(2);
  const rows = figures.map((f) => [
    f.label,
    `${fmt(f.value)} ${f.unit}`,
    f.min === undefined ? '' : `${fmt(f.min)} – ${fmt(f.max)}`,
    f.goal ?? '',
    f.met === undefined ? '' : f.met ? 'met' : 'NOT MET',
  ]);
  const header = ['figure', 'median', 'min – max', 'goal', ''];
  const widths = header.map((h, i) =>
    Math.max(h.length, ...rows.map((r) => (r[i] as string).length)),
  );
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i] as number)).join('  ');
  console.log(
    `\nNetsplit benchmarks — ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}`,
  );
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
  console.log(`\nwritten to bench/results/latest.json\n`);
}
