/**
 * One history operation in words, for the history diagram's bars and their labels. Any kind
 * of operation gets words (read, write, cas, append, add, and kinds nobody taught it): a
 * history is data from a run, and the panel must never fail on it.
 */
import type { Operation } from '../../engine/check/history';
import type { Json } from '../../engine/protocol';

/** A value in words: nil for null, '?' when unknown, text as it is, anything else as JSON. */
export function showValue(v: Json | undefined): string {
  if (v === undefined) return '?';
  if (v === null) return 'nil';
  if (typeof v === 'string') return v;
  try {
    return JSON.stringify(v) ?? '?';
  } catch {
    return '?';
  }
}

/**
 * "write x=1", "read x → 1", "append x=a", "add n=2", "cas x 1→2", "incr x → 2";
 * "(outcome unknown)" for info.
 */
export function describeOp(op: Operation): string {
  const answer = op.outcome === 'ok' ? showValue(op.output) : '?';
  const what =
    op.fn === 'read'
      ? `read ${op.key} → ${answer}`
      : op.fn === 'cas' && Array.isArray(op.input)
        ? `cas ${op.key} ${showValue(op.input[0])}→${showValue(op.input[1])}`
        : op.input === null
          ? // An operation without input may still answer (an INCR's new value).
            `${op.fn} ${op.key}${op.outcome === 'ok' && op.output !== null ? ` → ${answer}` : ''}`
          : `${op.fn} ${op.key}=${showValue(op.input)}`;
  return op.outcome === 'info' ? `${what} (outcome unknown)` : what;
}
