/**
 * Stale reads in a history whose reads may return siblings (kv-quorum). The rule is
 * noStaleRead's (check/stale-read.ts), widened to sets: a read that returned the values V,
 * invoked at time R, is stale when some write w2 of the key was acknowledged before R and
 * - V is nil (nothing deletes a key), or
 * - every value in V was written only by writes acknowledged before w2 was invoked.
 * One value that may be as new as w2 is enough: siblings are concurrent versions, not stale
 * ones. Writes of unknown outcome (info) may take effect at any time; values no client of the
 * history wrote cannot be judged.
 */
import { operationsOf, type Operation, type RecordedOp } from '../../../check/history';
import type { Json } from '../../../protocol';

export interface SiblingStaleRead {
  readonly read: Operation;
  readonly write: Operation;
  readonly message: string;
}

/** A read's output as a list: one value, nil, or siblings. */
export function readValues(output: Json | undefined): (string | null)[] {
  if (Array.isArray(output)) return output.map((v) => (typeof v === 'string' ? v : null));
  return [typeof output === 'string' ? output : null];
}

const text = (vs: readonly (string | null)[]) => vs.map((v) => v ?? 'nil').join(' | ');

export function staleSiblingReads(history: readonly RecordedOp[]): SiblingStaleRead[] {
  const ops = operationsOf(history);
  const writesByKey = new Map<string, Operation[]>();
  for (const op of ops)
    if (op.fn === 'write') writesByKey.set(op.key, [...(writesByKey.get(op.key) ?? []), op]);
  const found: SiblingStaleRead[] = [];
  for (const read of ops) {
    if (read.fn !== 'read' || read.outcome !== 'ok') continue;
    const writes = writesByKey.get(read.key) ?? [];
    const values = readValues(read.output);
    const olderThan = (w2: Operation) =>
      values.every((v) => {
        if (v === null) return true;
        const sources = writes.filter((w) => w.input === v);
        return sources.length > 0 && sources.every((w) => w.returnMs < w2.callMs);
      });
    const w2 = writes
      .filter((w) => w.outcome === 'ok' && w.returnMs < read.callMs)
      .sort((a, b) => b.returnMs - a.returnMs)
      .find(olderThan);
    if (!w2) continue;
    found.push({
      read,
      write: w2,
      message: `${read.client} read ${read.key} = ${text(values)} at ${Math.round(read.returnMs)} ms (invoked at ${Math.round(read.callMs)} ms), but ${w2.client} had written ${read.key} = ${String(w2.input)}, acknowledged at ${Math.round(w2.returnMs)} ms`,
    });
  }
  return found;
}
