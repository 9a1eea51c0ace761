/**
 * Sequential specifications for the linearizability checker: what one copy of the data does,
 * as plain functions — a register (read, write, cas), a list one appends to (append, read), a
 * counter (add, read), and a key-value map whose keys are each one of those, checked key by
 * key. A model refuses (throws on) an operation it does not know; the checker turns that into
 * 'unknown' for the key, never an exception (linearizability.ts).
 */
import type { Json } from '../protocol';
import { NO_KEY, type Operation } from './history';

/** A sequential specification: what one copy of the data does, as plain functions. */
export interface Model<S> {
  readonly id: string;
  init(): S;
  /** Apply `op` to `state`; ok = false when `op` could not have happened there (a wrong read). */
  step(state: S, op: Operation): { ok: boolean; next: S };
  /** Equal states give equal keys (for the memo); JSON.stringify when absent. */
  key?(state: S): string;
  /** Split the history into independent parts, each checked alone from init(). */
  partition?(operations: readonly Operation[]): Partition[];
}

export interface Partition {
  readonly key: string;
  readonly operations: readonly Operation[];
  /**
   * For info operations (by id), a time after which they cannot matter: once every
   * operation that returned by then has taken effect, one that has not yet is dropped.
   * Absent: it may matter until the end.
   */
  readonly irrelevantAfterMs?: ReadonlyMap<number, number>;
  /** The model this part is checked against, when not the caller's (a kv key that is a list). */
  readonly model?: Model<Json>;
}

/** What a model says an operation it does not know is: a refusal, in words (see the top). */
function cannotCheck(model: string, op: Operation): never {
  throw new Error(`the ${model} model cannot check '${op.fn}' (operation ${op.id})`);
}

/**
 * A register's read (output = the value; null = nil) and write (input = the value), which
 * every register model shares; null for any other operation.
 */
function registerReadWrite(state: Json, op: Operation): { ok: boolean; next: Json } | null {
  if (op.fn === 'read')
    return { ok: op.output === undefined || sameJson(op.output, state), next: state };
  if (op.fn === 'write') return { ok: true, next: op.input };
  return null;
}

function sameJson(a: Json | undefined, b: Json | undefined): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The value a register holds after `op` takes effect; undefined for a read. */
function written(op: Operation): Json | undefined {
  if (op.fn === 'write') return op.input;
  if (op.fn === 'cas' && Array.isArray(op.input)) return op.input[1];
  return undefined;
}

/**
 * Prepare one register's history for the search, leaving out what cannot change the verdict:
 * - a read whose answer never came constrains nothing;
 * - an info write (or cas) whose value no read or cas ever saw (or saw only before it was
 *   called): wherever it took effect, it was overwritten before anyone looked, so dropping
 *   it from a valid order leaves a valid order.
 * The same argument gives every other info write a deadline: once each operation that saw
 * its value has taken effect, it can no longer matter, and the search drops it there.
 * Without these, an info operation may take effect at every later point, and the search
 * pays for each of them twice over to the end of the history.
 */
function registerPartition(key: string, operations: readonly Operation[]): Partition {
  /** Per value (as JSON): when the last operation that saw it returned. */
  const lastSeenMs = new Map<string, number>();
  const saw = (value: Json, atMs: number) => {
    const k = JSON.stringify(value);
    lastSeenMs.set(k, Math.max(lastSeenMs.get(k) ?? -Infinity, atMs));
  };
  for (const op of operations) {
    if (op.fn === 'read' && op.output !== undefined) saw(op.output, op.returnMs);
    if (op.fn === 'cas' && Array.isArray(op.input) && op.input.length > 0)
      saw(op.input[0] ?? null, op.returnMs);
  }
  const irrelevantAfterMs = new Map<number, number>();
  const kept = operations.filter((op) => {
    if (op.outcome === 'ok') return true;
    if (op.fn === 'read') return false;
    const value = written(op);
    if (value === undefined) return true; // not ours to judge: step() will refuse it
    const seenUntilMs = lastSeenMs.get(JSON.stringify(value)) ?? -Infinity;
    if (seenUntilMs < op.callMs) return false;
    if (seenUntilMs !== Infinity) irrelevantAfterMs.set(op.id, seenUntilMs);
    return true;
  });
  return { key, operations: kept, irrelevantAfterMs };
}

/**
 * One register: read (output = the value; null = nil), write (input = the value), and cas
 * (input = [expected, new]; ok means it swapped — a cas that found another value fails and
 * is dropped, as Jepsen records it).
 */
export function registerModel(initial: Json = null): Model<Json> {
  return {
    id: 'register',
    init: () => initial,
    step(state, op) {
      const readOrWrite = registerReadWrite(state, op);
      if (readOrWrite) return readOrWrite;
      if (op.fn !== 'cas') return cannotCheck('register', op);
      const [expected, next] = Array.isArray(op.input) ? op.input : [];
      if (expected === undefined || next === undefined)
        throw new Error(`cas ${op.id} needs [expected, new] as its input`);
      return sameJson(state, expected) ? { ok: true, next } : { ok: false, next: state };
    },
    key: (state) => JSON.stringify(state),
    partition: (operations) => [registerPartition(operations[0]?.key ?? NO_KEY, operations)],
  };
}

/** A list's items as the model holds them: nil (never appended to) is the empty list. */
const listOf = (v: Json | undefined): readonly Json[] | null =>
  v === null || v === undefined ? [] : Array.isArray(v) ? v : null;

/**
 * A list one appends to (Jepsen's list-append, one key): append (input = the item; ok adds it
 * at the end) and read (output = the whole list, in order; nil = the empty list). A read of
 * something that is not a list could never have happened.
 */
export function appendModel(): Model<readonly Json[]> {
  return {
    id: 'append',
    init: () => [],
    step(state, op) {
      switch (op.fn) {
        case 'append':
          return { ok: true, next: [...state, op.input] };
        case 'read': {
          if (op.output === undefined) return { ok: true, next: state };
          const seen = listOf(op.output);
          return { ok: seen !== null && sameJson(seen as Json, state as Json), next: state };
        }
        default:
          return cannotCheck('append', op);
      }
    },
    key: (state) => JSON.stringify(state),
  };
}

/** What a counter's add adds: its input when a finite number, else 1 (an increment). */
const amountOf = (op: Operation): number =>
  typeof op.input === 'number' && Number.isFinite(op.input) ? op.input : 1;

/**
 * A counter: add (input = the amount, 1 when absent; 'incr' and 'increment' are adds of
 * their input too) and read (output = the count; nil = 0).
 */
export function counterModel(): Model<number> {
  return {
    id: 'counter',
    init: () => 0,
    step(state, op) {
      switch (op.fn) {
        case 'add':
        case 'incr':
        case 'increment':
          return { ok: true, next: state + amountOf(op) };
        case 'read': {
          const seen = op.output === null ? 0 : op.output;
          return { ok: seen === undefined || seen === state, next: state };
        }
        default:
          return cannotCheck('counter', op);
      }
    },
    key: (state) => String(state),
  };
}

const COUNTER_FNS = new Set(['add', 'incr', 'increment']);

/** A register's value as a whole number for INCR: nil, or anything else that is not one, is 0. */
function wholeNumberOf(v: Json): number {
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  return typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : 0;
}

/**
 * A register of text that INCR also changes, as a Redis string or the Raft lab's store: read,
 * write (input = the value) and incr (adds 1 to the whole number held — nil or a value that is
 * not one counts as 0 — and answers the new value as text). Not idempotent: an incr applied
 * twice is seen as 2 more, which no order of the operations explains.
 */
export function registerIncrModel(): Model<Json> {
  return {
    id: 'register-incr',
    init: () => null,
    step(state, op) {
      const readOrWrite = registerReadWrite(state, op);
      if (readOrWrite) return readOrWrite;
      if (op.fn !== 'incr') return cannotCheck('register-incr', op);
      const next = String(wholeNumberOf(state) + 1);
      return { ok: op.output === undefined || sameJson(op.output, next), next };
    },
    key: (state) => JSON.stringify(state),
  };
}

/** A key INCR changes whose answers are text, or that is also written: a register INCR changes. */
function isTextCounter(operations: readonly Operation[]): boolean {
  return (
    operations.some((op) => op.fn === 'incr') &&
    operations.some((op) => op.fn === 'write' || typeof op.output === 'string')
  );
}

/**
 * The model one key's operations call for: a list when any is an append, a counter when any
 * is an add (a register INCR changes when its incr answers are text or it is also written,
 * as in the Raft lab; for a key only read: a list when a read saw one, a counter when one saw a
 * number), else a register. Mixing kinds on one key is refused by the model chosen (its
 * step throws), which the checker reports as 'unknown' for that key.
 */
export function modelForKey(operations: readonly Operation[]): Model<Json> {
  // A key that is only read says what it is by what the reads saw.
  const onlyRead = operations.every((op) => op.fn === 'read');
  const saw = (test: (v: Json) => boolean) =>
    onlyRead && operations.some((op) => op.output !== undefined && test(op.output));
  if (operations.some((op) => op.fn === 'append') || saw(Array.isArray))
    return appendModel() as unknown as Model<Json>;
  if (isTextCounter(operations)) return registerIncrModel();
  if (operations.some((op) => COUNTER_FNS.has(op.fn)) || saw((v) => typeof v === 'number'))
    return counterModel() as Model<Json>;
  return registerModel();
}

/**
 * A key-value store: one independent object per key, each key checked on its own. Each key
 * is a register, a list or a counter, by the operations it sees (modelForKey).
 */
export function kvModel(initial: Json = null): Model<Json> {
  const register = registerModel(initial);
  return {
    ...register,
    id: 'kv',
    partition(operations) {
      const byKey = new Map<string, Operation[]>();
      for (const op of operations) {
        let list = byKey.get(op.key);
        if (!list) byKey.set(op.key, (list = []));
        list.push(op);
      }
      return [...byKey].map(([key, ops]) => {
        const model = modelForKey(ops);
        // Only a register's info writes can be pruned by the values reads saw.
        if (model.id === 'register') return registerPartition(key, ops);
        return {
          key,
          operations: ops.filter((op) => op.outcome === 'ok' || op.fn !== 'read'),
          model,
        };
      });
    },
  };
}
