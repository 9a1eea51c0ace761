/**
 * The network model, statistically. Seeds are fixed, so these are deterministic; the
 * tolerances are still set at about five standard deviations of the binomial spread, so
 * any seed would pass and a real change in behaviour would not.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_LINK, linkConfigProblems, type LinkConfig } from './link';
import { Network, type Transit } from './network';

const N = 20_000;

function burst(config: Partial<LinkConfig>, count = N, seed = 1, spacingMs = 1): Transit[] {
  const net = new Network(seed, config);
  const out: Transit[] = [];
  for (let i = 0; i < count; i++) out.push(...net.plan('a', 'b', i * spacingMs, 100));
  return out;
}

/** Five standard deviations of a rate p measured over n trials. */
const tolerance = (p: number, n: number) => 5 * Math.sqrt((p * (1 - p)) / n);

describe('loss and duplication rates', () => {
  it.each([0.01, 0.1, 0.3])('loses %f of messages (±5σ over 20,000)', (loss) => {
    const copies = burst({ loss });
    const lost = copies.filter((c) => c.lostTo === 'loss').length;
    expect(Math.abs(lost / N - loss)).toBeLessThan(tolerance(loss, N));
    // A lost message dies somewhere on its way, not before it left or after it arrived.
    for (const c of copies) {
      if (c.lostAt !== null) {
        expect(c.lostAt).toBeGreaterThanOrEqual(c.departAt);
        expect(c.lostAt).toBeLessThanOrEqual(c.deliverAt);
      }
    }
  });

  it.each([0.02, 0.2])('duplicates %f of messages (±5σ over 20,000)', (duplicate) => {
    const copies = burst({ duplicate });
    const extra = copies.length - N;
    expect(Math.abs(extra / N - duplicate)).toBeLessThan(tolerance(duplicate, N));
  });

  it('loses nothing and duplicates nothing by default', () => {
    const copies = burst({});
    expect(copies).toHaveLength(N);
    expect(copies.every((c) => c.lostAt === null)).toBe(true);
  });
});

describe('delay and order', () => {
  it('delays each message by the base latency plus jitter in [0, jitter)', () => {
    const copies = burst({ latencyMs: 30, jitterMs: 20 }, 5_000);
    const delays = copies.map((c, i) => c.deliverAt - i);
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(30);
    expect(Math.max(...delays)).toBeLessThan(50);
    const mean = delays.reduce((a, b) => a + b, 0) / delays.length;
    expect(mean).toBeGreaterThan(39);
    expect(mean).toBeLessThan(41);
  });

  it('never reorders on a FIFO link, even with large jitter, reordering and duplicates', () => {
    const copies = burst(
      { ordering: 'fifo', jitterMs: 200, reorder: 0.5, duplicate: 0.3 },
      10_000,
      7,
      0.5,
    );
    for (let i = 1; i < copies.length; i++) {
      expect((copies[i] as Transit).deliverAt).toBeGreaterThanOrEqual(
        (copies[i - 1] as Transit).deliverAt,
      );
    }
  });

  it('reorders with jitter on a link that allows it', () => {
    const copies = burst({ ordering: 'any', jitterMs: 20 }, 10_000, 7, 0.5);
    let overtaken = 0;
    for (let i = 1; i < copies.length; i++) {
      if ((copies[i] as Transit).deliverAt < (copies[i - 1] as Transit).deliverAt) overtaken++;
    }
    expect(overtaken).toBeGreaterThan(1_000);
  });

  it('holds back about the `reorder` fraction of messages long enough to be overtaken', () => {
    const reorder = 0.1;
    const copies = burst({ jitterMs: 0, latencyMs: 10, reorder }, N);
    const held = copies.filter((c, i) => c.deliverAt - i > 10).length;
    expect(Math.abs(held / N - reorder)).toBeLessThan(tolerance(reorder, N));
    // Without jitter, only the held-back ones arrive out of order.
    const plain = burst({ jitterMs: 0, latencyMs: 10 }, 1_000);
    expect(plain.every((c, i) => c.deliverAt === i + 10)).toBe(true);
  });
});

describe('bandwidth', () => {
  it('queues a burst: messages leave one after another at size / bandwidth', () => {
    const net = new Network(1, { latencyMs: 10, jitterMs: 0, bandwidthBytesPerMs: 10 });
    const copies = Array.from({ length: 20 }, () => net.plan('a', 'b', 0, 100)).flat();
    copies.forEach((c, i) => {
      expect(c.departAt).toBeCloseTo(i * 10, 9); // each 100-byte message occupies the link 10 ms
      expect(c.deliverAt).toBeCloseTo(i * 10 + 10 + 10, 9);
    });
    // The queue drains: a message sent after the burst has passed waits for nothing.
    const later = net.plan('a', 'b', 1_000, 100)[0];
    expect(later?.departAt).toBe(1_000);
  });

  it('keeps each direction and each link its own queue', () => {
    const net = new Network(1, { latencyMs: 10, jitterMs: 0, bandwidthBytesPerMs: 1 });
    net.plan('a', 'b', 0, 100);
    expect(net.plan('b', 'a', 0, 100)[0]?.departAt).toBe(0);
    expect(net.plan('a', 'c', 0, 100)[0]?.departAt).toBe(0);
    expect(net.plan('a', 'b', 0, 100)[0]?.departAt).toBe(100);
  });
});

describe('partitions and settings', () => {
  it('loses a message sent on a cut link at once, in that direction only', () => {
    const net = new Network(1);
    net.cutLink('a', 'b');
    const [ab] = net.plan('a', 'b', 5, 100);
    expect(ab).toMatchObject({ lostTo: 'partition', lostAt: 5 });
    expect(net.plan('b', 'a', 5, 100)[0]?.lostAt).toBeNull();
    net.heal();
    expect(net.plan('a', 'b', 6, 100)[0]?.lostAt).toBeNull();
  });

  it('draws the same randomness per message whatever the settings, per link', () => {
    const jitterOf = (loss: number) => {
      const net = new Network(3, { jitterMs: 50, loss });
      const ab = Array.from({ length: 200 }, (_, i) => net.plan('a', 'b', i, 100)[0]?.deliverAt);
      return ab;
    };
    // Turning loss up changes which messages die, not when the survivors arrive.
    expect(jitterOf(0.5)).toEqual(jitterOf(0));
    // And traffic on one link does not shift another link's draws.
    const quiet = new Network(3, { jitterMs: 50 });
    const busy = new Network(3, { jitterMs: 50 });
    for (let i = 0; i < 100; i++) busy.plan('c', 'd', i, 100);
    expect(busy.plan('a', 'b', 0, 100)).toEqual(quiet.plan('a', 'b', 0, 100));
  });

  it('explains what is wrong with a bad link setting', () => {
    expect(linkConfigProblems(DEFAULT_LINK)).toEqual([]);
    expect(
      linkConfigProblems({ ...DEFAULT_LINK, loss: 1.5, latencyMs: -1, bandwidthBytesPerMs: 0 }),
    ).toEqual([
      'latency must be ≥ 0 ms',
      'bandwidth must be > 0 bytes/ms, or unlimited',
      'loss must be between 0 and 1',
    ]);
  });

  it('restores its whole state from a snapshot', () => {
    const net = new Network(9, { jitterMs: 30, loss: 0.2, bandwidthBytesPerMs: 5 });
    net.cutLink('x', 'y');
    for (let i = 0; i < 50; i++) net.plan('a', 'b', i, 40);
    const snap = structuredClone(net.snapshot());
    const next = net.plan('a', 'b', 60, 40);
    const other = new Network(9);
    other.restore(snap);
    expect(other.plan('a', 'b', 60, 40)).toEqual(next);
    expect(other.isCut('x', 'y')).toBe(true);
  });
});
