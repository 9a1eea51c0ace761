/**
 * A brute-force linearizability oracle for tests: the definition itself (Herlihy & Wing
 * 1990, §3), tried order by order, so the real checker has something naive to agree with.
 * Exponential in the number of operations: small histories only (≤ 8 or so).
 */
import type { Operation } from './history';
import type { Model } from './linearizability';

/**
 * True when some order of `ops` fits `model`: each step places any operation not yet placed
 * whose call no unplaced operation's return strictly precedes; done when every `ok`
 * operation is placed (`info` ones — outcome unknown — may never be).
 */
export function bruteForce<S>(model: Model<S>, ops: readonly Operation[]): boolean {
  const placed = ops.map(() => false);
  const search = (state: S, okLeft: number): boolean => {
    if (okLeft === 0) return true;
    for (const [i, op] of ops.entries()) {
      if (placed[i]) continue;
      if (ops.some((q, j) => !placed[j] && q.returnMs < op.callMs)) continue;
      const { ok, next } = model.step(state, op);
      if (!ok) continue;
      placed[i] = true;
      if (search(next, okLeft - (op.outcome === 'ok' ? 1 : 0))) return true;
      placed[i] = false;
    }
    return false;
  };
  return search(model.init(), ops.filter((op) => op.outcome === 'ok').length);
}
