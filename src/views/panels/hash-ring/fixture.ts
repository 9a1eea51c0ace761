/**
 * A hash-ring summary built by hand for the views' tests (and nothing else): the engine's
 * placement library's ring (V points per server) and key positions, with made-up loads and a
 * last change. Only the published shape matters here.
 */
import { keyPosition, ringArcs } from '../../../engine/protocols/hash-ring/placement';
import type { HashRingSummary, RingChange } from '../../../engine/protocols/hash-ring/summary';

/** A summary of `servers` (n1…nN) with `vnodes` each, `keys` keys, and a join as last change. */
export function fixtureSummary(
  options: { servers?: number; vnodes?: number; keys?: number; change?: RingChange | null } = {},
): HashRingSummary {
  const n = options.servers ?? 4;
  const vnodes = options.vnodes ?? 8;
  const keyCount = options.keys ?? 200;
  const ids = Array.from({ length: n }, (_, i) => `n${i + 1}`);
  const arcs = ringArcs({ scheme: 'ring-vnodes', servers: ids, vnodes });
  const positions = Array.from({ length: keyCount }, (_, i) => keyPosition(`key-${i}`));
  const change: RingChange = {
    kind: 'join',
    server: ids[n - 1] ?? 'n1',
    at: 1200,
    movement: {
      keys: keyCount,
      moved: Math.round(keyCount / n),
      fraction: Math.round(keyCount / n) / keyCount,
      ideal: 1 / n,
      flows: { n1: { [ids[n - 1] ?? 'n1']: Math.round(keyCount / n) } },
    },
    before: { perServer: {}, mean: keyCount / (n - 1), max: keyCount / (n - 1), maxOverMean: 1.3 },
    after: { perServer: {}, mean: keyCount / n, max: keyCount / n, maxOverMean: 1.1 },
    bySchemes: [
      { scheme: 'mod-n', fraction: (n - 1) / n, maxOverMean: 1.05 },
      { scheme: 'ring', fraction: 0.3, maxOverMean: 1.8 },
      { scheme: 'ring-vnodes', fraction: 1 / n, maxOverMean: 1.1 },
      { scheme: 'rendezvous', fraction: 1 / n, maxOverMean: 1.04 },
      { scheme: 'jump', fraction: 1 / n, maxOverMean: 1.03 },
    ],
  };
  return {
    scheme: 'ring-vnodes',
    vnodes,
    replication: 3,
    servers: ids.map((node, i) => ({
      node,
      up: i !== 1,
      member: true,
      keys: Math.round(keyCount / n),
      requestsPerSec: 10 * (i + 1),
      hitRate: i === 1 ? null : 0.9,
    })),
    arcs,
    keys: { count: keyCount, positions },
    lastChange: options.change === undefined ? change : options.change,
    spreadByVnodes: [1, 2, 4, 8, 16, 32, 64, 128, 256].map((v) => ({
      vnodes: v,
      maxOverMean: 1 + 1.5 / Math.sqrt(v),
    })),
    views: ids.map((node, i) => ({
      node,
      members: i === 0 ? ids.slice(0, -1) : ids,
      version: i === 0 ? 3 : 4,
    })),
    viewsAgree: false,
    misroutes: 7,
    hitRateSeries: [
      { t: 0, hitRate: null },
      { t: 500, hitRate: 0.5 },
      { t: 1000, hitRate: 0.9 },
      { t: 1500, hitRate: 0.4 },
    ],
  };
}
