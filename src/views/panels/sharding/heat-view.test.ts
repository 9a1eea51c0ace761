/** The heat map's bands, hottest band and the split a band asks for, from fixture summaries. */
import { describe, expect, it } from 'vitest';
import { hashSummary, rangeSummary, zipfRangeSummary } from './fixtures';
import {
  bandInfos,
  bandLabel,
  bandRange,
  bandTotals,
  heatScales,
  hottestBand,
  hottestWords,
  hotSplitChoice,
  splitChoice,
} from './heat-view';

describe('bands', () => {
  it('cut the key space into equal bands, every key in exactly one', () => {
    const ranges = Array.from({ length: 7 }, (_, b) => bandRange(1000, 7, b));
    expect(ranges[0]?.lo).toBe(0);
    expect(ranges[6]?.hi).toBe(1000);
    for (let b = 1; b < 7; b++) expect(ranges[b]?.lo).toBe(ranges[b - 1]?.hi);
  });
  it('total requests per band over every bucket, and name the hottest', () => {
    const totals = bandTotals(rangeSummary.heat);
    expect(totals[7]).toBe(40 + 41 + 42 + 43 + 44 + 45);
    expect(totals[0]).toBe(12);
    const top = hottestBand(bandInfos(rangeSummary));
    expect(top).toMatchObject({ band: 7, lo: 875, hi: 1000 });
    expect(hottestWords(rangeSummary)).toBe(
      'Hottest band: keys 875–999 (band 8 of 8), 255 requests over the last 3 s, 75% of all — a hot spot.',
    );
  });
  it('say so when there are no requests', () => {
    const quiet = { ...rangeSummary, heat: { ...rangeSummary.heat, counts: [] } };
    expect(hottestBand(bandInfos(quiet))).toBeNull();
    expect(hottestWords(quiet)).toBe('No requests yet.');
  });
});

describe('a click on a band', () => {
  it('splits the range holding it at the band’s first key', () => {
    expect(splitChoice(rangeSummary, 7, ['n5'])).toEqual({
      ok: true,
      node: 'n4',
      at: 875,
      lo: 750,
      hi: 1000,
      to: 'n5',
    });
  });
  it('splits at the band’s middle when the band starts the range', () => {
    expect(splitChoice(rangeSummary, 6, ['n5'])).toEqual({
      ok: true,
      node: 'n4',
      at: 812,
      lo: 750,
      hi: 1000,
      to: 'n5',
    });
  });
  it('splits where the hot key is when the band holds one, on the shard holding it (a band can straddle two)', () => {
    // Band 6 (keys 300–349) starts in n1's range; the heat is key 333, the first of n2's.
    expect(splitChoice(zipfRangeSummary, 6, ['n4'])).toEqual({
      ok: true,
      node: 'n2',
      at: 334,
      lo: 333,
      hi: 666,
      to: 'n4',
    });
    // "Split hottest range" asks for the same split; with the hot key inside a range, at it.
    expect(hotSplitChoice(zipfRangeSummary, ['n4'])).toEqual(
      splitChoice(zipfRangeSummary, 6, ['n4']),
    );
    const inside = { ...zipfRangeSummary, hotKeys: [{ key: 500, requests: 9, node: 'n2' }] };
    expect(hotSplitChoice(inside, ['n4'])).toMatchObject({ node: 'n2', at: 500 });
    // Without hot keys it falls back to the hottest band's split.
    expect(hotSplitChoice(rangeSummary, ['n5'])).toEqual(splitChoice(rangeSummary, 7, ['n5']));
    expect(hotSplitChoice(zipfRangeSummary, [])).toMatchObject({ ok: false });
  });
  it('cannot split on a down server, nor under hash partitioning, and says why', () => {
    expect(splitChoice(rangeSummary, 4, ['n5'])).toMatchObject({ ok: false });
    const hashed = splitChoice(hashSummary, 7, ['n5']);
    expect(hashed.ok).toBe(false);
    expect(!hashed.ok && hashed.why).toMatch(/hash partitioning/);
  });
  it('is named with its keys, requests and what Enter does', () => {
    const info = bandInfos(rangeSummary)[7];
    expect(info && bandLabel(rangeSummary, info, splitChoice(rangeSummary, 7, ['n5']))).toBe(
      'keys 875–999: 255 requests, 75%. Enter splits keys 750–999 on n4 at key 875, the upper part to n5',
    );
  });
  it('cannot split with no spare to take the upper part', () => {
    expect(splitChoice(rangeSummary, 7, [])).toEqual({
      ok: false,
      why: 'no spare server to take the upper part',
    });
  });
});

describe('scales', () => {
  it('place time across and bands down the box, darker for more requests', () => {
    const { time, band, alpha } = heatScales(rangeSummary.heat, 300, 160);
    expect(time(2000)).toBe(0);
    expect(time(5000)).toBe(300);
    expect(band(8)).toBe(160);
    expect(alpha(0)).toBe(0);
    expect(alpha(45)).toBe(1);
    expect(alpha(2)).toBeGreaterThan(0);
  });
});
