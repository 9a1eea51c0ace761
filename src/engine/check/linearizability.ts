/**
 * Linearizability, checked after the run over the whole recorded history: is there one order
 * of the operations that a single copy of the data would accept (the model), and that keeps
 * every operation that finished before another began ahead of it (Herlihy & Wing 1990)?
 *
 * The search is Wing & Gong's (1993) with Lowe's memoisation (2017), as in Porcupine and
 * Knossos: walk the call and return events in time order; at a call, try to make that
 * operation take effect now (lift it out of the list) and start again from the front; on
 * reaching a return whose operation has not taken effect, undo the last choice. A
 * configuration (which operations have taken effect, the model's state) already explored is
 * not explored again. Histories of independent keys are split and checked key by key
 * (linearizability is local: Herlihy & Wing, Theorem 1), as Porcupine's partitions do.
 *
 * Timing, as decided here:
 * - A precedes B only when A returned strictly before B was called. At equal times the call
 *   is taken first: the two are concurrent. This can only forgive, never accuse.
 * - An operation whose outcome is unknown (info: returnMs = Infinity) may take effect at any
 *   point after its call, or never.
 * - Failed operations did not happen: history.ts drops them before they get here.
 *
 * The search is exponential in the worst case, so it is bounded: by a number of
 * configurations per key (deterministic, for tests), by the size of its memo (a JavaScript
 * Set holds at most 2^24 entries), and by an optional question the caller owns (e.g. a
 * wall-clock deadline in a worker). Running out gives 'unknown', never a guess. Keys share
 * the budget in rounds of growing size, so one hard key cannot starve the others, and the
 * first key proven not linearizable ends the check. The checker answers; it never throws: an
 * operation no model knows, or a malformed one, makes its key 'unknown', with the reason.
 */
import { NO_KEY, type Operation } from './history';
import type { Model, Partition } from './models';
import { buildList, lift, unlift, type Entry } from './history-list';

export type { Model, Partition } from './models';
export { appendModel, counterModel, kvModel, modelForKey, registerModel } from './models';

export type LinearizabilityVerdict = 'linearizable' | 'not-linearizable' | 'unknown';

export interface CheckOptions {
  /** Configurations tried per key before the verdict is 'unknown' (DEFAULT_MAX_CONFIGURATIONS). */
  readonly maxConfigurations?: number;
  /**
   * Asked every CHECK_EVERY configurations: true stops the whole check with 'unknown' (for a
   * wall-clock deadline the caller owns; the checker itself never reads a clock).
   */
  readonly isTimeUp?: () => boolean;
  /** Configurations remembered per key before the verdict is 'unknown' (DEFAULT_MAX_MEMO). */
  readonly maxMemo?: number;
}

interface KeyResultBase {
  readonly key: string;
  /** Ids of the operations checked for this key. */
  readonly operations: readonly number[];
  /** Configurations tried (model steps), the measure of the work done. */
  readonly configurations: number;
}

export type KeyResult =
  | (KeyResultBase & {
      readonly verdict: 'linearizable';
      /** A witness: the order the operations took effect in (info ones that did, only). */
      readonly linearization: readonly number[];
    })
  | (KeyResultBase & {
      readonly verdict: 'not-linearizable' | 'unknown';
      readonly reason: string;
      /** The longest order found that fits (for 'unknown': so far). */
      readonly longestPrefix: readonly number[];
      /** After it, none of these could take effect next: the operations that cannot be ordered. */
      readonly unplaceable: readonly number[];
      /** Among them, the one that returned before it could take effect (null if none yet). */
      readonly overdue: number | null;
    });

export interface LinearizabilityResult {
  readonly verdict: LinearizabilityVerdict;
  /** Why it is not 'linearizable', in a phrase (e.g. 'ran out of time after 200000 configurations'). */
  readonly reason?: string;
  readonly configurations: number;
  readonly keys: readonly KeyResult[];
}

/**
 * About a second and 50 MB at most in V8. A correct register's history needs a few per
 * operation (a few hundred at 10-way concurrency); proving a violation in one with many info
 * writes of reused values can need more than this (those give 'unknown').
 */
export const DEFAULT_MAX_CONFIGURATIONS = 1_000_000;
/**
 * Memo entries per key: well under the 2^24 a V8 Set can hold (beyond it, add throws a
 * RangeError), and a few hundred MB of short strings at most.
 */
export const DEFAULT_MAX_MEMO = 4_000_000;
/** The first round's configurations per key; each round after gives every open key 4× more. */
const FIRST_ROUND = 4096;
const ROUND_GROWTH = 4;
const CHECK_EVERY = 1024;

// ---------------------------------------------------------------------------------------
// The search

/**
 * The operations decided so far (taken effect, or dropped as irrelevant), one bit each, in
 * the order of their calls. Decisions sweep forward through the history, so the set is
 * nearly always "all of the first k, a few after, and a few holes before" (info operations
 * still pending): its key names the last word with a bit set and spells out only the words
 * up to it that are not full. Exact (no hashing), and short.
 */
class DecidedSet {
  private readonly words: Uint32Array;
  constructor(size: number) {
    this.words = new Uint32Array(Math.ceil(size / 32));
  }
  toggle(bit: number): void {
    const w = bit >>> 5;
    this.words[w] = (this.words[w] ?? 0) ^ (1 << (bit & 31));
  }
  key(): string {
    const words = this.words;
    let last = words.length - 1;
    while (last >= 0 && words[last] === 0) last--;
    let key = String(last);
    for (let w = 0; w <= last; w++) {
      const word = words[w] ?? 0;
      if (word !== 0xffffffff) key += `,${w}:${word}`;
    }
    return key;
  }
}

interface Frame<S> {
  readonly call: Entry;
  /** The state before this decision. */
  readonly state: S;
  /** Dropped as irrelevant rather than taken effect. */
  readonly isDrop: boolean;
}

/**
 * Check one partition (one key) on its own, against the partition's own model when it has
 * one. Never throws: a model that refuses an operation, or a malformed operation, gives
 * 'unknown' with the reason.
 */
export function checkPartition<S>(
  model: Model<S>,
  part: Partition,
  options: CheckOptions = {},
): KeyResult {
  try {
    return part.model ? search(part.model, part, options) : search(model, part, options);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    return {
      key: part.key,
      operations: part.operations.map((op) => op.id),
      configurations: 0,
      verdict: 'unknown',
      reason: `cannot check: ${why}`,
      longestPrefix: [],
      unplaceable: [],
      overdue: null,
    };
  }
}

function search<S>(model: Model<S>, part: Partition, options: CheckOptions): KeyResult {
  const maxConfigurations = options.maxConfigurations ?? DEFAULT_MAX_CONFIGURATIONS;
  const isTimeUp = options.isTimeUp ?? (() => false);
  const maxMemo = options.maxMemo ?? DEFAULT_MAX_MEMO;
  const operations = part.operations;
  const ids = operations.map((op) => op.id);
  const idOf = (e: Entry) => ids[e.op] ?? -1;
  const keyOf = model.key ?? ((s: S) => JSON.stringify(s));
  const head = buildList(part);
  const decided = new DecidedSet(operations.length);
  const memo = new Set<string>();
  const stack: Frame<S>[] = [];
  let state = model.init();
  let mustReturn = operations.filter((op) => op.returnMs !== Infinity).length;
  let placed = 0;
  let configurations = 0;
  let stopped: 'budget' | 'time' | 'memory' | null = null;
  let longestPrefix: number[] = [];
  let unplaceable: number[] = [];
  let overdue: number | null = null;
  const order = () => stack.filter((f) => !f.isDrop).map((f) => idOf(f.call));

  /** Decide `call` (take effect, or drop), unless that configuration was explored before. */
  const enter = (call: Entry, next: S, isDrop: boolean): boolean => {
    decided.toggle(call.bit);
    const memoKey = `${decided.key()}|${keyOf(next)}`;
    if (memo.has(memoKey)) {
      decided.toggle(call.bit); // explored before, and it led nowhere
      return false;
    }
    memo.add(memoKey);
    stack.push({ call, state, isDrop });
    state = next;
    lift(call);
    if (!isDrop) placed++;
    if (call.match?.kind === 'return') mustReturn--;
    return true;
  };

  /** Undo decisions back to the last one that was a choice; where to scan on from. */
  const backtrack = (): Entry | null => {
    for (;;) {
      const top = stack.pop();
      if (!top) return null;
      state = top.state;
      decided.toggle(top.call.bit);
      unlift(top.call);
      if (top.call.match?.kind === 'return') mustReturn++;
      // A drop was forced, so the configuration before it is exhausted too.
      if (!top.isDrop) {
        placed--;
        return top.call.next;
      }
    }
  };

  // Remember the deepest dead end: there, every operation that could go next was tried.
  const deadEnd = (at: Entry) => {
    if (placed <= longestPrefix.length && overdue !== null) return;
    longestPrefix = order();
    unplaceable = [];
    for (let e = head.next; e && e !== at; e = e.next)
      if (e.kind === 'call' && e.op !== at.op) unplaceable.push(idOf(e));
    overdue = idOf(at);
    unplaceable.push(overdue);
  };

  let entry = head.next;
  // Done when every operation that returned has taken effect: the rest (info) need not.
  while (mustReturn > 0 && entry) {
    if (entry.kind === 'call') {
      // Asked at the first configuration too, so a deadline already past stops the next key.
      if (configurations % CHECK_EVERY === 0 && isTimeUp()) {
        stopped = 'time';
        break;
      }
      if (configurations >= maxConfigurations) {
        stopped = 'budget';
        break;
      }
      if (memo.size >= maxMemo) {
        stopped = 'memory';
        break;
      }
      configurations++;
      const op = operations[entry.op];
      if (!op) throw new Error('an entry without its operation');
      const { ok, next } = model.step(state, op);
      let entered = false;
      try {
        entered = ok && enter(entry, next, false);
      } catch (err) {
        // The memo is full after all (a Set's own limit): say so, do not guess.
        if (!(err instanceof RangeError)) throw err;
        stopped = 'memory';
        break;
      }
      entry = entered ? head.next : entry.next;
    } else if (entry.kind === 'expiry') {
      // All that saw this info operation's value have taken effect: it no longer matters.
      entry = entry.match && enter(entry.match, state, true) ? head.next : backtrack();
    } else {
      // This operation returned, yet has not taken effect: undo the last choice.
      deadEnd(entry);
      entry = backtrack();
    }
  }

  const base = { key: part.key, operations: ids, configurations };
  if (mustReturn === 0) return { ...base, verdict: 'linearizable', linearization: order() };
  if (stopped) {
    if (placed > longestPrefix.length) {
      longestPrefix = order();
      unplaceable = [];
      overdue = null;
    }
    const why = stopped === 'time' ? ' (deadline)' : '';
    return {
      ...base,
      verdict: 'unknown',
      reason:
        stopped === 'memory'
          ? `ran out of memory after ${configurations} configurations (${memo.size} remembered)`
          : `ran out of time after ${configurations} configurations${why}`,
      longestPrefix,
      unplaceable,
      overdue,
    };
  }
  const where = part.key === NO_KEY ? '' : `key ${part.key}: `;
  const stuck =
    unplaceable.length === 1
      ? `operation ${unplaceable.join('')} cannot`
      : `none of operations ${unplaceable.join(', ')} can`;
  return {
    ...base,
    verdict: 'not-linearizable',
    reason: `${where}after ${longestPrefix.length} operations in order, ${stuck} take effect next`,
    longestPrefix,
    unplaceable,
    overdue,
  };
}

/**
 * Check a history (operations from history.ts) against a model, key by key (in the order the
 * model's partition gives them: first appearance, for the KV model).
 *
 * The keys share the budget fairly: in rounds, each key not yet decided is searched afresh
 * with FIRST_ROUND configurations, then 4× more each round, up to maxConfigurations. So one
 * pathological key costs the others at most a constant factor, and a key that is plainly not
 * linearizable is found in the first round whatever comes before it. The first key proven
 * not linearizable ends the check (keys not yet searched are left 'unknown'); the caller's
 * deadline ends it too. Never throws.
 */
export function checkLinearizability<S>(
  model: Model<S>,
  operations: readonly Operation[],
  options: CheckOptions = {},
): LinearizabilityResult {
  let isPastDeadline = false;
  // Once the deadline has passed, it stays passed: the remaining keys are not searched.
  const isTimeUp = () => (isPastDeadline ||= options.isTimeUp?.() ?? false);
  const maxConfigurations = options.maxConfigurations ?? DEFAULT_MAX_CONFIGURATIONS;
  let parts: readonly Partition[];
  try {
    parts = model.partition?.(operations) ?? [{ key: NO_KEY, operations }];
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    return { verdict: 'unknown', reason: `cannot check: ${why}`, configurations: 0, keys: [] };
  }
  const keys: KeyResult[] = parts.map((part) => notSearched(part));
  let configurations = 0;
  let open = parts.map((_, i) => i);
  for (let cap = Math.min(FIRST_ROUND, maxConfigurations); open.length > 0;) {
    const stillOpen: number[] = [];
    for (const i of open) {
      const part = parts[i];
      if (!part || isPastDeadline) continue;
      const result = checkPartition(model, part, { ...options, maxConfigurations: cap, isTimeUp });
      configurations += result.configurations;
      keys[i] = result;
      if (result.verdict === 'not-linearizable')
        return { verdict: 'not-linearizable', reason: result.reason, configurations, keys };
      // Only a key stopped by this round's budget has more to gain from the next.
      if (result.verdict === 'unknown' && result.reason.startsWith('ran out of time'))
        if (!result.reason.endsWith('(deadline)')) stillOpen.push(i);
    }
    if (cap >= maxConfigurations || isPastDeadline) break;
    open = stillOpen;
    cap = Math.min(maxConfigurations, cap * ROUND_GROWTH);
  }
  const reasons = keys.flatMap((k) => (k.verdict === 'unknown' ? [k.reason] : []));
  if (reasons.length > 0)
    return {
      verdict: 'unknown',
      // Say what stopped it: a key it cannot check, a full memo, or else the budget.
      reason:
        reasons.find((r) => r.startsWith('cannot check')) ??
        reasons.find((r) => r.startsWith('ran out of memory')) ??
        `ran out of time after ${configurations} configurations`,
      configurations,
      keys,
    };
  return { verdict: 'linearizable', configurations, keys };
}

/** A key the check has not searched (yet): 'unknown'. */
function notSearched(part: Partition): KeyResult {
  return {
    key: part.key,
    operations: part.operations.map((op) => op.id),
    configurations: 0,
    verdict: 'unknown',
    reason: 'not searched: the check stopped before this key',
    longestPrefix: [],
    unplaceable: [],
    overdue: null,
  };
}
