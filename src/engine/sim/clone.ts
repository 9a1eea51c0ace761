/**
 * A deep copy with structuredClone's result, several times faster on the plain data that
 * crosses the host boundary every event (messages, persisted state, facts, checkpoints).
 *
 * The fast path copies plain objects, arrays and primitives. Anything else — a Map, a Date,
 * a class instance, a sparse array, an object reachable twice (shared or cyclic) — sends
 * the whole value to structuredClone, so the result (aliasing included) and the errors
 * (a function, a symbol) are structuredClone's own. That is what keeps the in-process host
 * equal to a worker, whose postMessage is a structured clone.
 */

/** Thrown inside the fast path when it meets something only structuredClone can copy. */
class NeedsStructuredClone extends Error {}
const needsStructuredClone = new NeedsStructuredClone();

/**
 * Objects seen in the copy under way, in order (so a comparison that fails can be undone),
 * searched as a short list, or through a set once there are many.
 */
const SMALL = 16;
const trail: object[] = [];
const EMPTY = {};
let trailLength = 0;
let seenSet: Set<object> | null = null;

function visit(v: object): void {
  if (seenSet !== null) {
    if (seenSet.has(v)) throw needsStructuredClone;
    seenSet.add(v);
  } else {
    for (let i = 0; i < trailLength; i++) if (trail[i] === v) throw needsStructuredClone;
    if (trailLength >= SMALL) {
      seenSet = new Set(trail.slice(0, trailLength));
      seenSet.add(v);
    }
  }
  trail[trailLength++] = v;
}

/** Forget the objects seen since `mark` (a comparison that found a difference). */
function unvisit(mark: number): void {
  for (let i = trailLength - 1; i >= mark; i--) seenSet?.delete(trail[i] as object);
  trailLength = mark;
}

function resetVisits(): void {
  // Keep the list's room for the next copy (most are small), but let go of what it held.
  if (trail.length > 1024) trail.length = 0;
  else for (let i = 0; i < trailLength; i++) trail[i] = EMPTY;
  trailLength = 0;
  seenSet = null;
}

function copy(v: unknown): unknown {
  if (typeof v !== 'object' || v === null) {
    if (typeof v === 'function' || typeof v === 'symbol') throw needsStructuredClone;
    return v;
  }
  visit(v);
  if (Array.isArray(v)) {
    if (Object.getPrototypeOf(v) !== Array.prototype) throw needsStructuredClone;
    const n = v.length;
    const out: unknown[] = new Array(n);
    for (let i = 0; i < n; i++) {
      const item: unknown = v[i];
      if (item === undefined && !(i in v)) throw needsStructuredClone; // a hole
      out[i] = copy(item);
    }
    return out;
  }
  const proto: unknown = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null) throw needsStructuredClone;
  const out: Record<string, unknown> = {};
  // for…in lists own keys only here (see isPrototypePolluted), without an array per object.
  for (const key in v) {
    // Assigning "__proto__" would set the copy's prototype, not an own property.
    if (key === '__proto__') throw needsStructuredClone;
    out[key] = copy((v as Record<string, unknown>)[key]);
  }
  return out;
}

/** Keys of the objects being compared, as a stack (no array per object). */
const keyStack: string[] = [];
let keyTop = 0;

/**
 * Is v (the data being copied) equal to p (an earlier copy)? The same keys in the same order
 * and the same primitives (Object.is: -0 is not 0). Visits v's objects as a copy would, so
 * an object reachable twice is still found; allocates nothing.
 */
function equal(v: unknown, p: unknown): boolean {
  if (typeof v !== 'object' || v === null) {
    if (typeof v === 'function' || typeof v === 'symbol') throw needsStructuredClone;
    return Object.is(v, p);
  }
  if (typeof p !== 'object' || p === null) return false;
  visit(v);
  if (Array.isArray(v)) {
    if (Object.getPrototypeOf(v) !== Array.prototype) throw needsStructuredClone;
    if (!Array.isArray(p) || p.length !== v.length) return false;
    for (let i = 0; i < v.length; i++) {
      const item: unknown = v[i];
      if (typeof item === 'object' && item !== null) {
        if (!equal(item, p[i])) return false;
      } else if (!Object.is(item, p[i])) {
        if (typeof item === 'function' || typeof item === 'symbol') throw needsStructuredClone;
        return false; // a copy will find a hole, if this is one
      } else if (item === undefined && !(i in v)) {
        throw needsStructuredClone; // a hole
      }
    }
    return true;
  }
  const proto: unknown = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null) throw needsStructuredClone;
  if (Array.isArray(p)) return false;
  const base = keyTop;
  // for…in lists own keys only here (see isPrototypePolluted).
  for (const key in v) keyStack[keyTop++] = key;
  let i = base;
  let isEqual = true;
  for (const key in p) {
    if (i === keyTop || keyStack[i] !== key) {
      isEqual = false;
      break;
    }
    i++;
  }
  if (i !== keyTop) isEqual = false;
  for (let j = base; isEqual && j < keyTop; j++) {
    const key = keyStack[j] as string;
    if (key === '__proto__') throw needsStructuredClone;
    isEqual = equal((v as Record<string, unknown>)[key], (p as Record<string, unknown>)[key]);
  }
  keyTop = base;
  return isEqual;
}

/** A copy of v that reuses every part of p (an earlier copy, never changed) equal to v's. */
function share(v: unknown, p: unknown): unknown {
  if (typeof v !== 'object' || v === null || typeof p !== 'object' || p === null) return copy(v);
  const mark = trailLength;
  if (equal(v, p)) return p;
  unvisit(mark);
  visit(v); // equal() has checked v's prototype already
  if (Array.isArray(v)) {
    const before = Array.isArray(p) ? p : null;
    const n = v.length;
    const out: unknown[] = new Array(n);
    for (let i = 0; i < n; i++) {
      const item: unknown = v[i];
      if (item === undefined && !(i in v)) throw needsStructuredClone;
      out[i] = before !== null && i < before.length ? share(item, before[i]) : copy(item);
    }
    return out;
  }
  const before = Array.isArray(p) ? null : (p as Record<string, unknown>);
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(v)) {
    if (key === '__proto__') throw needsStructuredClone;
    const item = (v as Record<string, unknown>)[key];
    out[key] =
      before !== null && Object.hasOwn(before, key) ? share(item, before[key]) : copy(item);
  }
  return out;
}

/**
 * Does Object.prototype have enumerable keys, which for…in would list on every object? Then
 * structuredClone does the copying (the fast path lists keys with for…in, which unlike
 * Object.keys builds no array).
 */
function isPrototypePolluted(): boolean {
  for (const key in EMPTY) if (key !== undefined) return true;
  return false;
}

/** Set while a copy is under way (a getter that copies again gets structuredClone). */
let busy = false;

/** structuredClone(value), faster for plain data. */
export function cloneData<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return structuredCloneLeaf(value);
  if (busy || isPrototypePolluted()) return structuredClone(value);
  busy = true;
  try {
    return copy(value) as T;
  } catch (err) {
    if (err === needsStructuredClone) return structuredClone(value);
    throw err;
  } finally {
    resetVisits();
    busy = false;
  }
}

/** A primitive is its own copy; a function or symbol gets structuredClone's error. */
function structuredCloneLeaf<T>(value: T): T {
  return typeof value === 'function' || typeof value === 'symbol' ? structuredClone(value) : value;
}

/** Copies made by cloneDataSharing: trees of plain data, nothing in them reachable twice. */
const shareable = new WeakSet<object>();

/**
 * cloneData(value) for a copy that is kept and never changed (a disk, a checkpoint, what a
 * worker last sent), which shares with `previous` — the last such copy — every part equal
 * to value's: a log that grew by one entry is compared, not copied, and costs one entry of
 * memory. `previous` counts only if this function made it (so it is a tree of plain data and
 * so is the result); otherwise, or if value is not plain data, this is cloneData(value).
 */
export function cloneDataSharing<T>(value: T, previous: T | undefined): T {
  if (typeof value !== 'object' || value === null) return structuredCloneLeaf(value);
  if (busy || isPrototypePolluted()) return structuredClone(value);
  const canShare = typeof previous === 'object' && previous !== null && shareable.has(previous);
  busy = true;
  try {
    const result = (canShare ? share(value, previous) : copy(value)) as T & object;
    shareable.add(result);
    return result;
  } catch (err) {
    if (err === needsStructuredClone) return structuredClone(value);
    throw err;
  } finally {
    resetVisits();
    keyTop = 0;
    busy = false;
  }
}
