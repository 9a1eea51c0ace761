/** The hash ring's panels rendered from a fixture summary, as the browser receives them. */
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { fixtureSummary } from './fixture';
import { KeysMovedCard } from './KeysMoved';
import { MembershipPanel } from './MembershipViews';
import { PlacementPanel } from './PlacementTable';
import { RingPanel } from './RingView';

const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/\u00a0/g, ' ')
    .replace(/\s+/g, ' ');

describe('ring panel', () => {
  it('carries its test id and virtual nodes, names every server with its state and share, in words', () => {
    const ring = fixtureSummary({ servers: 4, vnodes: 8 });
    const html = renderToStaticMarkup(<RingPanel ring={ring} selectedServer="n3" />);
    expect(html).toContain('data-testid="hash-ring"');
    expect(html).toContain('data-vnodes="8"');
    const t = text(html);
    expect(t).toContain(
      'ring with virtual nodes, 8 virtual nodes per server; 3 copies of each key; 200 keys.',
    );
    expect(t).toMatch(/n\d owns \d+\.\d % of the ring, n\d \d+\.\d %/);
    // n2 is down in the fixture: said in words, not by colour alone.
    expect(html).toMatch(/data-server="n2"[^]*?<td>down<\/td>/);
    // The picked server's button is pressed; the others are not.
    expect(html).toContain('aria-pressed="true" aria-label="n3: pick out its arcs"');
    expect(html).toContain('aria-pressed="false" aria-label="n1: pick out its arcs"');
    // The ring's drawing has a text alternative naming the shares.
    expect(html).toMatch(/role="img" aria-label="The ring: n\d owns/);
  });

  it('says a scheme without a ring has none to draw, and hides the figure', () => {
    const ring = { ...fixtureSummary(), scheme: 'mod-n' as const, arcs: [] };
    const html = renderToStaticMarkup(<RingPanel ring={ring} selectedServer={null} />);
    expect(text(html)).toContain(
      'mod N places keys without a ring; the table gives each server’s keys.',
    );
    expect(html).toContain('class="ring-figure" hidden=""');
  });
});

describe('keys moved card', () => {
  it('gives the fraction moved as data and in words, against the ideal, with the spread before and after', () => {
    const ring = fixtureSummary({ servers: 4, keys: 1000 });
    const html = renderToStaticMarkup(
      <KeysMovedCard change={ring.lastChange} vnodes={ring.vnodes} scheme={ring.scheme} />,
    );
    expect(html).toContain('data-testid="keys-moved"');
    expect(html).toContain('data-fraction="0.25"');
    const t = text(html);
    expect(t).toContain('n4 joined at 1,200 ms.');
    expect(t).toContain('25.0 % of keys moved (ideal 25.0 %, 1.0 × the ideal)');
    expect(t).toContain('250 of 1,000 keys moved (25.0 %); the ideal, K/N, is 25.0 %.');
    expect(t).toContain('Load spread (max/mean): before 1.30');
    // One flow is "1 flow", not "1 flows".
    expect(t).toContain('Where the moved keys went (1 flow)');
  });

  it('says where a removed server’s keys went: all to one neighbour, or spread', () => {
    const base = fixtureSummary().lastChange;
    if (!base) throw new Error('the fixture has a last change');
    const one = {
      ...base,
      kind: 'leave' as const,
      server: 'n2',
      movement: { ...base.movement, flows: { n2: { n3: 50 } } },
    };
    expect(
      text(renderToStaticMarkup(<KeysMovedCard change={one} vnodes={1} scheme="ring" />)),
    ).toContain('All 50 of n2’s keys went to n3.');
    const many = {
      ...one,
      movement: { ...one.movement, flows: { n2: { n1: 10, n3: 30, n4: 12 } } },
    };
    expect(
      text(renderToStaticMarkup(<KeysMovedCard change={many} vnodes={64} scheme="ring-vnodes" />)),
    ).toContain('n2’s 52 keys went to 3 servers; the most, 30, to n3.');
  });

  it('before any change, says what to do and carries no fraction', () => {
    const html = renderToStaticMarkup(<KeysMovedCard change={null} vnodes={1} scheme="ring" />);
    expect(html).not.toContain('data-fraction');
    expect(text(html)).toContain('Nothing has changed yet.');
  });
});

describe('placement panel', () => {
  it('lists the change under every scheme, marks the one in use, and gives the spread plot with a table', () => {
    const ring = fixtureSummary({ servers: 4 });
    const html = renderToStaticMarkup(<PlacementPanel ring={ring} />);
    const t = text(html);
    expect(t).toContain('mod N 75.0 % 1.05');
    expect(t).toContain('ring with virtual nodes (in use) 25.0 % 1.10');
    expect(t).toContain('jump hash 25.0 % 1.03');
    // The x axis is in powers of two, 1 to 256.
    for (const tick of [1, 2, 4, 8, 16, 32, 64, 128, 256])
      expect(html).toContain(`>${tick}</text>`);
    expect(t).toContain(
      'Load spread (max/mean) is 2.50 with 1 virtual node per server and 1.09 with 256 virtual nodes. It first falls under 1.25 at 64 virtual nodes.',
    );
  });
});

describe('placement panel after a change that keeps the servers', () => {
  it('says why every scheme moved nothing when the placement changed, and which moves on a virtual-node change', () => {
    const base = fixtureSummary({ servers: 4 });
    const change = base.lastChange;
    if (!change) throw new Error('the fixture has a change');
    const zeros = change.bySchemes.map((r) => ({ ...r, fraction: 0 }));
    const scheme = {
      ...base,
      lastChange: { ...change, kind: 'scheme' as const, bySchemes: zeros },
    };
    expect(text(renderToStaticMarkup(<PlacementPanel ring={scheme} />))).toContain(
      'Changing the placement moves no server in or out, so under any one scheme no key moves (0 %)',
    );
    const vnodes = { ...base, lastChange: { ...change, kind: 'vnodes' as const } };
    expect(text(renderToStaticMarkup(<PlacementPanel ring={vnodes} />))).toContain(
      'only the ring with virtual nodes moves keys',
    );
    // A join needs no note.
    expect(text(renderToStaticMarkup(<PlacementPanel ring={base} />))).not.toContain(
      'moves no server in or out',
    );
  });
});

describe('server table headers', () => {
  it('name what the keys and hit-rate columns count, and over what window', () => {
    const t = text(
      renderToStaticMarkup(<RingPanel ring={fixtureSummary()} selectedServer={null} />),
    );
    expect(t).toContain('Keys owned');
    expect(t).toContain('Hit rate, last s');
  });
});

describe('membership panel', () => {
  it('says who lags behind the agreed ring and counts misroutes; the hit rate in words', () => {
    const html = renderToStaticMarkup(<MembershipPanel ring={fixtureSummary({ servers: 3 })} />);
    const t = text(html);
    expect(t).toContain('Views differ: n1 still routes by an older ring than version 4');
    expect(t).toContain('7 misroutes so far');
    expect(t).toContain('3 (behind)');
    // The dip around the last change (a join at 1,200 ms), drawn as an upright line too.
    expect(t).toContain(
      'Cache hit rate 40.0 % now; 90.0 % just before the last change (at 1,200 ms), lowest since 40.0 % at 1,500 ms.',
    );
    expect(html).toContain('class="hit-change"');
    // With no change yet, the lowest over the run.
    const quiet = renderToStaticMarkup(
      <MembershipPanel ring={{ ...fixtureSummary({ servers: 3 }), lastChange: null }} />,
    );
    expect(text(quiet)).toContain('Cache hit rate 40.0 % now; lowest 40.0 % at 1,500 ms.');
    expect(quiet).not.toContain('hit-change');
    expect(html).toContain('data-agree="false"');
  });
});
