/** One directed link's settings. a→b and b→a are separate links, so one-way faults exist. */
import type { NodeId } from '../protocol';

export interface LinkConfig {
  /** Base one-way propagation delay. */
  readonly latencyMs: number;
  /** Extra delay drawn uniformly from [0, jitterMs) per message. */
  readonly jitterMs: number;
  /** Transmission rate; a message occupies the link for sizeBytes / rate. Null = unlimited. */
  readonly bandwidthBytesPerMs: number | null;
  /** Probability that a message is lost on the way. */
  readonly loss: number;
  /** Probability that a message is delivered twice (each copy with its own delay). */
  readonly duplicate: number;
  /** Probability that a message is held back long enough to be overtaken (ordering 'any'). */
  readonly reorder: number;
  /** 'fifo' links deliver in send order, as a TCP connection does; 'any' links may reorder. */
  readonly ordering: 'fifo' | 'any';
}

export const DEFAULT_LINK: LinkConfig = {
  latencyMs: 20,
  jitterMs: 10,
  bandwidthBytesPerMs: null,
  loss: 0,
  duplicate: 0,
  reorder: 0,
  ordering: 'any',
};

export type LinkKey = `${NodeId}>${NodeId}`;

export function linkKey(from: NodeId, to: NodeId): LinkKey {
  return `${from}>${to}`;
}

const probability = (p: number) => Number.isFinite(p) && p >= 0 && p <= 1;

/** Reasons a config is unusable, in words a learner can act on; empty when valid. */
export function linkConfigProblems(c: LinkConfig): string[] {
  const problems: string[] = [];
  if (!(Number.isFinite(c.latencyMs) && c.latencyMs >= 0)) problems.push('latency must be ≥ 0 ms');
  if (!(Number.isFinite(c.jitterMs) && c.jitterMs >= 0)) problems.push('jitter must be ≥ 0 ms');
  if (c.bandwidthBytesPerMs !== null && !(c.bandwidthBytesPerMs > 0))
    problems.push('bandwidth must be > 0 bytes/ms, or unlimited');
  if (!probability(c.loss)) problems.push('loss must be between 0 and 1');
  if (!probability(c.duplicate)) problems.push('duplication must be between 0 and 1');
  if (!probability(c.reorder)) problems.push('reordering must be between 0 and 1');
  if (c.ordering !== 'fifo' && c.ordering !== 'any') problems.push('ordering must be fifo or any');
  return problems;
}

/** A probability as a percentage without float noise: 0.07 → "7%", 0.123456 → "12.35%". */
export const percentOf = (p: number): string => `${Number((p * 100).toFixed(2))}%`;
const percent = percentOf;

/**
 * A link's settings in words, for the narration and the timeline: `{ jitterMs: 200 }` →
 * "jitter 200 ms"; several settings are joined by commas in the order LinkConfig lists them.
 * Only the settings given are said; an empty config is "no change".
 */
export function describeLinkConfig(c: Partial<LinkConfig>): string {
  const parts: string[] = [];
  if (c.latencyMs !== undefined) parts.push(`latency ${c.latencyMs} ms`);
  if (c.jitterMs !== undefined) parts.push(`jitter ${c.jitterMs} ms`);
  if (c.bandwidthBytesPerMs !== undefined)
    parts.push(
      c.bandwidthBytesPerMs === null
        ? 'bandwidth unlimited'
        : `bandwidth ${c.bandwidthBytesPerMs} bytes/ms`,
    );
  if (c.loss !== undefined) parts.push(`loss ${percent(c.loss)}`);
  if (c.duplicate !== undefined) parts.push(`duplication ${percent(c.duplicate)}`);
  if (c.reorder !== undefined) parts.push(`reordering ${percent(c.reorder)}`);
  if (c.ordering !== undefined)
    parts.push(c.ordering === 'fifo' ? 'in send order (FIFO)' : 'in any order');
  return parts.length ? parts.join(', ') : 'no change';
}
