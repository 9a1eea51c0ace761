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

export class Recorder {
  private list: TraceEntry[] = [];
  /** Global index of list[0]: entries before it have been let go. */
  private base = 0;
  private readonly hasher = new TraceHasher();
  /** Counts truncations, so indexes over the trace know to rebuild. */
  generation = 0;

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
    this.hasher.state = mark.hash;
  }
}
