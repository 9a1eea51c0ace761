/** The append-only trace and its running hash. */
import { EMPTY_HASH, hashHex, hashUpdate, type HashState } from './trace-hash';
import type { NewEntry, TraceEntry } from './trace';

export class Recorder {
  private list: TraceEntry[] = [];
  private hashState: HashState = EMPTY_HASH;
  /** Counts truncations, so indexes over the trace know to rebuild. */
  generation = 0;

  append(entry: NewEntry): TraceEntry {
    // The world hands over a fresh object: number it in place rather than copy it.
    const full = entry as TraceEntry;
    full.i = this.list.length;
    this.list.push(full);
    this.hashState = hashUpdate(this.hashState, JSON.stringify(full));
    return full;
  }

  get length(): number {
    return this.list.length;
  }

  get entries(): readonly TraceEntry[] {
    return this.list;
  }

  at(i: number): TraceEntry | undefined {
    return this.list[i];
  }

  hash(): string {
    return hashHex(this.hashState);
  }

  mark(): { length: number; hash: HashState } {
    return { length: this.list.length, hash: this.hashState };
  }

  /** Forget everything after a mark (seeking back): replay writes it again, identically. */
  truncate(mark: { length: number; hash: HashState }): void {
    this.list.length = mark.length;
    this.generation++;
    this.hashState = mark.hash;
  }
}
