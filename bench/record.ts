/**
 * Benchmarks report, they do not fail: each bench records its figures here, and the
 * report step (report.ts) merges them into bench/results/latest.json and prints a table.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Figure {
  readonly id: string;
  readonly label: string;
  readonly unit: string;
  /** The median of the runs. */
  readonly value: number;
  readonly min?: number;
  readonly max?: number;
  readonly runs?: number;
  /** The goal in words, e.g. "≥ 1,000,000" or "≤ 150". */
  readonly goal?: string;
  readonly met?: boolean;
  readonly note?: string;
}

export const resultsDir = join(dirname(fileURLToPath(import.meta.url)), 'results');
export const partsDir = join(resultsDir, 'parts');

export function record(figure: Figure): void {
  mkdirSync(partsDir, { recursive: true });
  writeFileSync(join(partsDir, `${figure.id}.json`), JSON.stringify(figure, null, 2));
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

export function percentile(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] as number;
}

/** Median, min and max of repeated measurements. */
export function summary(xs: readonly number[]): {
  value: number;
  min: number;
  max: number;
  runs: number;
} {
  return { value: median(xs), min: Math.min(...xs), max: Math.max(...xs), runs: xs.length };
}
