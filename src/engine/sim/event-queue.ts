/**
 * The simulator's agenda: a binary min-heap ordered by (time, seq). `seq` is a counter the
 * engine assigns when it schedules an event, so two events at the same virtual time are
 * always taken in the order they were scheduled: ties never depend on heap layout.
 */

export interface Scheduled {
  readonly time: number;
  readonly seq: number;
}

export function before(x: Scheduled, y: Scheduled): boolean {
  return x.time < y.time || (x.time === y.time && x.seq < y.seq);
}

export class EventQueue<T extends Scheduled> {
  private heap: T[] = [];

  get size(): number {
    return this.heap.length;
  }

  peek(): T | undefined {
    return this.heap[0];
  }

  push(item: T): void {
    const heap = this.heap;
    heap.push(item);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent] as T;
      if (!before(item, p)) break;
      heap[i] = p;
      i = parent;
    }
    heap[i] = item;
  }

  pop(): T | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (heap.length === 0 || last === undefined) return top;
    let i = 0;
    const n = heap.length;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      let child = l;
      if (r < n && before(heap[r] as T, heap[l] as T)) child = r;
      if (!before(heap[child] as T, last)) break;
      heap[i] = heap[child] as T;
      i = child;
    }
    heap[i] = last;
    return top;
  }

  /** Every queued item, in no particular order (for checkpoints). */
  items(): readonly T[] {
    return this.heap;
  }

  /** Replace the contents (restoring a checkpoint). */
  reset(items: readonly T[]): void {
    this.heap = [];
    for (const item of items) this.push(item);
  }
}
