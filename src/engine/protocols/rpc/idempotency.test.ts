/**
 * The idempotency-key state machine (Stripe, "Idempotent requests"; IETF
 * draft-ietf-httpapi-idempotency-key-header): execute, replay, in flight (409), different body
 * (422), expired; what survives a crash; and the body hash.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  admit,
  bodyHash,
  complete,
  expireEntries,
  recoverTable,
  type DedupEntry,
} from './idempotency';

const H = bodyHash('withdraw alice 10');
const inFlight: DedupEntry = { state: 'in-flight', bodyHash: H, since: 100 };
const done = complete(inFlight, 'ok: alice 90', 200, 1_000);

describe('idempotency keys: admit', () => {
  it('no entry: execute (and it was not an expired one)', () => {
    expect(admit(undefined, H, 0)).toEqual({ kind: 'execute', expiredEntry: false });
  });

  it('completed, same body, not expired: replay the stored answer', () => {
    expect(done).toEqual({
      state: 'completed',
      bodyHash: H,
      response: 'ok: alice 90',
      completedAt: 200,
      expiresAt: 1_200,
    });
    expect(admit(done, H, 1_199)).toEqual({ kind: 'replay', response: 'ok: alice 90' });
  });

  it('still running: refuse (409), whatever the time', () => {
    expect(admit(inFlight, H, 1e9)).toEqual({ kind: 'in-flight' });
  });

  it('same key, different body: reject (422), running or done', () => {
    const other = bodyHash('withdraw alice 25');
    expect(other).not.toBe(H);
    expect(admit(inFlight, other, 150)).toEqual({ kind: 'mismatch' });
    expect(admit(done, other, 300)).toEqual({ kind: 'mismatch' });
  });

  it('expired: execute again, saying the entry had expired', () => {
    expect(admit(done, H, 1_200)).toEqual({ kind: 'execute', expiredEntry: true });
    expect(admit(done, bodyHash('anything'), 5_000)).toEqual({
      kind: 'execute',
      expiredEntry: true,
    });
  });

  it('as a property: only replay returns an answer, and only for the same body before expiry', () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.string(),
        fc.integer({ min: 0, max: 10_000 }),
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 0, max: 30_000 }),
        (a, b, at, ttl, now) => {
          const entry = complete(
            { state: 'in-flight', bodyHash: bodyHash(a), since: 0 },
            'r',
            at,
            ttl,
          );
          const adm = admit(entry, bodyHash(b), now);
          if (now >= at + ttl) expect(adm.kind).toBe('execute');
          else if (bodyHash(a) !== bodyHash(b)) expect(adm.kind).toBe('mismatch');
          else expect(adm).toEqual({ kind: 'replay', response: 'r' });
        },
      ),
    );
  });
});

describe('idempotency keys: the table over time and across a crash', () => {
  it('expireEntries removes completed entries past expiry, never running ones', () => {
    const table: Record<string, DedupEntry> = { a: done, b: inFlight };
    expect(expireEntries(table, 1_100)).toBe(0);
    expect(expireEntries(table, 1_200)).toBe(1);
    expect(Object.keys(table)).toEqual(['b']);
  });

  it('recoverTable keeps live completed keys and drops in-flight ones (they died with the process)', () => {
    const table = { a: done, b: inFlight, c: complete(inFlight, 'x', 0, 10) };
    expect(recoverTable(table, 500)).toEqual({ a: done });
    expect(table).toHaveProperty('b');
  });

  it('bodyHash is a deterministic 32-bit hash', () => {
    expect(bodyHash('withdraw alice 10')).toBe(H);
    fc.assert(
      fc.property(fc.string(), (s) => {
        const h = bodyHash(s);
        expect(Number.isInteger(h) && h >= 0 && h < 2 ** 32).toBe(true);
      }),
    );
  });
});
