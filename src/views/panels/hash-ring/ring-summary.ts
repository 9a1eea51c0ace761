/**
 * The hash-ring family's published summary (`HashRingSummary`, the `data` of its observer
 * checker's summary) as the views find it in a frame's checks. The views read only this
 * shape; they never reach into the protocol's state.
 */
import type { InvariantStatus } from '../../../engine/check/monitor';
import type { HashRingSummary } from '../../../engine/protocols/hash-ring/summary';

const isObject = (d: unknown): d is Record<string, unknown> =>
  typeof d === 'object' && d !== null && !Array.isArray(d);

/**
 * Whether `d` has the summary's shape (its lists and the fields every panel reads). A
 * defensive check, not a schema: the checker is ours, but a panel must not throw on a summary
 * from an older or newer build (a shared link opened elsewhere).
 */
export function isHashRingSummary(d: unknown): d is HashRingSummary {
  if (!isObject(d)) return false;
  const keys = d.keys;
  return (
    typeof d.scheme === 'string' &&
    typeof d.vnodes === 'number' &&
    typeof d.replication === 'number' &&
    Array.isArray(d.servers) &&
    Array.isArray(d.arcs) &&
    isObject(keys) &&
    typeof keys.count === 'number' &&
    Array.isArray(keys.positions) &&
    Array.isArray(d.spreadByVnodes) &&
    Array.isArray(d.views) &&
    Array.isArray(d.hitRateSeries)
  );
}

/**
 * The hash-ring summary among a frame's checks, or null when no checker publishes one (another
 * family's lab, or before the first observation). Found by shape, so the views do not depend
 * on the checker's id.
 */
export function ringSummaryOf(
  checks: readonly InvariantStatus[] | undefined,
): HashRingSummary | null {
  if (!checks) return null;
  for (const c of checks) {
    const data = c.summary?.data;
    if (isHashRingSummary(data)) return data;
  }
  return null;
}
