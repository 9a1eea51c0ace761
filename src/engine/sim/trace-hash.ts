/**
 * A running 64-bit hash of the trace, kept as two 32-bit lanes that mix differently.
 * Entries are hashed by walking their values — every field, key, string, number and
 * nesting level, each tagged with its type and length — rather than by hashing their JSON
 * text: the same coverage, without building a string per event. Equal traces give equal
 * hashes; the state can be saved and restored with a checkpoint, so seeking does not rehash
 * the whole past. Not for adversaries: it tells runs apart, it does not authenticate them.
 */
import type { TraceEntry, TraceKind } from './trace';

export type HashState = readonly [number, number];

export const EMPTY_HASH: HashState = [0x811c9dc5, 0x050c5d1f];

// Type tags, so that 1 and "1", [] and {}, null and false never feed the same words.
const NULL = 1;
const FALSE = 2;
const TRUE = 3;
const INT = 4;
const FLOAT = 5;
const STRING = 6;
const ARRAY = 7;
const OBJECT = 8;
const UNDEFINED = 9;
const END = 10;
const OTHER = 11;
const ENTRY = 12;

/** An entry of one kind (the crash-like kinds share one shape). */
type EntryOf<K extends TraceKind> = TraceEntry extends infer E
  ? E extends TraceEntry
    ? K extends E['k']
      ? E
      : never
    : never
  : never;
type FieldOf<K extends TraceKind> = Exclude<keyof EntryOf<K>, 'i' | 't' | 'k'>;

/** Each kind's fields beyond i, t and k, in hashing order. */
export const ENTRY_FIELDS = {
  boot: ['node', 'incarnation', 'recovered'],
  send: ['node', 'to', 'msg', 'kind', 'payload', 'cause', 'deliverAt', 'duplicateOf'],
  deliver: ['node', 'from', 'msg', 'kind'],
  drop: ['node', 'from', 'msg', 'kind', 'reason'],
  held: ['node', 'from', 'msg', 'kind'],
  timer: ['node', 'name'],
  action: ['node', 'action'],
  crash: ['node'],
  restart: ['node'],
  pause: ['node'],
  resume: ['node'],
  fault: ['node', 'error', 'cause'],
  log: ['node', 'text', 'cause', 'marker', 'fact'],
  op: ['node', 'op', 'cause'],
  net: ['text'],
  clock: ['node', 'skewMs', 'drift'],
  intervene: ['node', 'msg', 'what', 'byMs'],
  disk: ['node', 'fault', 'text'],
} as const satisfies { readonly [K in TraceKind]: readonly FieldOf<K>[] };

/** Fails to compile when a kind gains a field the hash would not cover. */
type Unhashed = {
  [K in TraceKind]: Exclude<FieldOf<K>, (typeof ENTRY_FIELDS)[K][number]>;
}[TraceKind];
const everyFieldHashed: [Unhashed] extends [never] ? true : Unhashed = true;
void everyFieldHashed;

// The two lanes: a multiply-xorshift and FNV with a shift that carries high bits down.
const mix1 = (h: number, w: number): number => {
  const m = Math.imul(h ^ w, 0x5bd1e995);
  return m ^ (m >>> 13);
};
const mix2 = (h: number, w: number): number => Math.imul(h ^ w, 0x01000193) ^ (h >>> 15);

/**
 * Object keys repeat (every message of a kind has the same ones), so each distinct key's
 * 64-bit hash is worked out once and fed as two words.
 */
const keyHashes = new Map<string, readonly [number, number]>();
const MAX_KEY_HASHES = 4096;

function hashKey(k: string): readonly [number, number] {
  let a = 0x9747b28c ^ k.length;
  let b = 0x2545f491 ^ k.length;
  for (let i = 0; i < k.length; i++) {
    a = mix1(a, k.charCodeAt(i));
    b = mix2(b, k.charCodeAt(i));
  }
  return [a, b];
}

const float = new Float64Array(1);
const floatWords = new Int32Array(float.buffer);

export class TraceHasher {
  private h1: number;
  private h2: number;

  constructor(state: HashState = EMPTY_HASH) {
    this.h1 = state[0];
    this.h2 = state[1];
  }

  get state(): HashState {
    return [this.h1 >>> 0, this.h2 >>> 0];
  }

  set state(s: HashState) {
    this.h1 = s[0];
    this.h2 = s[1];
  }

  /** Feed one 32-bit word to both lanes. */
  private word(w: number): void {
    this.h1 = mix1(this.h1, w);
    this.h2 = mix2(this.h2, w);
  }

  private string(s: string): void {
    const n = s.length;
    let h1 = mix1(this.h1, (n << 4) | STRING);
    let h2 = mix2(this.h2, (n << 4) | STRING);
    let i = 0;
    for (; i + 1 < n; i += 2) {
      const w = s.charCodeAt(i) | (s.charCodeAt(i + 1) << 16);
      h1 = mix1(h1, w);
      h2 = mix2(h2, w);
    }
    if (i < n) {
      h1 = mix1(h1, s.charCodeAt(i));
      h2 = mix2(h2, s.charCodeAt(i));
    }
    this.h1 = h1;
    this.h2 = h2;
  }

  /** A key of a JSON object, by its own hash (see keyHashes). */
  private key(k: string): void {
    let h = keyHashes.get(k);
    if (h === undefined) {
      h = hashKey(k);
      if (keyHashes.size < MAX_KEY_HASHES) keyHashes.set(k, h);
    }
    this.word(h[0]);
    this.word(h[1]);
  }

  private number(v: number): void {
    if ((v | 0) === v) {
      this.word(INT);
      this.word(v);
    } else {
      float[0] = v;
      this.word(FLOAT);
      this.word(floatWords[0] as number);
      this.word(floatWords[1] as number);
    }
  }

  /** Any value a trace entry holds: JSON data, plus undefined. */
  value(v: unknown): void {
    switch (typeof v) {
      case 'string':
        this.string(v);
        return;
      case 'number':
        this.number(v);
        return;
      case 'boolean':
        this.word(v ? TRUE : FALSE);
        return;
      case 'undefined':
        this.word(UNDEFINED);
        return;
      case 'object': {
        if (v === null) {
          this.word(NULL);
          return;
        }
        if (Array.isArray(v)) {
          const n = v.length;
          this.word((n << 4) | ARRAY);
          for (let i = 0; i < n; i++) this.value(v[i]);
          return;
        }
        this.word(OBJECT);
        const o = v as Record<string, unknown>;
        // for…in, not Object.keys: no array per object. Entries are plain data, so
        // every enumerable key is an own key.
        for (const key in o) {
          this.key(key);
          this.value(o[key]);
        }
        this.word(END);
        return;
      }
      default:
        // Not JSON (a bigint, say): its text, tagged apart from strings.
        this.word(OTHER);
        this.string(String(v));
    }
  }

  /**
   * One whole entry: its index, time and kind, then its kind's fields in ENTRY_FIELDS'
   * order (their names need no hashing: the kind fixes them). The tag marks where it
   * begins, so entries cannot run together. The kinds nearly every event writes are
   * spelled out (plain property reads are quicker than a table's); the test checks that
   * every field of every kind counts.
   */
  entry(e: TraceEntry): void {
    this.word(ENTRY);
    this.number(e.i);
    this.number(e.t);
    this.string(e.k);
    switch (e.k) {
      case 'send':
        this.string(e.node);
        this.string(e.to);
        this.number(e.msg);
        this.string(e.kind);
        this.value(e.payload);
        this.number(e.cause);
        this.number(e.deliverAt);
        this.value(e.duplicateOf);
        return;
      case 'deliver':
      case 'held':
        this.string(e.node);
        this.string(e.from);
        this.number(e.msg);
        this.string(e.kind);
        return;
      case 'timer':
        this.string(e.node);
        this.string(e.name);
        return;
      default: {
        const fields: readonly string[] = ENTRY_FIELDS[e.k];
        const record = e as unknown as Record<string, unknown>;
        for (let f = 0; f < fields.length; f++) this.value(record[fields[f] as string]);
      }
    }
  }

  /** A text taken as a whole entry (kept for tests and tools that hash text). */
  text(t: string): void {
    this.word(ENTRY);
    this.string(t);
  }
}

export function hashUpdate(state: HashState, text: string): HashState {
  const h = new TraceHasher(state);
  h.text(text);
  return h.state;
}

export function hashHex(state: HashState): string {
  return (
    (state[0] >>> 0).toString(16).padStart(8, '0') + (state[1] >>> 0).toString(16).padStart(8, '0')
  );
}
