/**
 * Disk faults as storage shows them (SimTigerBeetle's storage faults, Alagappan et al.,
 * "Protocol-Aware Recovery for Consensus-Based Storage", FAST 2018): a write that a lying
 * fsync acknowledged but never made durable, and a garbled tail of what is on disk. The
 * engine knows nothing of any protocol's disk layout: it treats the longest list on a
 * node's disk as its log, since an append-only log is what grows, and garbles the last few
 * items of it. A protocol notices only if it protects its records (checksums).
 */
import type { Json } from '../protocol';
import type { Rng } from './prng';

/** Where a disk's log lives (a path of keys and indices) and how long it is. */
interface ListAt {
  readonly path: readonly (string | number)[];
  readonly length: number;
}

/** The longest list in `disk`, depth first in key order (the first one wins a tie). */
function longestList(disk: Json, path: (string | number)[] = []): ListAt | null {
  let best: ListAt | null = null;
  const consider = (found: ListAt | null) => {
    if (found && found.length > 0 && (!best || found.length > best.length)) best = found;
  };
  if (Array.isArray(disk)) {
    consider({ path: [...path], length: disk.length });
    disk.forEach((item, i) => consider(longestList(item, [...path, i])));
  } else if (disk !== null && typeof disk === 'object') {
    for (const [key, value] of Object.entries(disk)) consider(longestList(value, [...path, key]));
  }
  return best;
}

/** A value that differs from `v`, drawn from rng: one leaf changed (or v itself, if a leaf). */
function garble(v: Json, rng: Rng): Json {
  if (typeof v === 'number') return v + 1 + rng.int(1000);
  if (typeof v === 'boolean') return !v;
  if (v === null) return 0;
  if (typeof v === 'string') {
    const at = rng.int(v.length + 1);
    // A character outside what protocols write keeps the result different from v.
    return `${v.slice(0, at)}\u00bf${v.slice(at + 1)}`;
  }
  if (Array.isArray(v)) {
    if (v.length === 0) return null;
    const at = rng.int(v.length);
    return v.map((item, i) => (i === at ? garble(item, rng) : item));
  }
  const keys = Object.keys(v);
  if (keys.length === 0) return null;
  const key = keys[rng.int(keys.length)] as string;
  return { ...v, [key]: garble(v[key] as Json, rng) };
}

/** `disk` with the value at `path` replaced by `f(value)`, copied along the path only. */
function updateAt(disk: Json, path: readonly (string | number)[], f: (v: Json) => Json): Json {
  if (path.length === 0) return f(disk);
  const [head, ...rest] = path;
  if (Array.isArray(disk) && typeof head === 'number')
    return disk.map((item, i) => (i === head ? updateAt(item, rest, f) : item));
  if (disk !== null && typeof disk === 'object' && !Array.isArray(disk) && typeof head === 'string')
    return { ...disk, [head]: updateAt(disk[head] as Json, rest, f) };
  return disk;
}

/** What a corruption did: the new disk, and how many of the log's last items it garbled. */
export interface Corruption {
  readonly disk: Json;
  readonly garbled: number;
  /** Length of the list garbled (its items `length - garbled + 1 … length`, 1-based, changed). */
  readonly length: number;
}

/** How many items at most a corruption garbles (a torn sector or two at the log's end). */
export const MAX_GARBLED = 3;

/**
 * Garble the last 1–3 items (drawn from rng) of the longest list on `disk`, one leaf each,
 * never changing `disk` itself (a checkpoint may share it). Null when the disk holds no
 * non-empty list: there is no log tail to corrupt.
 */
export function corruptTail(disk: Json | undefined, rng: Rng): Corruption | null {
  if (disk === undefined) return null;
  const list = longestList(disk);
  if (!list) return null;
  const garbled = Math.min(list.length, 1 + rng.int(MAX_GARBLED));
  const from = list.length - garbled;
  const next = updateAt(disk, list.path, (v) =>
    (v as Json[]).map((item, i) => (i >= from ? garble(item, rng) : item)),
  );
  return { disk: next, garbled, length: list.length };
}

/** Whether `disk` has a log tail to corrupt (a non-empty list somewhere on it). */
export function hasLogTail(disk: Json | undefined): boolean {
  return disk !== undefined && longestList(disk) !== null;
}
