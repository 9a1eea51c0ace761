/**
 * Values a worker sends after every call that the engine keeps — what a node persisted,
 * what it shows the invariants — sent as changes to the value sent before. A Raft server's
 * disk and observation hold its whole log: sent whole, every event would copy the log
 * across the thread boundary, O(log) on the engine's thread per event. Sent as a change,
 * an appended entry costs one entry, and what did not change is the engine's previous value.
 *
 * Both ends keep the last value of the stream: the sender a private copy (shared with
 * nothing the protocol can change), the receiver what it decoded, which it treats as
 * immutable like everything else the engine keeps. A stream belongs to one worker: a fresh
 * worker starts a fresh stream on both ends.
 */
import { cloneDataSharing } from '../sim/clone';

/**
 * The change from the previous value: 0 = the same value; [1, v] = v itself; [2, k, items]
 * = an array whose first k items are the previous array's, then `items` (each a change
 * from the previous item at its index, if there was one); [3, values] = an object with the
 * previous object's keys, in order, each value a change.
 */
export type Change =
  | 0
  | readonly [1, unknown]
  | readonly [2, number, readonly Change[]]
  | readonly [3, readonly Change[]];

/** One value of a stream, numbered so the two ends cannot silently fall out of step. */
export interface Kept {
  readonly n: number;
  readonly change: Change;
}

const SAME = 0;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The change from p to c, where equal parts are the very same objects (cloneDataSharing). */
function changeOf(c: unknown, p: unknown): Change {
  if (Object.is(c, p)) return SAME;
  if (Array.isArray(c) && Array.isArray(p)) {
    let k = 0;
    while (k < c.length && k < p.length && Object.is(c[k], p[k])) k++;
    if (k === 0) return [1, c];
    const items: Change[] = [];
    for (let i = k; i < c.length; i++) items.push(i < p.length ? changeOf(c[i], p[i]) : [1, c[i]]);
    return [2, k, items];
  }
  if (isPlainObject(c) && isPlainObject(p)) {
    const keys = Object.keys(c);
    const before = Object.keys(p);
    if (keys.length !== before.length || keys.some((key, i) => key !== before[i])) return [1, c];
    return [3, keys.map((key) => changeOf(c[key], p[key]))];
  }
  return [1, c];
}

function apply(change: Change, p: unknown): unknown {
  if (change === SAME) return p;
  switch (change[0]) {
    case 1:
      return change[1];
    case 2: {
      const before = p as readonly unknown[];
      const [, k, items] = change;
      const out = before.slice(0, k);
      items.forEach((item, i) => out.push(apply(item, before[k + i])));
      return out;
    }
    case 3: {
      const before = p as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      Object.keys(before).forEach((key, i) => {
        out[key] = apply(change[1][i] as Change, before[key]);
      });
      return out;
    }
    default: {
      const never: never = change;
      throw new Error(`unknown change ${String(never)}`);
    }
  }
}

/** The worker's end: send(value) takes a private copy and says how it differs from the last. */
export class KeptSender {
  private last: unknown = undefined;
  private n = 0;

  send(value: unknown): Kept {
    return this.sendCopy(cloneDataSharing(value, this.last));
  }

  /**
   * Send a value that is already a private copy nobody will change, made with
   * cloneDataSharing from the values sent before (a node's disk): no second copy is taken.
   */
  sendCopy(copy: unknown): Kept {
    const change = this.n === 0 ? ([1, copy] as const) : changeOf(copy, this.last);
    this.last = copy;
    return { n: this.n++, change };
  }
}

/** The engine's end: each value, rebuilt from the previous one and the change. */
export class KeptReceiver {
  private last: unknown = undefined;
  private n = 0;

  receive(kept: Kept): unknown {
    if (kept.n !== this.n)
      throw new Error(`kept values out of step: got #${kept.n}, expected #${this.n}`);
    this.n++;
    this.last = apply(kept.change, this.last);
    return this.last;
  }
}
