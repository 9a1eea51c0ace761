/** The shard map and heat map as the browser receives them, from fixture summaries. */
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { directorySummary, hashSummary, rangeSummary, zipfRangeSummary } from './fixtures';
import { HeatMapBody } from './HeatMap';
import { rebalanceBlockers } from './Rebalance';
import { ShardMapBody } from './ShardMap';

describe('ShardMapBody', () => {
  it('shows each server’s keys and load as a bar with numbers, the moves and the figures', () => {
    const html = renderToStaticMarkup(<ShardMapBody summary={rangeSummary} nowMs={4340} />);
    expect(html).toContain(
      'aria-label="Key space: keys 0–249 on n1; keys 250–499 on n2; keys 500–749 on n3 (down); keys 750–999 on n4"',
    );
    expect(html).toContain('data-testid="shard-row-n4" data-requests="180" data-keys="250"');
    expect(html).toContain('180 req/s · 90% of requests · 250 keys');
    expect(html).toContain('style="width:100%"');
    expect(html).toContain('Last range query: touched 2 of 4 shards');
    expect(html).toContain('catching up · 120 keys, 3.4 kB moved · 340 ms so far');
    expect(html).not.toContain('shard-directory');
  });
  it('says a hash map’s strip is of buckets', () => {
    const html = renderToStaticMarkup(<ShardMapBody summary={hashSummary} nowMs={0} />);
    expect(html).toContain('aria-label="Hash buckets: bucket 0 of 4 (hash mod 4 = 0) on n1;');
    expect(html).toContain('No data moved yet');
  });
  it('shows the directory’s state in directory mode', () => {
    const html = renderToStaticMarkup(<ShardMapBody summary={directorySummary} nowMs={0} />);
    expect(html).toContain(
      'data-testid="shard-directory" data-up="false" data-moved="3" data-routing-failures="5"',
    );
    expect(html).toContain('Routing failures: 5 client operations found no route to a shard');
    // Without the servers to move entries among, no table is offered.
    expect(html).not.toContain('directory-table');
  });
  it('offers the directory’s entries to move: each a draggable row with a named “Move to” menu, the heaviest marked', () => {
    const html = renderToStaticMarkup(
      <ShardMapBody summary={directorySummary} nowMs={0} servers={['n1', 'n2', 'n4', 'n5']} />,
    );
    expect(html).toContain('data-testid="directory-table"');
    expect(html.match(/<tr draggable="true"/g)).toHaveLength(4);
    expect(html).toMatch(
      /data-testid="directory-entry-250" data-node="n2" data-requests="90" data-heaviest="true"><th scope="row">keys 250–499<strong> \(heaviest\)<\/strong>/,
    );
    expect(html).toContain('aria-label="Move keys 250–499 to"');
    // The menu offers every up server but the entry's own.
    const menu = /aria-label="Move keys 250–499 to"[^>]*>(.*?)<\/select>/.exec(html)?.[1] ?? '';
    expect([...menu.matchAll(/value="(n\d)"/g)].map((m) => m[1])).toEqual(['n1', 'n4', 'n5']);
  });
  it('names the hottest keys in the load window', () => {
    const html = renderToStaticMarkup(<ShardMapBody summary={zipfRangeSummary} nowMs={0} />);
    expect(html).toContain('Hottest keys (last 10 s): 333 (60 requests, on n2)');
  });
});

describe('HeatMapBody', () => {
  it('names the hottest band and gives every band a button, one tab stop on the hottest', () => {
    const html = renderToStaticMarkup(
      <HeatMapBody summary={rangeSummary} spares={['n5']} width={300} onSplit={() => undefined} />,
    );
    expect(html).toContain('Hottest band: keys 875–999');
    expect(html.match(/<button/g)).toHaveLength(8);
    expect(html.match(/tabindex="0"/g)).toHaveLength(1);
    expect(html).toMatch(/tabindex="0" aria-label="keys 875–999: 255 requests, 75%\. Enter splits/);
    // The band on the down server cannot be split, and says why.
    expect(html).toMatch(/aria-label="keys 500–624: [^"]*cannot split[^"]*" aria-disabled="true"/);
  });
  it('says a band cannot be split under hash partitioning', () => {
    const html = renderToStaticMarkup(
      <HeatMapBody summary={hashSummary} spares={['n5']} width={300} onSplit={() => undefined} />,
    );
    expect(html).toContain('a band cannot be split');
    expect(html.match(/aria-disabled="true"/g)).toHaveLength(8);
  });
});

describe('rebalanceBlockers', () => {
  it('lets every button act with a spare, several members and a hot range', () => {
    expect(rebalanceBlockers(rangeSummary, ['n5'], ['n1', 'n2'])).toEqual({
      add: null,
      remove: null,
      split: null,
    });
  });
  it('says why each cannot: no spare, the last member, hash partitioning', () => {
    expect(rebalanceBlockers(hashSummary, [], ['n1'])).toEqual({
      add: 'every spare server is already a shard (or down)',
      remove: 'the last shard server cannot leave',
      split: 'hash partitioning scatters a band over every shard: no range to split',
    });
  });
  it('a lesson step that does not allow an action refuses its button first (newcomer: they looked enabled)', () => {
    const onlySplit = { controls: [], actions: ['protocol:split-range' as const] };
    expect(rebalanceBlockers(rangeSummary, ['n5'], ['n1', 'n2'], onlySplit)).toEqual({
      add: 'not part of this lesson step',
      remove: 'not part of this lesson step',
      split: null,
    });
    expect(
      rebalanceBlockers(rangeSummary, ['n5'], ['n1', 'n2'], {
        controls: [],
        actions: ['protocol:*'],
      }),
    ).toEqual({ add: null, remove: null, split: null });
  });
});
