/**
 * The shard map in words and geometry, from the sharding observer's summary
 * (`ShardMapSummary`, `src/engine/protocols/sharding/summary.ts`): which slice of the key space
 * each server holds, its load, the moves under way and the figures after the last change.
 * Pure, so the panel's sentences are tested without a page.
 */
import type { InvariantStatus } from '../../../engine/check/monitor';
import type { FrameNode } from '../../../engine/sim/frame';
import type {
  DirectoryEntry,
  HotKey,
  ShardMapSummary,
  ShardMove,
  ShardRow,
  ShardSlice,
} from '../../../engine/protocols/sharding/summary';

/** How many owner colours the palette has (`--owner-<i>` in styles.css, light and dark). */
const OWNER_COLOURS = 6;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** True when `d` has the shape of a `ShardMapSummary` (the fields the views read). */
export function isShardMapSummary(d: unknown): d is ShardMapSummary {
  if (!isObject(d)) return false;
  const heat = d.heat;
  const figures = d.figures;
  return (
    typeof d.partitioning === 'string' &&
    typeof d.keySpace === 'number' &&
    Array.isArray(d.shards) &&
    Array.isArray(d.moves) &&
    isObject(heat) &&
    typeof heat.bands === 'number' &&
    Array.isArray(heat.counts) &&
    isObject(figures)
  );
}

/**
 * The shard map the checks publish, or null when none does (another family's lab, or before
 * the first frame). Found by its shape, not by a checker id, so the views need not know which
 * of the family's checkers carries it.
 */
export function shardSummaryOf(
  checks: readonly InvariantStatus[] | undefined,
): ShardMapSummary | null {
  for (const c of checks ?? []) {
    const data = c.summary?.data;
    if (isShardMapSummary(data)) return data;
  }
  return null;
}

const num = (n: number) => Math.round(n).toLocaleString('en-US');

/** A share 0…1 as a whole percentage ("25%"; "<1%" for a little above nothing). */
export function percent(share: number): string {
  if (share > 0 && share < 0.005) return '<1%';
  return `${Math.round(share * 100)}%`;
}

/** Keys lo ≤ k < hi in words: "keys 0–249" (the last key included, as a reader counts). */
export function rangeWords(lo: number, hi: number): string {
  return hi - lo <= 1 ? `key ${num(lo)}` : `keys ${num(lo)}–${num(hi - 1)}`;
}

/** One slice in words: "keys 0–249" or "bucket 2 of 4 (hash mod 4 = 2)". */
export function sliceWords(slice: ShardSlice): string {
  switch (slice.kind) {
    case 'range':
      return rangeWords(slice.lo, slice.hi);
    case 'bucket':
      return `bucket ${slice.bucket} of ${slice.buckets} (hash mod ${slice.buckets} = ${slice.bucket})`;
    default: {
      const never: never = slice;
      return String(never);
    }
  }
}

/** What a server holds, in words: its slices joined, or "nothing (a spare)". */
export function holdsWords(row: ShardRow): string {
  return row.slices.length ? row.slices.map(sliceWords).join(', ') : 'nothing (a spare)';
}

/** The owner colour class of each server: by its place in the map, so a reload keeps it. */
export function ownerClasses(shards: readonly ShardRow[]): ReadonlyMap<string, string> {
  return new Map(shards.map((s, i) => [s.node, `owner-${i % OWNER_COLOURS}`]));
}

/** One piece of the key-space strip: where it starts and how wide it is, as fractions 0…1. */
export interface StripSegment {
  readonly node: string;
  readonly x: number;
  readonly width: number;
  readonly words: string;
  readonly ownerClass: string;
  readonly up: boolean;
}

/**
 * The key-space strip: range slices in key order, each as wide as its share of the key space;
 * hash buckets in bucket order, each an equal part (a bucket holds keys from all over the key
 * space, so the strip is of buckets, and says so).
 */
export function stripSegments(summary: ShardMapSummary): readonly StripSegment[] {
  const colours = ownerClasses(summary.shards);
  const space = Math.max(1, summary.keySpace);
  const segments: StripSegment[] = [];
  for (const row of summary.shards) {
    for (const slice of row.slices) {
      const ownerClass = colours.get(row.node) ?? 'owner-0';
      const base = { node: row.node, words: sliceWords(slice), ownerClass, up: row.up };
      if (slice.kind === 'range') {
        segments.push({ ...base, x: slice.lo / space, width: (slice.hi - slice.lo) / space });
      } else {
        const n = Math.max(1, slice.buckets);
        segments.push({ ...base, x: slice.bucket / n, width: 1 / n });
      }
    }
  }
  return segments.sort((a, b) => a.x - b.x);
}

/** True when the strip is of hash buckets rather than key ranges. */
export const isBucketStrip = (summary: ShardMapSummary): boolean =>
  summary.shards.some((s) => s.slices.some((slice) => slice.kind === 'bucket'));

/** A count of keys in words: "1 key", "312 keys" (a learner reads "1 keys" as a slip). */
export const keysWords = (n: number): string => `${num(n)} key${n === 1 ? '' : 's'}`;

/** A server's load line: "120 req/s · 40% of requests · 312 keys". */
export function loadWords(row: ShardRow): string {
  return `${num(row.requestsPerSec)} req/s · ${percent(row.share)} of requests · ${keysWords(row.keys)}`;
}

/** The busiest server (most requests per second), or null when no server answered any. */
export function busiest(shards: readonly ShardRow[]): ShardRow | null {
  let top: ShardRow | null = null;
  for (const s of shards)
    if (s.requestsPerSec > 0 && (!top || s.requestsPerSec > top.requestsPerSec)) top = s;
  return top;
}

const PHASE_WORDS: Readonly<Record<ShardMove['phase'], string>> = {
  copy: 'copying',
  'catch-up': 'catching up',
  'cut-over': 'cutting over',
  done: 'done',
  aborted: 'aborted',
};

/** Bytes in words: "820 B", "12.4 kB". */
export function bytesWords(bytes: number): string {
  return bytes < 1000 ? `${num(bytes)} B` : `${(bytes / 1000).toFixed(1)} kB`;
}

/** Pieces named in a move's line before the rest are counted ("and 3 more ranges"). */
const PIECES_NAMED = 3;

/**
 * What a move carries in words: each piece ("keys 0–62, 945–999"), the first few and a count of
 * the rest; the span (`slice`) only for a summary from before moves listed their pieces.
 */
export function movedWords(move: ShardMove): string {
  const pieces = move.pieces?.length ? move.pieces : [move.slice];
  if (pieces.length === 1) return sliceWords(pieces[0] ?? move.slice);
  const ranges = pieces.flatMap((p) => (p.kind === 'range' ? [p] : []));
  if (ranges.length !== pieces.length) return pieces.map(sliceWords).join(', ');
  const named = ranges
    .slice(0, PIECES_NAMED)
    .map((r) => (r.hi - r.lo <= 1 ? num(r.lo) : `${num(r.lo)}–${num(r.hi - 1)}`));
  const rest = ranges.length - named.length;
  return `keys ${named.join(', ')}${rest > 0 ? ` and ${rest} more range${rest === 1 ? '' : 's'}` : ''}`;
}

/**
 * A move in words: "keys 750–999 n3 → n4: catching up · 212 keys, 6.1 kB moved · 340 ms so far"
 * (`nowMs` the frame's virtual time, for a move still running). A move of several pieces names
 * them ("keys 0–62, 945–999 n1 → n5"), never the span between them.
 */
export function moveWords(move: ShardMove, nowMs: number): string {
  const took =
    move.endedAt === null
      ? `${num(Math.max(0, nowMs - move.startedAt))} ms so far`
      : `took ${num(move.endedAt - move.startedAt)} ms`;
  return (
    `${movedWords(move)} ${move.from} → ${move.to}: ${PHASE_WORDS[move.phase]} · ` +
    `${keysWords(move.keysMoved)}, ${bytesWords(move.bytesMoved)} moved · ${took}`
  );
}

/** The figures after the last change, each a short line (null figures are left out). */
export function figureLines(summary: ShardMapSummary): readonly { id: string; text: string }[] {
  const f = summary.figures;
  const lines: { id: string; text: string }[] = [];
  if (f.keysMovedFraction !== null)
    lines.push({
      id: 'keys-moved',
      text: `Keys moved: ${percent(f.keysMovedFraction)} of all stored keys`,
    });
  if (f.maxOverMean !== null)
    lines.push({
      id: 'max-mean',
      // Say what is compared: requests per shard over the load window (not keys held), so it
      // is read against the req/s column and not the keys column.
      text: `Max/mean load: ${f.maxOverMean.toFixed(2)} (requests per shard, ${windowWords(summary)})${f.maxOverMean >= 1.5 ? ' — a hot spot' : ''}`,
    });
  if (summary.movedAnswers > 0)
    lines.push({
      id: 'moved',
      text: `Answered “moved”: ${num(summary.movedAnswers)} request${summary.movedAnswers === 1 ? '' : 's'} sent by a stale route`,
    });
  if (summary.routingFailures > 0)
    lines.push({
      id: 'routing-failures',
      text: `Routing failures: ${num(summary.routingFailures)} client operation${summary.routingFailures === 1 ? '' : 's'} found no route to a shard`,
    });
  if (f.lastFanOut !== null)
    lines.push({
      id: 'fan-out',
      text: `Last range query: touched ${f.lastFanOut.touched} of ${f.lastFanOut.of} shard${f.lastFanOut.of === 1 ? '' : 's'}`,
    });
  return lines;
}

/**
 * The load window in words, as the figures are taken: "last 10 s" (whole seconds; "last 0.5 s"
 * while the run is younger than a second). A summary without the field is a second's worth.
 */
export function windowWords(summary: ShardMapSummary): string {
  const ms = summary.loadWindowMs ?? 1000;
  return ms >= 1000 ? `last ${Math.round(ms / 1000)} s` : `last ${(ms / 1000).toFixed(1)} s`;
}

/** The hottest keys in words: "Hottest keys (last 10 s): 333 (60 requests, on n2), 950 (…)". */
export function hotKeyWords(summary: ShardMapSummary): string | null {
  const hot: readonly HotKey[] = summary.hotKeys ?? [];
  if (!hot.length) return null;
  const list = hot
    .slice(0, 3)
    .map(
      (h) =>
        `${num(h.key)} (${num(h.requests)} request${h.requests === 1 ? '' : 's'}, on ${h.node})`,
    )
    .join(', ');
  return `Hottest keys (${windowWords(summary)}): ${list}.`;
}

/** The directory entry with the most requests in the window (the first on a tie), or null. */
export function heaviestEntry(
  entries: readonly DirectoryEntry[] | null | undefined,
): DirectoryEntry | null {
  let top: DirectoryEntry | null = null;
  for (const e of entries ?? []) if (e.requests > 0 && (!top || e.requests > top.requests)) top = e;
  return top;
}

/** The directory's state in words (directory mode), or null in the other modes. */
export function directoryWords(summary: ShardMapSummary): string | null {
  const d = summary.directory;
  if (!d) return null;
  const moved = `${num(d.movedAnswers)} request${d.movedAnswers === 1 ? '' : 's'} answered “moved” (a stale cache)`;
  const failed = summary.routingFailures
    ? ` ${num(summary.routingFailures)} client operation${summary.routingFailures === 1 ? '' : 's'} failed: no route to a shard.`
    : '';
  return d.up
    ? `Directory ${d.node} is up: clients ask it where a key lives and cache the answer. ${moved}.${failed}`
    : `Directory ${d.node} is down: clients with no cached route cannot find a shard (a single point of failure). ${moved}.${failed}`;
}

const PARTITIONING_WORDS: Readonly<Record<ShardMapSummary['partitioning'], string>> = {
  range: 'Range partitioning: each server holds a contiguous range of keys.',
  hash: 'Hash partitioning: a key lives on server hash(key) mod N, so neighbours scatter.',
  directory: 'Directory partitioning: a directory node maps key ranges to servers.',
};

/** One sentence on how keys are placed. */
export const partitioningWords = (summary: ShardMapSummary): string =>
  PARTITIONING_WORDS[summary.partitioning] ?? '';

/** The shard server protocol's id (sharding package): its spares have the role 'spare'. */
export const SHARD_SERVER = 'shard-server';

/** Shard servers in the frame that are up and hold no part of the map (spares), in order. */
export function upSpares(nodes: readonly FrameNode[] | undefined): string[] {
  return (nodes ?? [])
    .filter((n) => n.protocol === SHARD_SERVER && n.role === 'spare')
    .map((n) => n.id);
}

/** Shard servers in the frame that are up and members of the map, in order. */
export function upMembers(nodes: readonly FrameNode[] | undefined): string[] {
  return (nodes ?? [])
    .filter((n) => n.protocol === SHARD_SERVER && n.role !== 'spare' && n.role !== 'down')
    .map((n) => n.id);
}
