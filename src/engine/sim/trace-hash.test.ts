import { describe, expect, it } from 'vitest';
import type { TraceEntry } from './trace';
import { EMPTY_HASH, ENTRY_FIELDS, hashHex, hashUpdate, TraceHasher } from './trace-hash';

const hashOf = (parts: string[]) => hashHex(parts.reduce(hashUpdate, EMPTY_HASH));

const hashEntries = (entries: readonly TraceEntry[]) => {
  const h = new TraceHasher();
  for (const e of entries) h.entry(e);
  return hashHex(h.state);
};

const send: TraceEntry = {
  i: 7,
  t: 12.5,
  k: 'send',
  node: 'n1',
  to: 'n2',
  msg: 3,
  kind: 'AppendEntries',
  payload: { type: 'AppendEntries', term: 2, entries: [{ term: 2, value: 'x' }], ok: true },
  cause: 4,
  deliverAt: 31.25,
};

describe('the trace hash', () => {
  it('is equal for equal sequences and 16 hex digits long', () => {
    expect(hashOf(['a', 'bc'])).toBe(hashOf(['a', 'bc']));
    expect(hashOf(['a'])).toMatch(/^[0-9a-f]{16}$/);
    expect(hashEntries([send])).toBe(hashEntries([structuredClone(send)]));
  });

  it('depends on order and on where entries begin and end', () => {
    expect(hashOf(['a', 'b'])).not.toBe(hashOf(['b', 'a']));
    expect(hashOf(['ab', 'c'])).not.toBe(hashOf(['a', 'bc']));
    expect(hashOf([])).not.toBe(hashOf(['']));
    const timer: TraceEntry = { i: 8, t: 13, k: 'timer', node: 'n1', name: 'heartbeat' };
    expect(hashEntries([send, timer])).not.toBe(hashEntries([timer, send]));
  });

  it("covers every field of an entry and everything in a message's payload", () => {
    const base = hashEntries([send]);
    const variants: TraceEntry[] = [
      { ...send, i: 8 },
      { ...send, t: 12.500001 },
      { ...send, node: 'n3' },
      { ...send, to: 'n3' },
      { ...send, msg: 4 },
      { ...send, kind: 'AppendEntriesX' },
      { ...send, cause: 5 },
      { ...send, deliverAt: 31.5 },
      { ...send, duplicateOf: 2 },
      { ...send, payload: { type: 'AppendEntries', term: 2, entries: [], ok: true } },
      {
        ...send,
        payload: { type: 'AppendEntries', term: '2', entries: [{ term: 2, value: 'x' }] },
      },
      { ...send, payload: { type: 'AppendEntries', term: 2, entries: [{ term: 2, value: 'y' }] } },
      { ...send, payload: { type: 'AppendEntries', terms: 2, entries: [{ term: 2, value: 'x' }] } },
      { ...send, payload: { type: 'AppendEntries', term: 2, entries: [{ term: 2, value: 'x' }] } },
      { ...send, payload: { type: 'AppendEntries', term: 2, entries: {}, ok: true } },
      { ...send, payload: { type: 'AppendEntries', term: 2, entries: null, ok: true } },
      { ...send, payload: { type: 'AppendEntries', term: 2.5, entries: null, ok: true } },
      { ...send, payload: { type: 'AppendEntries', term: 2, entries: null, ok: false } },
    ];
    const hashes = variants.map((v) => hashEntries([v]));
    expect(hashes).not.toContain(base);
    expect(new Set(hashes).size).toBe(hashes.length);
  });

  it('counts every field of every kind of entry', () => {
    for (const [kind, fields] of Object.entries(ENTRY_FIELDS)) {
      const base: Record<string, unknown> = { i: 1, t: 2, k: kind };
      for (const f of fields) base[f] = `value of ${f}`;
      const hashes = [hashEntries([base as unknown as TraceEntry])];
      for (const f of ['i', 't', ...fields]) {
        hashes.push(hashEntries([{ ...base, [f]: 3 } as unknown as TraceEntry]));
      }
      expect(new Set(hashes).size, kind).toBe(hashes.length);
    }
  });

  it('tells apart entries of different kinds with the same values', () => {
    const a: TraceEntry = { i: 1, t: 1, k: 'crash', node: 'n1' };
    const b: TraceEntry = { i: 1, t: 1, k: 'pause', node: 'n1' };
    const c: TraceEntry = { i: 1, t: 1, k: 'net', text: 'n1' };
    expect(new Set([a, b, c].map((e) => hashEntries([e]))).size).toBe(3);
  });

  it('restarts from a saved state', () => {
    const h = new TraceHasher();
    h.entry(send);
    const mark = h.state;
    h.entry({ ...send, i: 8 });
    const after = hashHex(h.state);
    h.state = mark;
    h.entry({ ...send, i: 8 });
    expect(hashHex(h.state)).toBe(after);
  });
});
