/**
 * The append-only trace and its running hash. Memory is bounded: only the most recent
 * `retain` entries are kept (the hash covers all of them), so a long run stays flat;
 * seeking to an older moment restores a checkpoint and replays, which rewrites the entries.
 */
import { hashHex, TraceHasher, type HashState } from './trace-hash';
import type { NewEntry, TraceEntry } from './trace';

export const DEFAULT_RETAINED_ENTRIES = 200_000;

export interface TraceMark {
  readonly length: number;
  readonly hash: HashState;
}

/**
 * Where a consumer of the trace has read up to: the index of the next entry it has not seen
 * and the recorder's generation (count of truncations) when it read. Plain data: keep it and
 * hand it back to `Recorder.tail`.
 */
export interface TraceCursor {
  readonly next: number;
  readonly generation: number;
}

/** What happened to the trace since a cursor (`Recorder.tail`). */
export interface TraceTail {
  /**
   * True when the run went back since the cursor: a seek or a branch truncated the trace
   * below `cursor.next`, so entries the consumer saw at `validBelow` and after were replaced
   * (even if the trace has since grown past its old length again).
   */
  readonly wentBack: boolean;
  /** Entries the consumer saw with an index below this are still the run's; the rest are not. */
  readonly validBelow: number;
  /**
   * The entries from `validBelow` on (oldest first), fewer when old ones were let go or
   * `max` asked for only the latest. Do not keep the array across calls' mutations: it is a copy.
   */
  readonly entries: readonly TraceEntry[];
  /** The cursor to pass next time. */
  readonly cursor: TraceCursor;
}

/** A cursor before the first entry: its first tail is the whole trace still kept. */
export const TRACE_START: TraceCursor = { next: 0, generation: 0 };

/** Truncation points remembered for cursors; a cursor older than these rereads everything. */
const REMEMBERED_CUTS = 256;

export class Recorder {
  private list: TraceEntry[] = [];
  /** Global index of list[0]: entries before it have been let go. */
  private base = 0;
  private readonly hasher = new TraceHasher();
  /** Counts truncations, so indexes over the trace know to rebuild. */
  generation = 0;
  /** The length each recent truncation left: cuts[k] belongs to generation cutsFrom + k + 1. */
  private cuts: number[] = [];
  private cutsFrom = 0;

  constructor(private readonly retain = DEFAULT_RETAINED_ENTRIES) {}

  append(entry: NewEntry): TraceEntry {
    // The world hands over a fresh object: number it in place rather than copy it.
    const full = entry as TraceEntry;
    full.i = this.base + this.list.length;
    this.list.push(full);
    this.hasher.entry(full);
    // Trim in chunks, so the cost of shifting the array is spread thin.
    if (this.list.length > this.retain + (this.retain >> 2)) {
      const excess = this.list.length - this.retain;
      this.list.splice(0, excess);
      this.base += excess;
    }
    return full;
  }

  /** How many entries the run has written in all (including ones no longer kept). */
  get length(): number {
    return this.base + this.list.length;
  }

  /** Index of the oldest entry still kept. */
  get firstKept(): number {
    return this.base;
  }

  /** The entries still kept, oldest first; entry i is at position i - firstKept. */
  get entries(): readonly TraceEntry[] {
    return this.list;
  }

  at(i: number): TraceEntry | undefined {
    return i >= this.base ? this.list[i - this.base] : undefined;
  }

  /** Entries from virtual time `from` (ms) on, at most `max` (the latest kept), oldest first. */
  since(from: number, max = 2000): TraceEntry[] {
    const out: TraceEntry[] = [];
    for (let i = this.length - 1; i >= this.base && out.length < max; i--) {
      const e = this.at(i);
      if (!e || e.t < from) break;
      out.push(e);
    }
    return out.reverse();
  }

  /** A cursor at the end of the trace now: its next tail holds only what is written after. */
  cursor(): TraceCursor {
    return { next: this.length, generation: this.generation };
  }

  /**
   * The one way consumers follow the trace: what was written since `cursor`, and whether the
   * run went back meanwhile (see TraceTail). `max` keeps only the latest entries, for consumers
   * that summarise a long fast-forward by its end. Cost: O(entries returned).
   */
  tail(cursor: TraceCursor = TRACE_START, max = Infinity): TraceTail {
    const cut = this.lowestCutSince(cursor.generation);
    const wentBack = cut < cursor.next;
    const validBelow = wentBack ? cut : cursor.next;
    const from = Math.max(validBelow, this.base, this.length - max);
    return {
      wentBack,
      validBelow,
      entries: this.list.slice(from - this.base),
      cursor: this.cursor(),
    };
  }

  /** The shortest length any truncation after `generation` left (Infinity: none happened). */
  private lowestCutSince(generation: number): number {
    if (generation >= this.generation) return Infinity;
    // Too old to tell which entries survived: treat them all as replaced.
    if (generation < this.cutsFrom) return 0;
    let lowest = Infinity;
    for (let k = generation - this.cutsFrom; k < this.cuts.length; k++)
      lowest = Math.min(lowest, this.cuts[k] ?? 0);
    return lowest;
  }

  hash(): string {
    return hashHex(this.hasher.state);
  }

  mark(): TraceMark {
    return { length: this.length, hash: this.hasher.state };
  }

  /** Forget everything after a mark (seeking back): replay writes it again, identically. */
  truncate(mark: TraceMark): void {
    if (mark.length >= this.base) {
      this.list.length = mark.length - this.base;
    } else {
      this.list = [];
      this.base = mark.length;
    }
    this.generation++;
    this.cuts.push(mark.length);
    if (this.cuts.length > REMEMBERED_CUTS) {
      this.cuts.shift();
      this.cutsFrom++;
    }
    this.hasher.state = mark.hash;
  }
}
