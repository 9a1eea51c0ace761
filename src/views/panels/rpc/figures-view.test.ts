/** The figures' words (each with its window) and the amplification chart's geometry. */
import { describe, expect, it } from 'vitest';
import {
  amplificationVerdict,
  chartGeometry,
  chartSentence,
  figureItems,
  windowWords,
} from './figures-view';

describe('figures view', () => {
  it('says each figure with the window it is measured over', () => {
    const items = figureItems({
      windowMs: 2_000,
      goodput: 3.5,
      amplification: 4.25,
      p50Ms: 230.4,
      p99Ms: null,
      utilisation: 0.996,
      shed: 12,
    });
    expect(items.map((i) => [i.name, i.label, i.value])).toEqual([
      ['goodput', 'Goodput (requests answered ok per second, last 2 s)', '3.5 /s'],
      ['amplification', 'Amplification (attempts per request, last 2 s)', '4.25 × (a retry storm)'],
      ['p50', 'Latency p50 (last 2 s)', '230 ms'],
      ['p99', 'Latency p99 (last 2 s)', 'none completed'],
      ['utilisation', 'Server utilisation (workers busy, last 2 s)', '100 %'],
      ['shed', 'Shed (attempts refused under load, last 2 s)', '12'],
    ]);
    expect(windowWords(1_500)).toBe('last 1500 ms');
    expect([1, 1.2, 2, 3.1].map(amplificationVerdict)).toEqual([
      'no retries',
      'a few retries',
      'retrying heavily',
      'a retry storm',
    ]);
  });

  it('charts amplification over time, with the storm line and a sentence for its name', () => {
    const samples = [
      { t: 0, amplification: 1, goodput: 10 },
      { t: 2_000, amplification: 5, goodput: 0.5 },
      { t: 4_000, amplification: 1.2, goodput: 9 },
    ];
    const g = chartGeometry(samples);
    expect(g.path.startsWith('M')).toBe(true);
    expect(g.path.split('L')).toHaveLength(3);
    expect(g.y(5)).toBeLessThan(g.stormY);
    expect(g.y(1)).toBeGreaterThan(g.stormY);
    expect(chartSentence(samples)).toBe(
      'Amplification over time, from 0.0 s to 4.0 s: now 1.20, peak 5.00 at 2.0 s; above 3 is a retry storm.',
    );
    expect(chartSentence([])).toBe('Amplification over time: nothing measured yet.');
  });
});
